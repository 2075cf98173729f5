package model

import (
	"reflect"
	"time"
)

var (
	dateType = reflect.TypeFor[Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// ShiftDays moves every date and time of p by days: every Date and
// time.Time field, wherever it sits in the pilot (rings, risks, drills,
// ticks, sign-offs, reviews, the plan, the calendar's freezes…), found by
// reflection so a field added later moves too. Zero dates stay zero. The
// RRULE strings of change windows are text, not dates: rollout shifts
// their DTSTART (the demo loader does both).
func (p *Pilot) ShiftDays(days int) {
	if p == nil || days == 0 {
		return
	}
	shiftValue(reflect.ValueOf(p).Elem(), days)
}

func shiftValue(v reflect.Value, days int) {
	if v.Type() == dateType {
		if d := Date(v.Int()); !d.IsZero() && v.CanSet() {
			v.SetInt(int64(d.AddDays(days)))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			shiftValue(v.Elem(), days)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t := v.Interface().(time.Time); !t.IsZero() && v.CanSet() {
				v.Set(reflect.ValueOf(t.AddDate(0, 0, days)))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				shiftValue(v.Field(i), days)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			shiftValue(v.Index(i), days)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			shiftValue(e, days)
			v.SetMapIndex(k, e)
		}
	}
}

package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// fill sets every Date to day, every time.Time to at and gives every
// slice, map and pointer one element, recursively, so no dated field of a
// Pilot is left out; it returns the paths of the dated fields it set.
func fill(v reflect.Value, path string, day Date, at time.Time, seen map[reflect.Type]int) []string {
	if v.Type() == dateType {
		v.SetInt(int64(day))
		return []string{path}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if seen[v.Type()] > 1 {
			return nil
		}
		seen[v.Type()]++
		defer func() { seen[v.Type()]-- }()
		v.Set(reflect.New(v.Type().Elem()))
		return fill(v.Elem(), path, day, at, seen)
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(at))
			return []string{path}
		}
		var out []string
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				out = append(out, fill(v.Field(i), path+"."+f.Name, day, at, seen)...)
			}
		}
		return out
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		return fill(v.Index(0), path+"[0]", day, at, seen)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		if k.Kind() == reflect.String {
			k.SetString("k")
		}
		e := reflect.New(v.Type().Elem()).Elem()
		out := fill(e, path+"[k]", day, at, seen)
		m.SetMapIndex(k, e)
		v.Set(m)
		return out
	}
	return nil
}

// collect lists every dated field of v with its value, by path.
func collect(v reflect.Value, path string, out map[string]string) {
	if v.Type() == dateType {
		out[path] = Date(v.Int()).String()
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			collect(v.Elem(), path, out)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			out[path] = v.Interface().(time.Time).Format(time.RFC3339)
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				collect(v.Field(i), path+"."+f.Name, out)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			collect(v.Index(i), path+"[0]", out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			collect(v.MapIndex(k), path+"[k]", out)
		}
	}
}

// Every dated field of a Pilot, present now or added later, moves with
// ShiftDays: filled by reflection, shifted by 3 days, each must read
// 2026-01-04 (from 2026-01-01) or 2026-01-04T10:00:00Z.
func TestShiftDaysMovesEveryDatedField(t *testing.T) {
	t.Parallel()
	var p Pilot
	paths := fill(reflect.ValueOf(&p).Elem(), "Pilot", MustDate("2026-01-01"), time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), map[reflect.Type]int{})
	if len(paths) < 15 {
		t.Fatalf("found only %d dated fields: %v", len(paths), paths)
	}
	p.ShiftDays(3)
	got := map[string]string{}
	collect(reflect.ValueOf(p), "Pilot", got)
	for _, path := range paths {
		if v := got[path]; v != "2026-01-04" && v != "2026-01-04T10:00:00Z" {
			t.Errorf("%s = %s after ShiftDays(3), want it moved 3 days", path, v)
		}
	}
	var names []string
	for _, path := range paths {
		names = append(names, path[strings.LastIndex(path, ".")+1:])
	}
	for _, want := range []string{"StageSince", "Start", "Due", "Date", "At", "From", "To"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("no dated field %s found: %v", want, names)
		}
	}
	var zero Pilot
	zero.ShiftDays(3) // zero dates stay zero
	if !reflect.DeepEqual(zero, Pilot{}) {
		t.Errorf("zero pilot changed: %+v", zero)
	}
}

// Canonical is idempotent and does not depend on where a pilot came from.
func TestCanonicalIsIdempotent(t *testing.T) {
	t.Parallel()
	var p Pilot
	fill(reflect.ValueOf(&p).Elem(), "Pilot", MustDate("2026-01-01"), time.Date(2026, 1, 1, 10, 0, 0, 5e8, time.FixedZone("x", 3600)), map[reflect.Type]int{})
	once := p.Canonical()
	if twice := once.Canonical(); !reflect.DeepEqual(once, twice) {
		t.Errorf("Canonical of a canonical pilot changed it:\n%+v\n%+v", once, twice)
	}
	if at := once.Signoffs[0].At; at.Location() != time.UTC || at.Nanosecond() != 0 {
		t.Errorf("sign-off time not UTC to the second: %v", at)
	}
}

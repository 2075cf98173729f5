package rollout

import (
	"time"

	"ringside/model"
)

// searchDays bounds every day-by-day search: 400 years, one full cycle of
// the Gregorian calendar, so a rule that matches at all matches inside it.
const searchDays = 146097

// Matches reports whether the rule selects calendar day d.
func (r Rule) Matches(d model.Date) bool {
	if r.IsZero() || !r.DTStart.IsZero() && d < r.DTStart {
		return false
	}
	t := d.Time()
	y, m, dom := t.Date()
	wd := t.Weekday()
	if !r.onInterval(d, y, m) {
		return false
	}
	if len(r.ByDay) > 0 && !r.matchesByDay(wd, dom, daysIn(y, m)) {
		return false
	}
	if len(r.ByMonthDay) > 0 && !matchesMonthDay(r.ByMonthDay, dom, daysIn(y, m)) {
		return false
	}
	// With no BY part, the anchor's weekday or day of the month repeats.
	if r.Freq == Weekly && len(r.ByDay) == 0 {
		return wd == r.DTStart.Time().Weekday()
	}
	if r.Freq == Monthly && len(r.ByDay) == 0 && len(r.ByMonthDay) == 0 {
		return dom == r.DTStart.Time().Day()
	}
	return true
}

// onInterval reports whether d lies in a selected day, week or month.
func (r Rule) onInterval(d model.Date, y int, m time.Month) bool {
	if r.Interval <= 1 || r.DTStart.IsZero() {
		return true
	}
	var n int
	switch r.Freq {
	case Daily:
		n = int(d - r.DTStart)
	case Weekly:
		n = weekIndex(d) - weekIndex(r.DTStart)
	case Monthly:
		sy, sm, _ := r.DTStart.Time().Date()
		n = (y*12 + int(m)) - (sy*12 + int(sm))
	}
	return n%r.Interval == 0
}

// weekIndex numbers Monday-based weeks (RFC 5545's default WKST=MO);
// 1970-01-01 was a Thursday, so Monday 1969-12-29 is day -3.
func weekIndex(d model.Date) int {
	n := int(d) + 3
	if n < 0 {
		return (n - 6) / 7
	}
	return n / 7
}

func (r Rule) matchesByDay(wd time.Weekday, dom, dim int) bool {
	for _, b := range r.ByDay {
		if b.Weekday != wd {
			continue
		}
		switch {
		case b.N == 0:
			return true
		case b.N > 0 && (dom-1)/7+1 == b.N:
			return true
		case b.N < 0 && (dim-dom)/7+1 == -b.N:
			return true
		}
	}
	return false
}

func matchesMonthDay(days []int, dom, dim int) bool {
	for _, n := range days {
		if n == dom || n < 0 && dim+1+n == dom {
			return true
		}
	}
	return false
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// anchor is where searches for a rule's first day start.
func (r Rule) anchor() model.Date {
	if !r.DTStart.IsZero() {
		return r.DTStart
	}
	return model.MustDate("2000-01-01")
}

// firstMatch returns the first day on or after from that the rule selects,
// looking at most limit days ahead.
func (r Rule) firstMatch(from model.Date, limit int) (model.Date, bool) {
	if !r.DTStart.IsZero() && from < r.DTStart {
		from = r.DTStart
	}
	for d := from; d < from+model.Date(limit); d++ {
		if r.Matches(d) {
			return d, true
		}
	}
	return 0, false
}

package rollout

import "time"

// wallTime returns the instant at which the clock in loc shows h:m on the
// given day, following RFC 5545 §3.3.5: a time that occurs twice (fall back)
// is its first occurrence; a time that does not occur (spring forward) is
// read with the UTC offset in force before the gap, so 02:30 becomes 03:30.
// time.Date leaves both cases unspecified, so they are resolved here.
func wallTime(y int, mo time.Month, d, h, m int, loc *time.Location) time.Time {
	wall := time.Date(y, mo, d, h, m, 0, 0, time.UTC)
	offsetAt := func(t time.Time) time.Duration {
		_, off := t.In(loc).Zone()
		return time.Duration(off) * time.Second
	}
	// The offsets in force a day either side cover any one transition.
	before := offsetAt(wall.Add(-24 * time.Hour))
	var best time.Time
	for _, off := range []time.Duration{before, offsetAt(wall), offsetAt(wall.Add(24 * time.Hour))} {
		t := wall.Add(-off)
		ly, lmo, ld := t.In(loc).Date()
		lh, lm, _ := t.In(loc).Clock()
		if ly == y && lmo == mo && ld == d && lh == h && lm == m && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		best = wall.Add(-before)
	}
	return best.In(loc)
}

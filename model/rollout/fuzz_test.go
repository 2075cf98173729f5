package rollout

import (
	"errors"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// FuzzParseRule: ParseRule never panics; a refusal wraps ErrRule and
// carries no raw control character; an accepted rule round-trips through
// its canonical form, and its openings (in Berlin, across DST changes) come
// strictly later each time, each on a day the rule selects.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"FREQ=DAILY",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06",
		"FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=MONTHLY;BYMONTHDAY=1,15,-1",
		"FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=5;DTSTART=2026-02-01",
		"RRULE:FREQ=DAILY;BYDAY=MO,WE;BYMONTHDAY=-1",
		"FREQ=MONTHLY;BYDAY=5MO;INTERVAL=12;DTSTART=2026-02-01",
		"FREQ=DAILY;INTERVAL=99;DTSTART=9999-12-31",
		"FREQ=WEEKLY;BYDAY=2TU",
		"FREQ=DAILY;BYDAY=\x1b",
		";;=;FREQ",
	} {
		f.Add(s, "02:30")
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s, start string) {
		r, err := ParseRule(s)
		if err != nil {
			if !errors.Is(err, ErrRule) {
				t.Fatalf("error does not wrap ErrRule: %v", err)
			}
			if model.HasControl(err.Error()) || strings.ContainsAny(err.Error(), "\n\t") {
				t.Fatalf("error carries a control character: %q", err)
			}
			return
		}
		again, err := ParseRule(r.Canonical())
		if err != nil || again.Canonical() != r.Canonical() {
			t.Fatalf("canonical %q does not round-trip: %v", r.Canonical(), err)
		}
		if _, _, err := parseClock(start); err != nil {
			start = "02:30"
		}
		w := Window{Name: "w", Rule: r, Start: start, Duration: time.Hour, Zone: "Europe/Berlin"}
		if errs := w.Validate(); errs != nil {
			t.Fatalf("accepted rule makes an invalid window: %v", errs)
		}
		loc, _ := LoadZone(w.Zone)
		prev := from
		for _, o := range (Calendar{Windows: []Window{w}}).Next(from, 12) {
			if !o.Start.After(prev) {
				t.Fatalf("%s: opening %v does not come after %v", s, o.Start, prev)
			}
			if !r.Matches(model.DateOf(o.Start.In(loc))) {
				t.Fatalf("%s: opening %v is on a day the rule does not select", s, o.Start)
			}
			prev = o.Start
		}
	})
}

package rollout

import (
	"strings"
	"testing"
	"time"

	"ringside/model"
)

const berlin = "Europe/Berlin"

func mustRule(t *testing.T, s string) Rule {
	t.Helper()
	r, err := ParseRule(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// starts lists the openings' starts as RFC 3339 in their own zone.
func starts(occ []Occurrence) string {
	var out []string
	for _, o := range occ {
		s := o.Start.Format(time.RFC3339)
		if o.Frozen {
			s += " frozen:" + o.Freeze
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestNextAcrossDST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rule, start string
		dur               time.Duration
		from              string
		want              string
	}{
		// Berlin leaves CET (+01:00) for CEST (+02:00) at 02:00 on 2026-03-29.
		// 18:00 stays 18:00 local: 17:00Z on the 28th, 16:00Z on the 29th,
		// 23 hours apart.
		{"evening, spring forward", "FREQ=DAILY", "18:00", 2 * time.Hour, "2026-03-27T12:00:00Z",
			"2026-03-27T18:00:00+01:00 2026-03-28T18:00:00+01:00 2026-03-29T18:00:00+02:00 2026-03-30T18:00:00+02:00"},
		// Back to CET at 03:00 CEST on 2026-10-25: 25 hours between these two.
		{"evening, fall back", "FREQ=DAILY", "18:00", 2 * time.Hour, "2026-10-24T12:00:00Z",
			"2026-10-24T18:00:00+02:00 2026-10-25T18:00:00+01:00"},
		// 02:30 does not exist on 2026-03-29 (02:00 jumps to 03:00). RFC 5545
		// reads it with the offset before the gap: 02:30 − 1 h = 01:30Z,
		// which is 03:30 CEST.
		{"02:30 on spring-forward day", "FREQ=DAILY", "02:30", time.Hour, "2026-03-28T00:00:00Z",
			"2026-03-28T02:30:00+01:00 2026-03-29T03:30:00+02:00 2026-03-30T02:30:00+02:00"},
		// 02:30 happens twice on 2026-10-25; the first is CEST, 00:30Z.
		{"02:30 on fall-back day", "FREQ=DAILY", "02:30", time.Hour, "2026-10-24T00:00:00Z",
			"2026-10-24T02:30:00+02:00 2026-10-25T02:30:00+02:00 2026-10-26T02:30:00+01:00"},
		// Every second Tuesday from 2026-03-17: the 31st is after the change.
		{"fortnightly train over the change", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-03-17", "18:00", 2 * time.Hour, "2026-03-01T00:00:00Z",
			"2026-03-17T18:00:00+01:00 2026-03-31T18:00:00+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Calendar{Windows: []Window{{Name: "w", Rule: mustRule(t, tt.rule), Start: tt.start, Duration: tt.dur, Zone: berlin}}}
			got := c.Next(mustTime(t, tt.from), len(strings.Fields(tt.want)))
			if s := starts(got); s != tt.want {
				t.Errorf("starts:\n got %s\nwant %s", s, tt.want)
			}
			for _, o := range got {
				if o.End.Sub(o.Start) != tt.dur {
					t.Errorf("%v lasts %v, want %v of elapsed time", o.Start, o.End.Sub(o.Start), tt.dur)
				}
			}
		})
	}
}

// train is every second Tuesday 18:00–20:00 in Berlin from 2026-11-17:
// 11-17, 12-01, 12-15, 12-29, 2027-01-12.
func train(t *testing.T) Window {
	return Window{Name: "Release train", Rule: mustRule(t, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-17"),
		Start: "18:00", Duration: 2 * time.Hour, Zone: berlin}
}

var quarterEnd = Freeze{Name: "Quarter end", From: model.MustDate("2026-12-20"), To: model.MustDate("2027-01-05"), Zone: berlin}

func TestNextMarksFrozen(t *testing.T) {
	t.Parallel()
	late := Window{Name: "Late", Rule: mustRule(t, "FREQ=MONTHLY;BYMONTHDAY=19"), Start: "22:00", Duration: 4 * time.Hour, Zone: berlin}
	tests := []struct {
		name    string
		windows []Window
		freezes []Freeze
		from    string
		n       int
		want    string
	}{
		{"freeze covers one train", []Window{train(t)}, []Freeze{quarterEnd}, "2026-11-20T00:00:00Z", 4,
			"2026-12-01T18:00:00+01:00 2026-12-15T18:00:00+01:00 2026-12-29T18:00:00+01:00 frozen:Quarter end 2027-01-12T18:00:00+01:00"},
		// To is inclusive: a freeze to the 14th ends at 15th 00:00, before 18:00.
		{"freeze ending the day before", []Window{train(t)},
			[]Freeze{{Name: "Audit", From: model.MustDate("2026-12-10"), To: model.MustDate("2026-12-14"), Zone: berlin}},
			"2026-12-14T00:00:00Z", 1, "2026-12-15T18:00:00+01:00"},
		{"freeze starting that day", []Window{train(t)},
			[]Freeze{{Name: "Audit", From: model.MustDate("2026-12-15"), To: model.MustDate("2026-12-15"), Zone: berlin}},
			"2026-12-14T00:00:00Z", 1, "2026-12-15T18:00:00+01:00 frozen:Audit"},
		// 22:00 on the 19th + 4 h runs to 02:00 on the 20th, into the freeze.
		{"window running into a freeze", []Window{late}, []Freeze{quarterEnd}, "2026-11-20T00:00:00Z", 2,
			"2026-12-19T22:00:00+01:00 frozen:Quarter end 2027-01-19T22:00:00+01:00"},
		// Two windows merge in time order: train 12-01 18:00, late 12-19 22:00.
		{"two windows merged", []Window{late, train(t)}, nil, "2026-11-20T00:00:00Z", 3,
			"2026-12-01T18:00:00+01:00 2026-12-15T18:00:00+01:00 2026-12-19T22:00:00+01:00"},
		// An opening exactly at `from` is not after it.
		{"strictly after from", []Window{train(t)}, nil, "2026-12-01T17:00:00Z", 1, "2026-12-15T18:00:00+01:00"},
		{"invalid window skipped", []Window{{Name: "bad", Rule: mustRule(t, "FREQ=DAILY"), Start: "18:00", Duration: time.Hour, Zone: "Mars/Olympus"}, train(t)},
			nil, "2026-11-20T00:00:00Z", 1, "2026-12-01T18:00:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Calendar{Windows: tt.windows, Freezes: tt.freezes}
			if got := starts(c.Next(mustTime(t, tt.from), tt.n)); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAllows(t *testing.T) {
	t.Parallel()
	late := Window{Name: "Late", Rule: mustRule(t, "FREQ=WEEKLY;BYDAY=TU"), Start: "22:00", Duration: 4 * time.Hour, Zone: berlin}
	c := Calendar{Windows: []Window{train(t)}, Freezes: []Freeze{quarterEnd}}
	tests := []struct {
		name string
		cal  Calendar
		at   string // Berlin is +01:00 in December and January
		ok   bool
		why  string
	}{
		{"at the opening", c, "2026-12-01T18:00:00+01:00", true,
			`inside change window "Release train" until 20:00 Europe/Berlin`},
		{"same instant in UTC", c, "2026-12-01T17:00:00Z", true,
			`inside change window "Release train" until 20:00 Europe/Berlin`},
		{"a second before", c, "2026-12-01T17:59:59+01:00", false,
			"outside every change window; next: Tue 2026-12-01 18:00–20:00 Europe/Berlin"},
		{"last minute", c, "2026-12-01T19:59:00+01:00", true,
			`inside change window "Release train" until 20:00 Europe/Berlin`},
		{"at the close", c, "2026-12-01T20:00:00+01:00", false,
			"outside every change window; next: Tue 2026-12-15 18:00–20:00 Europe/Berlin"},
		// The next train (12-29) is frozen, so the next usable one is 2027-01-12.
		{"between trains, next is frozen", c, "2026-12-16T10:00:00+01:00", false,
			"outside every change window; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin"},
		{"window inside a freeze", c, "2026-12-29T18:30:00+01:00", false,
			`inside freeze "Quarter end" 2026-12-20 – 2027-01-05; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin`},
		{"first frozen instant", c, "2026-12-20T00:00:00+01:00", false,
			`inside freeze "Quarter end" 2026-12-20 – 2027-01-05; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin`},
		{"last frozen minute", c, "2027-01-05T23:59:00+01:00", false,
			`inside freeze "Quarter end" 2026-12-20 – 2027-01-05; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin`},
		{"freeze over", c, "2027-01-06T00:00:00+01:00", false,
			"outside every change window; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin"},
		// Tuesday 22:00 + 4 h: still open at 01:00 on Wednesday.
		{"before midnight", Calendar{Windows: []Window{late}}, "2026-12-01T23:00:00+01:00", true,
			`inside change window "Late" until Wed 2026-12-02 02:00 Europe/Berlin`},
		{"after midnight", Calendar{Windows: []Window{late}}, "2026-12-02T01:00:00+01:00", true,
			`inside change window "Late" until 02:00 Europe/Berlin`},
		{"next crosses midnight", Calendar{Windows: []Window{late}}, "2026-12-02T02:00:00+01:00", false,
			"outside every change window; next: Tue 2026-12-08 22:00 – Wed 2026-12-09 02:00 Europe/Berlin"},
		{"no windows", Calendar{}, "2026-12-01T18:00:00+01:00", false,
			"no change window is defined: add one to the calendar, or force the change with a reason"},
		{"freeze without windows", Calendar{Freezes: []Freeze{quarterEnd}}, "2026-12-24T12:00:00+01:00", false,
			`inside freeze "Quarter end" 2026-12-20 – 2027-01-05`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := tt.cal.Allows(mustTime(t, tt.at))
			if ok != tt.ok || why != tt.why {
				t.Errorf("Allows(%s) = %v, %q\nwant %v, %q", tt.at, ok, why, tt.ok, tt.why)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	good := train(t)
	with := func(f func(w *Window)) Window { w := good; f(&w); return w }
	c := Calendar{
		Windows: []Window{
			good,
			with(func(w *Window) { w.Zone = "Mars/Olympus" }),
			with(func(w *Window) { w.Zone = "" }),
			with(func(w *Window) { w.Zone = "Local" }),
			with(func(w *Window) { w.Duration = 0 }),
			with(func(w *Window) { w.Duration = -time.Hour }),
			with(func(w *Window) { w.Duration = 32 * 24 * time.Hour }),
			with(func(w *Window) { w.Start = "25:00" }),
			with(func(w *Window) { w.Start = "18h" }),
			with(func(w *Window) { w.Rule = Rule{} }),
			with(func(w *Window) { w.Rule = Rule{Freq: Weekly, Interval: 1} }), // built by hand, no weekday
			with(func(w *Window) { w.Name = "" }),
		},
		Freezes: []Freeze{
			quarterEnd,
			{Name: "Backwards", From: model.MustDate("2026-12-10"), To: model.MustDate("2026-12-01"), Zone: berlin},
			{Name: "Open", Zone: berlin},
			{Name: "Peak\x1b[2J", From: quarterEnd.From, To: quarterEnd.To, Zone: berlin},
		},
	}
	want := []string{
		`windows[1].zone: unknown time zone "Mars/Olympus": name an IANA time zone such as Europe/Berlin, America/New_York or UTC`,
		"windows[2].zone: time zone is required",
		`windows[3].zone: time zone "Local" depends on the machine`,
		"windows[4].duration: duration 0s is not positive: a window must end after it starts",
		"windows[5].duration: duration -1h0m0s is not positive",
		"windows[6].duration: duration 768h0m0s is longer than 31 days: use a freeze for long periods",
		`windows[7].start: start "25:00" is not a time of day: use HH:MM on a 24-hour clock`,
		`windows[8].start: start "18h" is not a time of day`,
		"windows[9].rule: rule is required",
		"windows[10].rule: invalid recurrence rule \"FREQ=WEEKLY\": FREQ=WEEKLY needs BYDAY or DTSTART",
		"windows[11].name: window name is required",
		"freezes[1].to: freeze ends 2026-12-01 before it starts 2026-12-10: swap the dates",
		"freezes[2].from: from is required",
		"freezes[2].to: to is required",
		`freezes[3].name: freeze name "Peak\x1b[2J" contains a control character: use printable text`,
	}
	errs := c.Validate()
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d:", len(errs), len(want))
		for _, e := range errs {
			t.Log(e)
		}
	}
	for i := 0; i < len(errs) && i < len(want); i++ {
		if !strings.HasPrefix(errs[i].Error(), want[i]) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, errs[i], want[i])
		}
	}
	if errs := (Calendar{Windows: []Window{good}, Freezes: []Freeze{quarterEnd}}).Validate(); errs != nil {
		t.Errorf("a sound calendar: %v", errs)
	}
}

func TestOccurrenceJSONFieldsAndString(t *testing.T) {
	t.Parallel()
	c := Calendar{Windows: []Window{train(t)}, Freezes: []Freeze{quarterEnd}}
	got := c.Next(mustTime(t, "2026-12-20T00:00:00Z"), 1)
	if len(got) != 1 {
		t.Fatalf("got %d openings", len(got))
	}
	o := got[0]
	if o.Window != "Release train" || o.Zone != berlin || !o.Frozen || o.Freeze != "Quarter end" {
		t.Errorf("opening = %+v", o)
	}
	if s := o.String(); s != "Tue 2026-12-29 18:00–20:00 Europe/Berlin" {
		t.Errorf("String() = %q", s)
	}
	if got := c.Next(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), 0); got != nil {
		t.Errorf("Next(…, 0) = %v, want nil", got)
	}
}

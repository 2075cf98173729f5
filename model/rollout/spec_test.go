package rollout

import (
	"strings"
	"testing"

	"ringside/model"
)

func TestFromModelLength(t *testing.T) {
	t.Parallel()
	base := model.ChangeWindow{Name: "w", Rule: "FREQ=DAILY", Start: "18:00", Zone: "UTC"}
	with := func(f func(w *model.ChangeWindow)) model.ChangeWindow { w := base; f(&w); return w }
	tests := []struct {
		name string
		w    model.ChangeWindow
		want string // "" = valid; else the one error
	}{
		{"end", with(func(w *model.ChangeWindow) { w.End = "20:00" }), ""},
		{"duration past midnight", with(func(w *model.ChangeWindow) { w.Duration = "7h" }), ""},
		{"end before start", with(func(w *model.ChangeWindow) { w.End = "17:59" }), "windows[0].end: the window ends at 17:59, not after it starts at 18:00"},
		{"end equals start", with(func(w *model.ChangeWindow) { w.End = "18:00" }), "windows[0].end: the window ends at 18:00, not after it starts at 18:00"},
		{"negative duration", with(func(w *model.ChangeWindow) { w.Duration = "-1h" }), "windows[0].duration: duration -1h0m0s is not positive"},
		{"neither", base, "windows[0].duration: duration or end is required"},
		{"bad end", with(func(w *model.ChangeWindow) { w.End = "8pm" }), `windows[0].end: end "8pm" is not a time of day`},
		// A bad start is reported once, at start, not again at end.
		{"bad start with end", with(func(w *model.ChangeWindow) { w.Start = "25:00"; w.End = "20:00" }), `windows[0].start: start "25:00" is not a time of day`},
		{"rule missing", with(func(w *model.ChangeWindow) { w.Rule = ""; w.Duration = "1h" }), "windows[0].rule: rule is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, errs := FromModel(model.Calendar{Windows: []model.ChangeWindow{tt.w}})
			if tt.want == "" {
				if errs != nil || len(cal.Windows) != 1 {
					t.Errorf("errs = %v, windows = %d", errs, len(cal.Windows))
				}
				return
			}
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) || len(cal.Windows) != 0 {
				t.Errorf("errs = %v, want one starting %q and no window", errs, tt.want)
			}
		})
	}
}

func TestPermitsAndHeadline(t *testing.T) {
	t.Parallel()
	c := Calendar{Windows: []Window{train(t)}, Freezes: []Freeze{quarterEnd}}
	freezesOnly := Calendar{Freezes: []Freeze{quarterEnd}}
	tests := []struct {
		name     string
		cal      Calendar
		at       string
		ok       bool
		headline string
	}{
		{"empty calendar", Calendar{}, "2026-12-24T12:00:00Z", true, ""},
		{"freezes only, outside", freezesOnly, "2026-12-01T12:00:00Z", true, "no change window defined; no freeze in force"},
		{"freezes only, inside", freezesOnly, "2026-12-24T12:00:00Z", false, "frozen: Quarter end until 5 Jan"},
		// Trains: 12-01, 12-15, 12-29 (frozen), 2027-01-12.
		{"between trains", c, "2026-12-02T12:00:00Z", false, "next window Tue 15 Dec 18:00–20:00 Europe/Berlin"},
		{"in a train", c, "2026-12-15T17:30:00Z", true, `change window open: "Release train" until 20:00 Europe/Berlin`},
		{"after the freeze the next train is 01-12", c, "2027-01-06T00:00:00+01:00", false, "next window Tue 12 Jan 18:00–20:00 Europe/Berlin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := mustTime(t, tt.at)
			if ok, why := tt.cal.Permits(at); ok != tt.ok {
				t.Errorf("Permits = %v (%s), want %v", ok, why, tt.ok)
			}
			if h := tt.cal.Headline(at); h != tt.headline {
				t.Errorf("Headline = %q, want %q", h, tt.headline)
			}
		})
	}
}

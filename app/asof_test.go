package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/triage"
	"ringside/store"
)

// Audit activity after the as-of day does not exist for that view: a
// change recorded on 2026-11-25 cannot hide, as of 2026-11-20, that nobody
// had touched the pilot since 2026-10-01 (50 days: abandoned).
func TestLastActivityStopsAtTheAsOfDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "asof.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	p := model.Pilot{Slug: "p", Name: "P", Stage: model.StagePilot, StageSince: model.MustDate("2026-09-01"),
		Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}}}
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	at = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	p.Name = "Renamed later"
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	a := New(s, nil)
	tests := []struct {
		asOf      string
		last      string
		abandoned bool
	}{
		// 2026-10-01 → 2026-11-20: 30 + 20 = 50 days, over the limit of 30.
		{"2026-11-20", "2026-10-01", true},
		// the rename on 2026-11-25 is activity from that day on.
		{"2026-11-25", "2026-11-25", false},
		// the day before the first entry: the pilot's own stage date, 2026-09-01; 29 days.
		{"2026-09-30", "2026-09-01", false},
	}
	for _, tt := range tests {
		in, err := a.PilotInput(ctx, "p", model.MustDate(tt.asOf))
		if err != nil {
			t.Fatal(err)
		}
		if got := assess.LastActivity(in).String(); got != tt.last {
			t.Errorf("as of %s: last activity %s, want %s", tt.asOf, got, tt.last)
		}
		abandoned := false
		for _, f := range assess.Pilot(in).Flags {
			abandoned = abandoned || f.Kind == triage.KindAbandoned
		}
		if abandoned != tt.abandoned {
			t.Errorf("as of %s: abandoned %v, want %v", tt.asOf, abandoned, tt.abandoned)
		}
	}
}

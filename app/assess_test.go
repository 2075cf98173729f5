package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/health"
	"ringside/store"
)

// testClock is the clock of every app test: no test depends on today.
func testClock() time.Time { return time.Date(2026, 8, 18, 15, 0, 0, 0, time.UTC) }

// openTest returns an app over a fresh database holding pilot ct: a pilot
// ring and a canary, two KPIs, a named security owner.
func openTest(t *testing.T) (*App, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.db")
	s, err := store.Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = testClock
	t.Cleanup(func() { s.Close() })
	p := model.Pilot{Slug: "ct", Name: "Pilot ct", Stage: model.StagePilot,
		Owners: map[model.Role]string{model.RoleSecurity: "Lee Park"},
		Rings:  []model.Ring{{Name: "pilot", Status: model.RingActive}, {Name: "canary", Status: model.RingPlanned}},
		KPIs: []model.KPI{
			{Key: "triage_min", Better: model.BetterLower, Target: model.MustCriterion("<= -10%"), Critical: true},
			{Key: "misroute_pct", Better: model.BetterLower, Target: model.MustCriterion("pct <= 0"), Critical: true},
		}}
	if _, err := s.ApplyPilots(context.Background(), "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	return New(s, testClock), path
}

// importRows stores observations of pilot ct.
func importRows(t *testing.T, a *App, rows ...store.ObsRow) {
	t.Helper()
	i := 0
	next := func() (store.ObsRow, error) {
		if i == len(rows) {
			return store.ObsRow{}, io.EOF
		}
		i++
		r := rows[i-1]
		r.Line, r.Pilot = i+1, "ct"
		return r, nil
	}
	if _, err := a.store.ImportObservations(context.Background(), store.Change{Actor: "tester"}, store.ImportMeta{File: "t.csv"}, next); err != nil {
		t.Fatal(err)
	}
}

func obs(ring, metric, day string, v float64) store.ObsRow {
	return store.ObsRow{Ring: ring, Metric: metric, Day: model.MustDate(day), Value: v}
}

func lengths(obs map[string]map[string]health.Series) map[string]map[string]int {
	out := map[string]map[string]int{}
	for ring, m := range obs {
		out[ring] = map[string]int{}
		for metric, s := range m {
			out[ring][metric] = len(s.Days)
		}
	}
	return out
}

// A KPI whose window is longer than the days a detail view reads by
// default still gets every day of its window.
func TestPilotInputReadsTheLongestKPIWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := openTest(t)
	if _, err := a.store.UpdatePilot(ctx, store.Change{Actor: "tester", Action: "kpi.edit", Summary: "120-day window"}, "ct", func(p *model.Pilot) error {
		p.KPIs[0].Window = 120
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// 2026-05-01 is 109 days before 2026-08-18: inside a 120-day window,
	// outside the default 90 days.
	importRows(t, a, obs("pilot", "triage_min", "2026-05-01", 10), obs("pilot", "triage_min", "2026-08-18", 20))
	for _, load := range []struct {
		name string
		get  func() (map[string]map[string]int, error)
	}{
		{"PilotInput", func() (map[string]map[string]int, error) {
			in, err := a.PilotInput(ctx, "ct", model.MustDate("2026-08-18"))
			return lengths(in.Obs), err
		}},
		{"PortfolioInputs", func() (map[string]map[string]int, error) {
			ins, err := a.PortfolioInputs(ctx, model.MustDate("2026-08-18"))
			if err != nil || len(ins) != 1 {
				return nil, err
			}
			return lengths(ins[0].Obs), nil
		}},
	} {
		got, err := load.get()
		if err != nil {
			t.Fatal(err)
		}
		if got["pilot"]["triage_min"] != 2 {
			t.Errorf("%s: %d days of triage_min, want both days of its 120-day window", load.name, got["pilot"]["triage_min"])
		}
	}
}

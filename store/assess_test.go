package store

import (
	"context"
	"testing"

	"ringside/model"
	"ringside/model/health"
)

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
func TestAssessInputReadsTheLongestKPIWindow(t *testing.T) {
	ctx := context.Background()
	s := openObs(t, "ct")
	if _, err := s.UpdatePilot(ctx, "tester", "ct", "kpi.edit", "120-day window", func(p *model.Pilot) error {
		p.KPIs[0].Window = 120
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// 2026-05-01 is 109 days before 2026-08-18: inside a 120-day window,
	// outside the default 90 days.
	importRows(t, s, ImportMeta{}, row(2, "pilot", "triage_min", "2026-05-01", 10), row(3, "pilot", "triage_min", "2026-08-18", 20))
	for _, load := range []struct {
		name string
		get  func() (map[string]map[string]int, error)
	}{
		{"AssessInput", func() (map[string]map[string]int, error) {
			in, err := s.AssessInput(ctx, "ct", model.MustDate("2026-08-18"))
			return lengths(in.Obs), err
		}},
		{"AssessInputs", func() (map[string]map[string]int, error) {
			ins, err := s.AssessInputs(ctx, model.MustDate("2026-08-18"))
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

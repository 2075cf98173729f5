package payback

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"ringside/model"
)

// FuzzProject feeds arbitrary models to the engine: it must never panic,
// every answer must be finite, the curve must span the horizon, a
// break-even month must lie inside it, and the chart must keep its size.
func FuzzProject(f *testing.F) {
	f.Add(180000.0, 60000.0, -1.0, 9000.0, 12.0, 0.9, 0.31, 0.25, 0.5, 0.1, 36, 0.2, 1.0)
	f.Add(0.0, 12000.0, 24000.0, 0.0, 0.0, 0.0, 0.0, 0.25, 1.0, 0.0, 12, 0.0, 0.0)
	f.Add(5000.0, 12000.0, 6000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.99, 1200, 1.0, 3.0)
	f.Add(1e300, 1e300, 1e300, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1e10, 1, 0.5, 1e10)
	f.Add(-1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, -1.0, 3.0, -2.0, -5, 7.0, -1.0)
	f.Fuzz(func(t *testing.T, oneTime, run, benefit, volume, minutes, cpm, reduction, ramp1, ramp2, rate float64, horizon int, risk, scale float64) {
		m := model.PaybackModel{OneTimeCost: oneTime, AnnualRunCost: run, VolumePerMonth: volume,
			MinutesPerUnit: minutes, CostPerMinute: cpm, Reduction: reduction,
			Ramp: []float64{ramp1, ramp2}, DiscountRate: &rate, HorizonMonths: horizon, RiskAdjustment: risk}
		if benefit >= 0 {
			m.AnnualBenefit = &benefit
		}
		r, err := Project(m, Options{PopulationScale: scale})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		mustBeFinite(t, r)
		h := r.Inputs.HorizonMonths
		if len(r.Months) != h+1 {
			t.Fatalf("%d months for a horizon of %d", len(r.Months), h)
		}
		for _, be := range []*float64{r.BreakEvenMonth, r.DiscountedPaybackMonths} {
			if be != nil && (*be < 0 || *be > float64(h)) {
				t.Fatalf("break-even %v outside 0…%d", *be, h)
			}
		}
		out := Chart(r, 60, 12)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 12 {
			t.Fatalf("chart has %d lines", len(lines))
		}
		for _, l := range lines {
			if utf8.RuneCountInString(l) > 60 {
				t.Fatalf("chart line too wide: %q", l)
			}
		}
	})
}

package slo

import (
	"encoding/json"
	"errors"
	"testing"

	"ringside/model"
)

// FuzzEvaluate: any objective and counts either fail with ErrInvalid or give
// a result JSON can carry (no NaN, no Inf), with fractions that add up and
// burn rates that are never negative.
func FuzzEvaluate(f *testing.F) {
	f.Add(99.0, 28, 1, 7, 0.0, 0.0, 100000.0, 99500.0, 100000.0, 90000.0, 3)
	f.Add(99.999999, 1, 1, 1, 1e-9, 1e9, 1e15, 0.0, 1.0, 1.0, 0)
	f.Add(50.0, 366, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -40)
	f.Add(1e-300, 2, 2, 2, 1e308, 1e-308, 5e-324, 5e-324, 1e15, 1e15, 1)
	f.Fuzz(func(t *testing.T, target float64, period, short, long int, fast, slow, total1, good1, total2, good2 float64, gap int) {
		o := Objective{Target: target, PeriodDays: period, ShortDays: short, LongDays: long, FastBurn: fast, SlowBurn: slow}
		asOf := model.MustDate("2026-01-31")
		days := []Day{{Day: asOf, Good: good1, Total: total1}, {Day: asOf.AddDays(-gap), Good: good2, Total: total2}}
		r, err := Evaluate(o, days, asOf)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("result cannot be written as JSON: %v", err)
		}
		if r.BudgetUsed < 0 || r.BurnShort != nil && *r.BurnShort < 0 || r.BurnLong != nil && *r.BurnLong < 0 {
			t.Fatalf("negative use or burn: %+v", r)
		}
		if d := r.BudgetUsed + r.BudgetRemaining - 1; d > 1e-5 || d < -1e-5 {
			t.Fatalf("used %v + remaining %v is not 1", r.BudgetUsed, r.BudgetRemaining)
		}
	})
}

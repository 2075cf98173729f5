package health

import (
	"fmt"
	"testing"

	"ringside/model"
)

// BenchmarkEvaluate runs the engine over a portfolio the size of the issue's
// benchmark: 76 pilots × 3 rings × 12 KPIs, 60-day series each.
func BenchmarkEvaluate(b *testing.B) {
	const pilots, kpis, days = 76, 12, 60
	rings := []string{"pilot", "canary", "broad"}
	inputs := make([]Input, pilots)
	for p := range inputs {
		pl := &model.Pilot{Slug: fmt.Sprintf("pilot-%02d", p)}
		for _, r := range rings {
			pl.Rings = append(pl.Rings, model.Ring{Name: r})
		}
		means := map[string]float64{}
		for k := range kpis {
			key := fmt.Sprintf("m%02d", k)
			kpi := model.KPI{Key: key, Unit: "min", Better: model.BetterLower, Target: model.MustCriterion("<= -10%"),
				Warning: model.MustCriterion("<= 0%"), Rollback: model.MustCriterion("> +5%"), Critical: k%3 != 0}
			pl.KPIs = append(pl.KPIs, kpi)
			means[key] = 10
		}
		obs := map[string]map[string]Series{}
		for ri, r := range rings {
			obs[r] = map[string]Series{}
			for k := range kpis {
				s := Series{}
				for d := range days {
					s.Days = append(s.Days, asOf.AddDays(d-days+1))
					s.Values = append(s.Values, 8+float64((d+k+ri)%5))
				}
				obs[r][fmt.Sprintf("m%02d", k)] = s
			}
		}
		inputs[p] = Input{Pilot: pl, AsOf: asOf, Obs: obs, BaselineMeans: means}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			Evaluate(in)
		}
	}
}

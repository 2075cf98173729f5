package health

import (
	"fmt"
	"math"
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

// benchInputs is the portfolio `go run ./bench` judges: 76 pilots × 3
// rings × 12 KPIs, each KPI stating its baseline and judged on pct
// (target <= +5%, warning <= +10%, trigger > +20%), each series the week
// the store reads for a 7-day window, one reading a day, with the bench's
// values (bench/gen.go: level + 2 sin((d + m) / 9), to one decimal).
func benchInputs() []Input {
	const pilots, kpis, days = 76, 12, model.DefaultWindow
	rings := []string{"pilot", "canary", "broad"}
	target, warning, rollback := model.MustCriterion("<= +5%"), model.MustCriterion("<= +10%"), model.MustCriterion("> +20%")
	inputs := make([]Input, pilots)
	for p := range inputs {
		pl := &model.Pilot{Slug: fmt.Sprintf("bench-pilot-%04d", p), Name: fmt.Sprintf("Benchmark pilot %d", p)}
		for _, r := range rings {
			pl.Rings = append(pl.Rings, model.Ring{Name: r})
		}
		for k := range kpis {
			base := float64(10 + (p*7+k*5)%40)
			pl.KPIs = append(pl.KPIs, model.KPI{Key: fmt.Sprintf("metric_%02d", k), Name: fmt.Sprintf("Metric %d", k), Unit: "min",
				Better: model.BetterLower, Baseline: &base, Target: target, Warning: warning, Rollback: rollback, Critical: k%3 != 0})
		}
		obs := map[string]map[string]Series{}
		for ri, r := range rings {
			obs[r] = map[string]Series{}
			for k := range kpis {
				s := Series{}
				for d := range days {
					s.Days = append(s.Days, asOf.AddDays(d-days+1))
					level := 10 + float64((p*7+ri*3+k*5)%40)
					s.Values = append(s.Values, math.Round((level+2*math.Sin(float64(d+k)/9))*10)/10)
				}
				obs[r][fmt.Sprintf("metric_%02d", k)] = s
			}
		}
		inputs[p] = Input{Pilot: pl, AsOf: asOf, Obs: obs}
	}
	return inputs
}

// BenchmarkEvaluateBench judges the bench's 2,736 ring×KPI with data,
// and so does the engine as it was (old_kpi_test.go).
func BenchmarkEvaluateBench(b *testing.B) {
	inputs := benchInputs()
	for _, c := range []struct {
		name     string
		evaluate func(Input) PilotHealth
	}{{"new", Evaluate}, {"old", oldXEvaluate}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, in := range inputs {
					c.evaluate(in)
				}
			}
		})
	}
}

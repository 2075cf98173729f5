package health

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"ringside/model"
)

// randomInput is a pilot the engine may meet, drawn from r: rings with
// and without series (and ring "baseline"), KPIs of every subject and
// operator with stated, ring or no baselines (0 and negative among them),
// units or none, weights, windows, confidence levels and SLOs; series with
// gaps, days after asOf, stale days, NaN and infinite values, constant
// runs, several readings a day, a Latest beyond the days; ring-baseline
// means and samples.
func randomInput(r *rand.Rand) Input {
	level := []float64{0, 1, 7.5, 42, 1e-7, 1e7, -3}[r.IntN(7)]
	pick := func(xs ...float64) float64 { return xs[r.IntN(len(xs))] }
	subjects := []model.Subject{model.SubjectValue, model.SubjectDelta, model.SubjectPct}
	ops := []model.Op{model.OpLT, model.OpLE, model.OpGT, model.OpGE}
	criterion := func() model.Criterion {
		if r.IntN(5) == 0 {
			return model.Criterion{}
		}
		c := model.Criterion{Subject: subjects[r.IntN(3)], Op: ops[r.IntN(4)]}
		switch c.Subject {
		case model.SubjectPct:
			c.Value = pick(-10, 0, 5, 20, 2.5, -0.001)
		case model.SubjectDelta:
			c.Value = pick(-1, 0, 0.5, level/10)
		default:
			c.Value = pick(level, level+0.001, level*0.9, 7, 0)
		}
		if r.IntN(2) == 0 {
			c.Raw = c.Canonical()
		}
		return c
	}
	p := &model.Pilot{Slug: "p", Name: "P"}
	if r.IntN(4) == 0 {
		p.Rings = append(p.Rings, model.Ring{Name: model.BaselineRing})
	}
	rings := []string{"pilot", "canary", "broad", "all"}[:1+r.IntN(4)]
	for _, name := range rings {
		p.Rings = append(p.Rings, model.Ring{Name: name})
	}
	in := Input{Pilot: p, AsOf: asOf, Obs: map[string]map[string]Series{}, BaselineMeans: map[string]float64{}, Baselines: map[string]Series{}}
	series := func(days int) Series {
		s := Series{}
		counted := r.IntN(4) == 0
		constant := r.IntN(6) == 0
		last := asOf.AddDays(2 - r.IntN(20))
		for d := range days {
			if r.IntN(6) == 0 {
				continue // a gap
			}
			v := level + r.NormFloat64()*pick(0.1, 1, level/5)
			if constant {
				v = level
			}
			switch r.IntN(40) {
			case 0:
				v = math.NaN()
			case 1:
				v = math.Inf(1)
			case 2:
				v = math.Round(v*10) / 10
			}
			s.Days = append(s.Days, last.AddDays(d-days+1))
			s.Values = append(s.Values, v)
			if counted {
				n := 1 + r.IntN(3)
				s.Counts = append(s.Counts, n)
				s.Sums = append(s.Sums, v*float64(n))
				s.SumSqs = append(s.SumSqs, v*v*float64(n)+r.Float64())
			}
		}
		if r.IntN(8) == 0 {
			s.Latest = asOf.AddDays(-r.IntN(30))
		}
		return s
	}
	for k := range 1 + r.IntN(6) {
		key := fmt.Sprintf("m%d", k)
		kpi := model.KPI{Key: key, Name: []string{"", "Metric"}[r.IntN(2)], Unit: []string{"", "min", "% of calls"}[r.IntN(3)],
			Better: model.BetterLower, Target: criterion(), Warning: criterion(), Rollback: criterion(), Critical: r.IntN(2) == 0,
			Window: []int{0, 0, 1, 3, 14}[r.IntN(5)], Confidence: pick(0, 0, 0.9, 0.95, 0.99)}
		if r.IntN(3) > 0 {
			b := pick(level, 0, -level, level*1.1, 10)
			kpi.Baseline = &b
		}
		if r.IntN(4) == 0 {
			w := pick(0, 2, 0.5)
			kpi.Weight = &w
		}
		if r.IntN(12) == 0 {
			kpi.SLO = &model.KPISLO{Good: key + "_good", Total: key + "_total", Objective: 99, PeriodDays: 28, ShortDays: 1, LongDays: 7, FastBurn: 14.4, SlowBurn: 6}
		}
		p.KPIs = append(p.KPIs, kpi)
		if r.IntN(3) == 0 {
			in.BaselineMeans[key] = level * pick(1, 1.2, 0)
		}
		if r.IntN(3) == 0 {
			in.Baselines[key] = series(5 + r.IntN(30))
		}
	}
	for _, name := range rings {
		if r.IntN(4) == 0 {
			continue // a ring without series
		}
		in.Obs[name] = map[string]Series{}
		for _, k := range p.KPIs {
			if r.IntN(8) > 0 {
				in.Obs[name][k.Key] = series(r.IntN(25))
			}
			if k.SLO != nil {
				good := series(30)
				total := Series{Days: good.Days}
				for i := range good.Values {
					good.Values[i] = math.Abs(good.Values[i])
					total.Values = append(total.Values, good.Values[i]*1.01)
				}
				in.Obs[name][k.SLO.Good], in.Obs[name][k.SLO.Total] = good, total
			}
		}
	}
	return in
}

// verdictText is everything a verdict says, for comparing two of them:
// its JSON (every figure's bits but a NaN's, which the engine never
// reports) and each reason's kind and deciding line.
func verdictText(t *testing.T, ph PilotHealth) string {
	t.Helper()
	b, err := json.Marshal(ph)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	out.Write(b)
	kinds := func(rs Reasons) {
		for _, w := range rs {
			out.WriteString(" [" + string(w.Kind) + "]")
		}
	}
	for _, r := range ph.Rings {
		out.WriteString("\n" + r.Ring + ": " + r.Deciding())
		kinds(r.Why)
		for _, k := range r.KPIs {
			out.WriteString("\n  " + k.Key + ": " + k.Deciding())
			kinds(k.Why)
		}
	}
	return out.String()
}

// TestEvaluateIsItsOldForm: the engine gives what it gave before it
// appended its reasons into one buffer (old_kpi_test.go, the code as it
// was), on 10,000 random pilots and the benchmark's portfolio.
func TestEvaluateIsItsOldForm(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 9))
	inputs := benchInputs()
	for range 10000 {
		inputs = append(inputs, randomInput(r))
	}
	for i, in := range inputs {
		if got, want := verdictText(t, Evaluate(in)), verdictText(t, oldXEvaluate(in)); got != want {
			t.Fatalf("input %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// FuzzEvaluateIsItsOldForm: the random pilot of any seed is judged as the
// old engine judged it.
func FuzzEvaluateIsItsOldForm(f *testing.F) {
	f.Add(uint64(18), uint64(9))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		in := randomInput(rand.New(rand.NewPCG(a, b)))
		if got, want := verdictText(t, Evaluate(in)), verdictText(t, oldXEvaluate(in)); got != want {
			t.Fatalf("seed %d, %d:\n got %s\nwant %s", a, b, got, want)
		}
	})
}

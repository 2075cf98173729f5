package assess

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/gates"
	"ringside/model/health"
)

func f64(v float64) *float64 { return &v }

// pilot has one lower-is-better KPI, baseline 10, target 20 % lower.
func pilot(stage model.Stage, rings ...model.Ring) *model.Pilot {
	return &model.Pilot{Slug: "p", Name: "P", Stage: stage, Rings: rings,
		KPIs:    []model.KPI{{Key: "t", Better: model.BetterLower, Baseline: f64(10), Target: model.MustCriterion("<= -20%"), Critical: true}},
		Payback: &model.PaybackModel{OneTimeCost: 1200, VolumePerMonth: 100, MinutesPerUnit: 10, CostPerMinute: 1, ReductionKPI: "t"}}
}

// series of n days ending on end, all at value v except the listed overrides.
func series(end model.Date, vals ...float64) health.Series {
	var s health.Series
	for i, v := range vals {
		s.Days = append(s.Days, end.AddDays(i-len(vals)+1))
		s.Values = append(s.Values, v)
	}
	return s
}

func TestMeasuredReductionAndSpread(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-19")
	cases := []struct {
		name         string
		vals         []float64
		wantFraction float64
		wantSpread   float64
	}{
		// Mean 8 vs baseline 10: (8 − 10) ÷ 10 = −20 %, lower is better: 0.2.
		{"constant", []float64{8, 8, 8, 8, 8, 8, 8}, 0.2, 0},
		// Daily improvements 0.1 and 0.3 (values 9 and 7): mean 0.2,
		// sample std dev sqrt(((−0.1)² + 0.1²) ÷ 1) = 0.1414.
		{"two days", []float64{9, 7}, 0.2, math.Sqrt(0.02)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := pilot(model.StagePilot, model.Ring{Name: "pilot", Status: model.RingActive})
			in := Input{Pilot: p, AsOf: day.AddDays(1), Obs: map[string]map[string]health.Series{"pilot": {"t": series(day, c.vals...)}}}
			m, err := Measured(in, Health(in), "t", "pilot")
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(m.Fraction-c.wantFraction) > 1e-9 || math.Abs(m.Spread-c.wantSpread) > 1e-9 || m.AsOf != day {
				t.Errorf("measured = %+v, want fraction %v spread %v as of %s", m, c.wantFraction, c.wantSpread, day)
			}
		})
	}
}

func TestPaybackUsesTheMostAdvancedActiveRing(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-19")
	p := pilot(model.StagePilot, model.Ring{Name: "pilot", Status: model.RingComplete}, model.Ring{Name: "canary", Status: model.RingActive})
	in := Input{Pilot: p, AsOf: day, Obs: map[string]map[string]health.Series{
		"pilot":  {"t": series(day, 5, 5)}, // 50 % better
		"canary": {"t": series(day, 9, 9)}, // 10 % better
	}}
	r, err := Payback(in, Health(in), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	// 100 × 12 × 10 × 1 × 0.1 = 1200 a year: 100 a month, 1200 one-time → 12 months.
	if r.ReductionSource == nil || r.ReductionSource.Ring != "canary" || r.PaybackMonths == nil || math.Abs(*r.PaybackMonths-12) > 1e-9 {
		t.Errorf("source %+v payback %v", r.ReductionSource, r.PaybackMonths)
	}
	r, _ = Payback(in, Health(in), "pilot", 1)
	// 0.5 reduction: 6000 a year, 500 a month → 2.4 months.
	if r.PaybackMonths == nil || math.Abs(*r.PaybackMonths-2.4) > 1e-9 {
		t.Errorf("pilot ring payback %v, want 2.4", r.PaybackMonths)
	}
	in.Obs = nil
	if _, err := Payback(in, Health(in), "", 1); err == nil || !strings.Contains(err.Error(), "no measured value yet") {
		t.Errorf("no data: err = %v", err)
	}
}

func TestLastActivity(t *testing.T) {
	t.Parallel()
	asOf := model.MustDate("2026-11-20")
	cases := []struct {
		name  string
		edit  func(p *model.Pilot, in *Input)
		wantS string
	}{
		{"stage since only", func(p *model.Pilot, in *Input) { p.StageSince = model.MustDate("2026-04-20") }, "2026-04-20"},
		{"audit newer", func(p *model.Pilot, in *Input) {
			p.StageSince = model.MustDate("2026-04-20")
			in.LastActivity = model.MustDate("2026-11-01")
		}, "2026-11-01"},
		{"a sign-off", func(p *model.Pilot, in *Input) {
			p.Signoffs = []model.Signoff{{At: time.Date(2026, 10, 3, 23, 0, 0, 0, time.UTC)}}
		}, "2026-10-03"},
		{"a drill", func(p *model.Pilot, in *Input) {
			p.Runbooks = []model.Runbook{{Drills: []model.Drill{{Date: model.MustDate("2026-09-09")}}}}
		}, "2026-09-09"},
		{"future events do not count", func(p *model.Pilot, in *Input) {
			p.StageSince = model.MustDate("2026-05-01")
			p.Reviews = []model.GateReview{{Date: model.MustDate("2026-12-01")}}
		}, "2026-05-01"},
	}
	for _, c := range cases {
		p := pilot(model.StageRollout)
		in := Input{Pilot: p, AsOf: asOf}
		c.edit(p, &in)
		if got := LastActivity(in).String(); got != c.wantS {
			t.Errorf("%s: %s, want %s", c.name, got, c.wantS)
		}
	}
}

func TestPilotJudgesProductionOnCompleteRings(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-19")
	p := pilot(model.StageProduction, model.Ring{Name: "pilot", Status: model.RingComplete}, model.Ring{Name: "broad", Status: model.RingComplete})
	in := Input{Pilot: p, AsOf: day, LastActivity: day, Obs: map[string]map[string]health.Series{
		"pilot": {"t": series(day, 7)}, "broad": {"t": series(day, 7.5)},
	}}
	a := Pilot(in)
	for _, f := range a.Flags {
		if f.Kind == "zombie" {
			t.Errorf("a delivering production pilot is flagged zombie: %v", f.Evidence)
		}
	}
	if a.NextGate != model.GatePRG || a.Readiness == nil {
		t.Errorf("next gate %q readiness %v", a.NextGate, a.Readiness)
	}
	if a.Payback == nil {
		t.Errorf("payback: %v", a.PaybackErr)
	}
}

func TestEvidence(t *testing.T) {
	t.Parallel()
	k := health.KPIHealth{Key: "t", Unit: "min", Current: f64(6.634), Baseline: f64(7.5), Pct: f64(-11.55), Target: "<= -10%", Status: health.Pass}
	want := "current 6.63 min vs baseline 7.5 (-11.55 %), target <= -10%: pass" // pct as the health table and reasons show it: two decimals
	if got := Evidence(k); got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
	k.Rollback, k.Trigger, k.Status = true, "> +5%", health.Fail
	if got := Evidence(k); !strings.HasSuffix(got, "fail; rollback trigger > +5% fired") {
		t.Errorf("Evidence = %q", got)
	}
	// Decimals by unit (model.Decimals): 48.6 accounts shows as 49, its
	// baseline 61.25 as 61 and its interval 41.38 … 55.82 as 41 … 56;
	// 245.37 ms as 245.
	k = health.KPIHealth{Key: "a", Unit: "accounts", Current: f64(48.6), Baseline: f64(61.25), Pct: f64(-20.65),
		CILow: f64(41.38), CIHigh: f64(55.82), Confidence: f64(0.95), Target: "<= -10%", Status: health.Pass}
	if got, want := Evidence(k), "current 49 accounts (95 % CI 41 … 56) vs baseline 61 (-20.65 %), target <= -10%: pass"; got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
	k = health.KPIHealth{Key: "p95", Unit: "ms", Current: f64(245.37), Target: "<= 300", Status: health.Pass}
	if got, want := Evidence(k), "current 245 ms, target <= 300: pass"; got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
}

// The reduction taken from a KPI is the KPI's improvement at full
// precision, not a pct rounded for display first.
func TestPaybackReductionAtFullPrecision(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-19")
	b := 12.0
	p := &model.Pilot{Slug: "claims-triage", Stage: model.StagePilot, Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}},
		KPIs: []model.KPI{{Key: "triage_min", Better: model.BetterLower, Baseline: &b, Target: model.MustCriterion("<= -30%"), Critical: true}},
		Payback: &model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000, MinutesPerUnit: 12,
			CostPerMinute: 0.9, ReductionKPI: "triage_min"}}
	// Five days averaging 8.02 (the demo's claims-triage): pct = (8.02 − 12) ÷ 12 × 100 = −33.1666…%,
	// reduction 3.98 ÷ 12 = 0.331666…; benefit 9000 × 12 × 12 × 0.9 × 3.98 ÷ 12 = 97200 × 3.98 = 386856.00
	// exactly. Rounding pct to four decimals first (−33.1667) gave 1166400 × 0.331667 = 386856.39.
	in := Input{Pilot: p, AsOf: day, Obs: map[string]map[string]health.Series{"pilot": {"triage_min": series(day, 8.0, 8.1, 7.9, 8.1, 8.0)}}}
	r, err := Payback(in, Health(in), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.AnnualBenefit != 386856 {
		t.Errorf("annual benefit = %.2f, want 386856.00", r.AnnualBenefit)
	}
}

// TestNonProductionPilotJudgesOneWholeGate counts the gate judgements of a
// pilot in the pilot stage: its next gate (G3) is judged whole, once; PRG,
// for the production-readiness guards, only in the guard dimensions. The
// guards are the same as from PRG judged whole.
func TestNonProductionPilotJudgesOneWholeGate(t *testing.T) {
	day := model.MustDate("2026-11-19")
	p := pilot(model.StagePilot, model.Ring{Name: "pilot", Status: model.RingActive})
	in := Input{Pilot: p, AsOf: day, LastActivity: day, Obs: map[string]map[string]health.Series{"pilot": {"t": series(day, 7)}}}
	var whole, partial []model.GateID
	evaluate = func(g gates.Input) (gates.Readiness, error) {
		if g.Dimensions == nil {
			whole = append(whole, g.Gate)
		} else {
			partial = append(partial, g.Gate)
		}
		return gates.Evaluate(g)
	}
	t.Cleanup(func() { evaluate = gates.Evaluate })
	a := Pilot(in)
	if !slices.Equal(whole, []model.GateID{model.GateG3}) || !slices.Equal(partial, []model.GateID{model.GatePRG}) {
		t.Errorf("judged whole %v and in part %v, want whole [G3] and in part [PRG]", whole, partial)
	}
	got := guards(in, a, KPIFacts(model.AsOf(p, day), a.Health))
	evaluate = func(g gates.Input) (gates.Readiness, error) { g.Dimensions = nil; return gates.Evaluate(g) }
	want := guards(in, a, KPIFacts(model.AsOf(p, day), a.Health))
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("guards judged in part\n%+v\nwant (PRG whole)\n%+v", got, want)
	}
}

// BenchmarkPilotNonProduction is one dashboard row of a pilot in the pilot
// stage: G3 judged whole and PRG's guards.
func BenchmarkPilotNonProduction(b *testing.B) {
	day := model.MustDate("2026-11-19")
	p := pilot(model.StagePilot, model.Ring{Name: "pilot", Status: model.RingActive})
	in := Input{Pilot: p, AsOf: day, LastActivity: day, Obs: map[string]map[string]health.Series{"pilot": {"t": series(day, 7, 7, 7, 7, 7, 7, 7)}}}
	b.ReportAllocs()
	for b.Loop() {
		Pilot(in)
	}
}

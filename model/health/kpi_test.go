package health

import (
	"strings"
	"testing"

	"ringside/model"
)

var asOf = model.MustDate("2026-01-31")

// run builds a series of consecutive days ending on last.
func run(last string, values ...float64) Series {
	end := model.MustDate(last)
	s := Series{}
	for i, v := range values {
		s.Days = append(s.Days, end.AddDays(i-len(values)+1))
		s.Values = append(s.Values, v)
	}
	return s
}

// at builds a series from day/value pairs.
func at(pairs ...any) Series {
	s := Series{}
	for i := 0; i < len(pairs); i += 2 {
		s.Days = append(s.Days, model.MustDate(pairs[i].(string)))
		s.Values = append(s.Values, pairs[i+1].(float64))
	}
	return s
}

func f(x float64) *float64 { return &x }

type kpiOpt func(*model.KPI)

func baseline(b float64) kpiOpt    { return func(k *model.KPI) { k.Baseline = &b } }
func warning(c string) kpiOpt      { return func(k *model.KPI) { k.Warning = model.MustCriterion(c) } }
func trigger(c string) kpiOpt      { return func(k *model.KPI) { k.Rollback = model.MustCriterion(c) } }
func window(n int) kpiOpt          { return func(k *model.KPI) { k.Window = n } }
func better(b model.Better) kpiOpt { return func(k *model.KPI) { k.Better = b } }

func kpi(target string, opts ...kpiOpt) model.KPI {
	k := model.KPI{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower,
		Target: model.MustCriterion(target), Critical: true}
	for _, o := range opts {
		o(&k)
	}
	return k
}

func TestEvaluateKPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		k        model.KPI
		s        Series
		ringBase *float64
		asOf     model.Date
		status   Status
		rollback bool
		current  *float64
		delta    *float64
		pct      *float64
		n        int
		source   string
		why      string // a line that must appear in Why
	}{
		// value criteria
		{name: "value at boundary <= passes", k: kpi("<= 7"), s: run("2026-01-31", 6, 7, 8), // (6+7+8)/3 = 7
			status: Pass, current: f(7), n: 3, why: "current 7 min meets target <= 7"},
		{name: "value at boundary < fails", k: kpi("< 7"), s: run("2026-01-31", 6, 7, 8),
			status: Fail, current: f(7), n: 3, why: "current 7 min misses target < 7"},
		{name: "value >= 80 at boundary", k: kpi(">= 80"), s: run("2026-01-31", 80),
			status: Pass, current: f(80), n: 1},
		{name: "value > 80 at boundary fails", k: kpi("> 80"), s: run("2026-01-31", 80),
			status: Fail, current: f(80), n: 1},
		{name: "explicit value subject", k: kpi("value >= 5"), s: run("2026-01-31", 4.5, 5.5), // mean 5
			status: Pass, current: f(5), n: 2},
		{name: "float noise never flips a boundary", k: kpi("<= 0.15"), s: run("2026-01-31", 0.1, 0.2), // 0.30000000000000004/2
			status: Pass, current: f(0.15), n: 2},
		{name: "just above the boundary shows enough digits", k: kpi("<= 7"), s: run("2026-01-31", 7.001),
			status: Fail, current: f(7.001), n: 1, why: "current 7.001 min misses target <= 7"},
		// pct criteria, shorthand and explicit
		{name: "pct shorthand at boundary", k: kpi("<= -10%", baseline(7.5)), s: run("2026-01-31", 6.75), // (6.75-7.5)/7.5×100 = -10
			status: Pass, current: f(6.75), delta: f(-0.75), pct: f(-10), n: 1, source: SourceKPI,
			why: "current 6.75 min vs baseline 7.5: -10 % meets target <= -10%"},
		{name: "pct example from the spec", k: kpi("<= -10%", baseline(7.5), trigger("> +5%")), s: run("2026-01-31", 6.63), // -0.87/7.5×100 = -11.6
			status: Pass, current: f(6.63), delta: f(-0.87), pct: f(-11.6), n: 1, source: SourceKPI,
			why: "current 6.63 min vs baseline 7.5: -11.6 % meets target <= -10%"},
		{name: "explicit pct <= 0 at boundary", k: kpi("pct <= 0", baseline(8)), s: run("2026-01-31", 8),
			status: Pass, current: f(8), delta: f(0), pct: f(0), n: 1, source: SourceKPI},
		{name: "pct misses", k: kpi("pct <= 0", baseline(8)), s: run("2026-01-31", 8.4), // +0.4/8×100 = +5
			status: Fail, current: f(8.4), delta: f(0.4), pct: f(5), n: 1, source: SourceKPI,
			why: "current 8.4 min vs baseline 8: +5 % misses target pct <= 0"},
		{name: "higher is better pct", k: kpi(">= +20%", baseline(50), better(model.BetterHigher)), s: run("2026-01-31", 60), // +10/50×100 = +20
			status: Pass, current: f(60), delta: f(10), pct: f(20), n: 1, source: SourceKPI},
		// delta criteria
		{name: "delta at boundary", k: kpi("delta >= -1", baseline(12)), s: run("2026-01-31", 11), // 11-12 = -1
			status: Pass, current: f(11), delta: f(-1), pct: f(-8.333333333), n: 1, source: SourceKPI,
			why: "current 11 min vs baseline 12: delta -1 min meets target delta >= -1"},
		{name: "delta below boundary", k: kpi("delta >= -1", baseline(12)), s: run("2026-01-31", 10.9), // -1.1
			status: Fail, current: f(10.9), delta: f(-1.1), pct: f(-9.166666667), n: 1, source: SourceKPI},
		// window
		{name: "window drops older observations", k: kpi("<= 7"), s: at("2026-01-24", 100.0, "2026-01-25", 6.0, "2026-01-31", 8.0), // Jan 25–31: (6+8)/2
			status: Pass, current: f(7), n: 2, why: "current 7 min: mean of 2 observations in the 7-day window 2026-01-25 to 2026-01-31"},
		{name: "window ends on the latest observation, not as-of", k: kpi("<= 7"), s: at("2026-01-20", 100.0, "2026-01-28", 5.0), // Jan 22–28: 5
			status: Pass, current: f(5), n: 1},
		{name: "custom window", k: kpi("<= 7", window(3)), s: run("2026-01-31", 100, 6, 7, 8), // Jan 29–31: (6+7+8)/3
			status: Pass, current: f(7), n: 3},
		{name: "unsorted series", k: kpi("<= 7"), s: at("2026-01-31", 8.0, "2026-01-10", 100.0, "2026-01-29", 6.0), // (8+6)/2
			status: Pass, current: f(7), n: 2},
		// staleness
		{name: "14 days old still counts", k: kpi("<= 7"), s: run("2026-01-17", 6), // Jan 31 − Jan 17 = 14
			status: Pass, current: f(6), n: 1},
		{name: "15 days old is no data", k: kpi("<= 7", trigger("> 9")), s: run("2026-01-16", 10),
			status: NoData, why: "latest observation 2026-01-16 is 15 days old (limit 14): no data"},
		{name: "stale data fires no trigger", k: kpi("<= 7", trigger("> 9")), s: run("2026-01-16", 10),
			status: NoData, rollback: false, why: "rollback trigger > 9 not judged: no fresh data"},
		{name: "no observations", k: kpi("<= 7"), s: Series{},
			status: NoData, why: "no observations on or before 2026-01-31: no data"},
		{name: "empty suffix with an old latest day", k: kpi("<= 7"), s: Series{Latest: model.MustDate("2025-11-30")},
			status: NoData, why: "latest observation 2025-11-30 is 62 days old (limit 14) and not in the supplied days: no data"},
		{name: "latest overall after as-of is not used", k: kpi("<= 7"), s: Series{Latest: model.MustDate("2026-02-03")},
			status: NoData, why: "no observations on or before 2026-01-31: no data"},
		{name: "data after as-of is ignored", k: kpi("<= 7"), s: at("2026-01-30", 6.0, "2026-02-02", 100.0),
			status: Pass, current: f(6), n: 1},
		{name: "only data after as-of", k: kpi("<= 7"), s: at("2026-02-02", 6.0),
			status: NoData, why: "no observations on or before 2026-01-31: no data"},
		{name: "earlier as-of", k: kpi("<= 7"), s: run("2026-01-31", 6, 7, 8), asOf: model.MustDate("2026-01-30"), // (6+7)/2
			status: Pass, current: f(6.5), n: 2},
		// baselines
		{name: "baseline from ring baseline", k: kpi("<= -10%"), s: run("2026-01-31", 9), ringBase: f(10), // -1/10×100
			status: Pass, current: f(9), delta: f(-1), pct: f(-10), n: 1, source: SourceBaselineRing,
			why: "baseline 10 min: mean of ring \"baseline\" observations"},
		{name: "KPI baseline wins over ring baseline", k: kpi("<= -10%", baseline(12)), s: run("2026-01-31", 9), ringBase: f(10), // -3/12×100 = -25
			status: Pass, current: f(9), delta: f(-3), pct: f(-25), n: 1, source: SourceKPI},
		{name: "no baseline: pct target cannot be judged", k: kpi("<= -10%"), s: run("2026-01-31", 9),
			status: NoData, current: f(9), n: 1, why: "no baseline: pct criterion cannot be judged"},
		{name: "no baseline: delta target cannot be judged", k: kpi("delta <= 0"), s: run("2026-01-31", 9),
			status: NoData, current: f(9), n: 1, why: "no baseline: delta criterion cannot be judged"},
		{name: "no baseline: value target is judged", k: kpi("<= 10"), s: run("2026-01-31", 9),
			status: Pass, current: f(9), n: 1,
			why: "no baseline (none in the KPI definition, no ring \"baseline\" observations): only value criteria can be judged"},
		{name: "zero baseline: pct is null", k: kpi("<= -10%", baseline(0)), s: run("2026-01-31", 2),
			status: NoData, current: f(2), delta: f(2), n: 1, source: SourceKPI,
			why: "baseline is 0, so pct is undefined: pct criterion cannot be judged"},
		{name: "zero baseline: delta still judged", k: kpi("delta <= 3", baseline(0)), s: run("2026-01-31", 2),
			status: Pass, current: f(2), delta: f(2), n: 1, source: SourceKPI},
		// warnings
		{name: "warning holds", k: kpi("<= -30%", baseline(10), warning("<= -20%")), s: run("2026-01-31", 7.5), // -25 %
			status: Warn, current: f(7.5), delta: f(-2.5), pct: f(-25), n: 1, source: SourceKPI,
			why: "current 7.5 min vs baseline 10: -25 % meets warning <= -20%: warn"},
		{name: "warning at boundary", k: kpi("<= -30%", baseline(10), warning("<= -20%")), s: run("2026-01-31", 8), // -20 %
			status: Warn, current: f(8), delta: f(-2), pct: f(-20), n: 1, source: SourceKPI},
		{name: "warning misses too", k: kpi("<= -30%", baseline(10), warning("<= -20%")), s: run("2026-01-31", 8.5), // -15 %
			status: Fail, current: f(8.5), delta: f(-1.5), pct: f(-15), n: 1, source: SourceKPI,
			why: "current 8.5 min vs baseline 10: -15 % misses warning <= -20% too: fail"},
		{name: "pass ignores warning", k: kpi("<= -30%", baseline(10), warning("<= -20%")), s: run("2026-01-31", 7), // -30 %
			status: Pass, current: f(7), delta: f(-3), pct: f(-30), n: 1, source: SourceKPI},
		{name: "warning without baseline cannot rescue", k: kpi("<= 7", warning("<= -20%")), s: run("2026-01-31", 8),
			status: Fail, current: f(8), n: 1, why: "warning <= -20% cannot be judged (no baseline): fail"},
		// triggers
		{name: "trigger fired", k: kpi("<= -30%", baseline(10), trigger("> +5%")), s: run("2026-01-31", 10.72), // +7.2 %
			status: Fail, rollback: true, current: f(10.72), delta: f(0.72), pct: f(7.2), n: 1, source: SourceKPI,
			why: "rollback trigger > +5% fired: +7.2 % vs baseline"},
		{name: "trigger at boundary not fired", k: kpi("<= -30%", baseline(10), trigger("> +5%")), s: run("2026-01-31", 10.5), // +5 %
			status: Fail, current: f(10.5), delta: f(0.5), pct: f(5), n: 1, source: SourceKPI,
			why: "rollback trigger > +5% not fired: +5 % vs baseline"},
		{name: "value trigger", k: kpi("<= 7", trigger(">= 9")), s: run("2026-01-31", 9),
			status: Fail, rollback: true, current: f(9), n: 1, why: "rollback trigger >= 9 fired: current 9 min"},
		{name: "delta trigger", k: kpi("<= 7", baseline(8), trigger("delta > 0.5")), s: run("2026-01-31", 8.6), // +0.6
			status: Fail, rollback: true, current: f(8.6), delta: f(0.6), pct: f(7.5), n: 1, source: SourceKPI,
			why: "rollback trigger delta > 0.5 fired: delta +0.6 min vs baseline"},
		{name: "trigger without baseline", k: kpi("<= 7", trigger("> +5%")), s: run("2026-01-31", 9),
			status: Fail, current: f(9), n: 1, why: "rollback trigger > +5% cannot be judged: no baseline"},
		{name: "trigger fires even when the target cannot be judged", k: kpi("<= -10%", trigger(">= 9")), s: run("2026-01-31", 9),
			status: NoData, rollback: true, current: f(9), n: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := tt.asOf
			if day == 0 {
				day = asOf
			}
			h := EvaluateKPI(tt.k, tt.s, tt.ringBase, day)
			if h.Status != tt.status {
				t.Errorf("status = %s, want %s; why %q", h.Status, tt.status, h.Why)
			}
			if h.Rollback != tt.rollback {
				t.Errorf("rollback = %v, want %v; why %q", h.Rollback, tt.rollback, h.Why)
			}
			eqPtr(t, "current", h.Current, tt.current)
			eqPtr(t, "delta", h.Delta, tt.delta)
			eqPtr(t, "pct", h.Pct, tt.pct)
			if h.N != tt.n {
				t.Errorf("n = %d, want %d", h.N, tt.n)
			}
			if h.BaselineSource != tt.source {
				t.Errorf("baseline source = %q, want %q", h.BaselineSource, tt.source)
			}
			if tt.why != "" && !hasLine(h.Why.Lines(), tt.why) {
				t.Errorf("why lacks %q:\n%s", tt.why, strings.Join(h.Why.Lines(), "\n"))
			}
			if len(h.Why) == 0 {
				t.Error("why is empty")
			}
		})
	}
}

func TestEvaluateKPIReportsLatestAndCriteria(t *testing.T) {
	t.Parallel()
	k := kpi("<= -30%", baseline(12), warning("<= -20%"), trigger("> +5%"))
	k.Weight = new(2.0)
	h := EvaluateKPI(k, run("2026-01-20", 8), nil, asOf)
	if h.Latest == nil || *h.Latest != "2026-01-20" {
		t.Errorf("latest = %v, want 2026-01-20", h.Latest)
	}
	if h.Target != "<= -30%" || h.Warning != "<= -20%" || h.Trigger != "> +5%" {
		t.Errorf("criteria = %q %q %q", h.Target, h.Warning, h.Trigger)
	}
	if h.Weight != 2 || !h.Critical || h.Key != "triage_min" || h.Unit != "min" {
		t.Errorf("weight/critical/key/unit = %v %v %q %q", h.Weight, h.Critical, h.Key, h.Unit)
	}
	if h.Baseline == nil || *h.Baseline != 12 {
		t.Errorf("baseline = %v, want 12", h.Baseline)
	}
	none := EvaluateKPI(kpi("<= 7"), Series{}, nil, asOf)
	if none.Latest != nil || none.Current != nil || none.Baseline != nil {
		t.Errorf("no data should leave latest/current/baseline null: %+v", none)
	}
	stale := EvaluateKPI(kpi("<= 7"), run("2026-01-01", 5), nil, asOf)
	if stale.Latest == nil || *stale.Latest != "2026-01-01" || stale.Current != nil || stale.N != 0 {
		t.Errorf("stale: latest %v current %v n %d", stale.Latest, stale.Current, stale.N)
	}
}

// JSON carries the figures the verdict was judged on (nine decimals), not
// figures rounded for display: a payback reduction taken from pct must not
// start from a pct rounded to four decimals.
func TestOutputKeepsJudgedPrecision(t *testing.T) {
	t.Parallel()
	// mean of 1, 1, 2 = 1.333333333…; delta vs 3 = -1.666666667; pct = -55.555555556 %
	h := EvaluateKPI(kpi("<= -10%", baseline(3)), run("2026-01-31", 1, 1, 2), nil, asOf)
	eqPtr(t, "current", h.Current, f(1.333333333))
	eqPtr(t, "delta", h.Delta, f(-1.666666667))
	eqPtr(t, "pct", h.Pct, f(-55.555555556))
}

func TestImprovement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		better model.Better
		pct    *float64
		want   *float64
	}{
		{"lower is better, dropped 11.6 %", model.BetterLower, f(-11.6), f(0.116)},
		{"lower is better, rose 5 %", model.BetterLower, f(5), f(-0.05)},
		{"higher is better, rose 20 %", model.BetterHigher, f(20), f(0.2)},
		{"no pct", model.BetterLower, nil, nil},
		{"unknown direction", "", f(5), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Improvement(model.KPI{Better: tt.better}, KPIHealth{Pct: tt.pct})
			if got != nil {
				r := roundTo(*got, 9)
				got = &r
			}
			eqPtr(t, "improvement", got, tt.want)
		})
	}
}

func eqPtr(t *testing.T, what string, got, want *float64) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, fmtPtr(got), fmtPtr(want))
	case *got != *want:
		t.Errorf("%s = %v, want %v", what, *got, *want)
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// TestWindowMeanOfObservations: the current value is the mean of the
// observations in the window, whatever days they fall on.
func TestWindowMeanOfObservations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		s     Series
		want  float64
		wantN int
	}{
		// 7 on Jan 30; 1, 3, 5 on Jan 31: (7 + 1 + 3 + 5) / 4 = 16 / 4 = 4,
		// not the mean of the day means (7 + 3) / 2 = 5.
		{"several readings a day", Series{Days: []model.Date{model.MustDate("2026-01-30"), model.MustDate("2026-01-31")},
			Values: []float64{7, 3}, Counts: []int{1, 3}, Sums: []float64{7, 9}, SumSqs: []float64{49, 35}}, 4, 4},
		// nil Counts: one reading a day, (7 + 3) / 2 = 5.
		{"one reading a day", Series{Days: []model.Date{model.MustDate("2026-01-30"), model.MustDate("2026-01-31")},
			Values: []float64{7, 3}}, 5, 2},
		// Jan 24 is outside the 7-day window Jan 25–31: (2 + 4 + 6) / 3 = 4.
		{"outside the window", Series{Days: []model.Date{model.MustDate("2026-01-24"), model.MustDate("2026-01-31")},
			Values: []float64{100, 4}, Counts: []int{5, 3}, Sums: []float64{500, 12}, SumSqs: []float64{0, 56}}, 4, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := EvaluateKPI(kpi("<= 10", baseline(12)), tt.s, nil, asOf)
			if h.Current == nil || *h.Current != tt.want || h.N != tt.wantN {
				t.Errorf("current %v n %d, want %v n %d (why %q)", h.Current, h.N, tt.want, tt.wantN, h.Why)
			}
		})
	}
}

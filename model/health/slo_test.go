package health

import (
	"encoding/json"
	"strings"
	"testing"

	"ringside/model"
)

// counts is 28 days (2026-01-04 … 2026-01-31) of 100,000 requests a day,
// with the given bad counts, as good and total series.
func counts(bad map[string]float64) map[string]Series {
	var good, total Series
	first := model.MustDate("2026-01-04")
	for i := 0; i < 28; i++ {
		d := first.AddDays(i)
		good.Days, total.Days = append(good.Days, d), append(total.Days, d)
		good.Values = append(good.Values, 100000-bad[d.String()])
		total.Values = append(total.Values, 100000)
	}
	return map[string]Series{"req_ok": good, "req_all": total}
}

func sloPilot(target string, objective float64) *model.Pilot {
	k := model.KPI{Key: "avail", Better: model.BetterHigher, Critical: true,
		SLO: &model.KPISLO{Good: "req_ok", Total: "req_all", Objective: objective}}
	if target != "" {
		k.Target = model.MustCriterion(target)
	}
	return &model.Pilot{Slug: "p", Rings: []model.Ring{{Name: "canary", Status: model.RingActive}}, KPIs: []model.KPI{k}}
}

func TestSLOInHealth(t *testing.T) {
	t.Parallel()
	asOf := model.MustDate("2026-01-31")
	tests := []struct {
		name       string
		objective  float64
		bad        map[string]float64
		asOf       model.Date
		status     Status
		rollback   bool
		ring       Status
		attainment float64 // 0: null
		left       float64
		short      float64
		why        string // a line of the KPI's why
		ringWhy    string
	}{
		{
			// 10,000 bad on 01-31 against 99.5 %: budget 0.005 × 2,800,000 = 14,000,
			// used 10,000 ÷ 14,000 = 0.714286 → left 0.285714; short burn
			// 0.10 ÷ 0.005 = 20 ≥ 13.44 (14.4 × 28 ÷ 30): fast, a rollback.
			// attainment 2,790,000 ÷ 2,800,000 = 99.642857 %.
			name: "fast burn fires a rollback", objective: 99.5, bad: map[string]float64{"2026-01-31": 10000}, asOf: asOf,
			status: Fail, rollback: true, ring: Fail, attainment: 99.642857, left: 0.285714, short: 20,
			why:     "slo fast burn fired: burn rate 20 over the last 1 day is at or above 13.44",
			ringWhy: "fail: fast burn of the error budget of avail fired like a rollback trigger",
		},
		{
			// 6,000 bad a day for the last 7 days against 99 %: burn 0.06 ÷ 0.01 = 6 on
			// both windows, ≥ 5.6 (6 × 28 ÷ 30): slow; but 42,000 bad of 28,000
			// allowed leaves −0.5 of the budget: spent, so fail without rollback.
			name: "budget spent", objective: 99, asOf: asOf, bad: map[string]float64{
				"2026-01-25": 6000, "2026-01-26": 6000, "2026-01-27": 6000, "2026-01-28": 6000,
				"2026-01-29": 6000, "2026-01-30": 6000, "2026-01-31": 6000},
			status: Fail, ring: Fail, attainment: 98.5, left: -0.5, short: 6,
			why: "attainment 98.5 % is below the objective 99 %, the error budget is spent: fail",
		},
		{
			// 3,000 bad a day for 7 days against 99 %: 21,000 of 28,000 used (0.75),
			// left 0.25; burn 0.03 ÷ 0.01 = 3 < 5.6: no alert, pass.
			name: "budget left, no burn alert", objective: 99, asOf: asOf, bad: map[string]float64{
				"2026-01-25": 3000, "2026-01-26": 3000, "2026-01-27": 3000, "2026-01-28": 3000,
				"2026-01-29": 3000, "2026-01-30": 3000, "2026-01-31": 3000},
			status: Pass, ring: Pass, attainment: 99.25, left: 0.25, short: 3,
			why: "attainment 99.25 % meets the objective 99 % with 25 % of the budget left: pass",
		},
		{
			// 200 bad a day for 7 days against 99.95 %: budget 0.0005 × 2,800,000 = 1,400,
			// all 1,400 used → left 0 (not below 0: not spent); burn 200 ÷ 100,000 ÷
			// 0.0005 = 4 < 5.6: pass with 0 % left.
			name: "budget exactly used", objective: 99.95, asOf: asOf, bad: map[string]float64{
				"2026-01-25": 200, "2026-01-26": 200, "2026-01-27": 200, "2026-01-28": 200,
				"2026-01-29": 200, "2026-01-30": 200, "2026-01-31": 200},
			status: Pass, ring: Pass, attainment: 99.95, left: 0, short: 4,
		},
		{
			// Evaluated 2026-02-20, the last counts (01-31) are 20 days old: no alert,
			// no data. The period 01-24 … 02-20 still holds 8 days of counts.
			name: "stale counts fire nothing", objective: 99.5, bad: map[string]float64{"2026-01-31": 10000}, asOf: model.MustDate("2026-02-20"),
			status: NoData, ring: NoData,
			why: "slo: latest counts 2026-01-31 are 20 days old (limit 14): no burn alert judged",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ph := Evaluate(Input{Pilot: sloPilot("", tt.objective), AsOf: tt.asOf, Obs: map[string]map[string]Series{"canary": counts(tt.bad)}})
			r := ph.Rings[0]
			k := r.KPIs[0]
			if k.Status != tt.status || k.Rollback != tt.rollback || r.Status != tt.ring || r.Rollback != tt.rollback {
				t.Errorf("kpi %s rollback %v, ring %s rollback %v; want %s %v %s\n%s\n%s", k.Status, k.Rollback, r.Status, r.Rollback,
					tt.status, tt.rollback, tt.ring, strings.Join(k.Why.Lines(), "\n"), strings.Join(r.Why.Lines(), "\n"))
			}
			if k.SLO == nil {
				t.Fatal("no slo object")
			}
			if tt.attainment != 0 && (k.Current == nil || *k.Current != tt.attainment || *k.SLO.Attainment != tt.attainment) {
				t.Errorf("current %v, attainment %v, want %v", k.Current, k.SLO.Attainment, tt.attainment)
			}
			if tt.attainment != 0 && (k.SLO.BudgetRemaining != tt.left || *k.SLO.BurnShort != tt.short) {
				t.Errorf("budget left %v, burn short %v; want %v, %v", k.SLO.BudgetRemaining, *k.SLO.BurnShort, tt.left, tt.short)
			}
			if tt.why != "" && !strings.Contains(strings.Join(k.Why.Lines(), "\n"), tt.why) {
				t.Errorf("kpi why lacks %q:\n%s", tt.why, strings.Join(k.Why.Lines(), "\n"))
			}
			if tt.ringWhy != "" && !strings.Contains(strings.Join(r.Why.Lines(), "\n"), tt.ringWhy) {
				t.Errorf("ring why lacks %q:\n%s", tt.ringWhy, strings.Join(r.Why.Lines(), "\n"))
			}
		})
	}
}

// The JSON of health carries, per SLO KPI, an slo object with attainment,
// budget_remaining, burn_short, burn_long, fast and slow.
func TestSLOInHealthJSON(t *testing.T) {
	t.Parallel()
	ph := Evaluate(Input{Pilot: sloPilot("", 99.5), AsOf: model.MustDate("2026-01-31"),
		Obs: map[string]map[string]Series{"canary": counts(map[string]float64{"2026-01-31": 10000})}})
	b, err := json.Marshal(ph)
	if err != nil {
		t.Fatal(err)
	}
	// long: 10,000 ÷ 700,000 ÷ 0.005 = 2.857143
	for _, want := range []string{`"rollback":true`, `"slo":{"target":99.5`, `"attainment":99.642857`, `"budget_remaining":0.285714`,
		`"burn_short":20`, `"burn_long":2.857143`, `"fast":true`, `"slow":false`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	plain := Evaluate(Input{Pilot: &model.Pilot{Slug: "q", Rings: []model.Ring{{Name: "pilot"}},
		KPIs: []model.KPI{{Key: "t", Better: model.BetterLower, Target: model.MustCriterion("<= 5")}}}, AsOf: model.MustDate("2026-01-31")})
	if b, _ := json.Marshal(plain); strings.Contains(string(b), `"slo"`) {
		t.Errorf("a KPI without an SLO has an slo object: %s", b)
	}
}

// A KPI with its own target keeps its verdict; its SLO only adds the
// rollback on a fast burn.
func TestSLOOnAKPIWithATarget(t *testing.T) {
	t.Parallel()
	obs := counts(map[string]float64{"2026-01-31": 10000})
	obs["avail"] = Series{Days: []model.Date{model.MustDate("2026-01-31")}, Values: []float64{99.6}}
	ph := Evaluate(Input{Pilot: sloPilot(">= 99", 99.5), AsOf: model.MustDate("2026-01-31"), Obs: map[string]map[string]Series{"canary": obs}})
	k := ph.Rings[0].KPIs[0]
	if k.Status != Pass || !k.Rollback || ph.Rings[0].Status != Fail || k.Target != ">= 99" {
		t.Errorf("kpi %s rollback %v target %q, ring %s; want pass, rollback, fail", k.Status, k.Rollback, k.Target, ph.Rings[0].Status)
	}
}

// Counts stored before the SLO was defined may be wrong; health says so
// rather than failing.
func TestSLOWithBadStoredCounts(t *testing.T) {
	t.Parallel()
	d := model.MustDate("2026-01-31")
	obs := map[string]Series{"req_ok": {Days: []model.Date{d}, Values: []float64{11}}, "req_all": {Days: []model.Date{d}, Values: []float64{10}}}
	ph := Evaluate(Input{Pilot: sloPilot("", 99), AsOf: d, Obs: map[string]map[string]Series{"canary": obs}})
	k := ph.Rings[0].KPIs[0]
	if k.Status != NoData || k.SLO != nil || !strings.Contains(strings.Join(k.Why.Lines(), "\n"), "slo req_ok / req_all cannot be judged: 2026-01-31: good 11 is more than total 10") {
		t.Errorf("kpi %s, why %q", k.Status, k.Why)
	}
}

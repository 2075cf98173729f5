package health

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringside/internal/golden"
	"ringside/model"
)

func kh(key string, s Status, critical bool, weight float64, rollback bool) KPIHealth {
	return KPIHealth{Key: key, Status: s, Critical: critical, Weight: weight, Rollback: rollback, Trigger: "> +5%"}
}

func TestEvaluateRing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		kpis     []KPIHealth
		status   Status
		score    *float64
		rollback bool
		why      string
	}{
		{name: "all pass", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Pass, true, 1, false)},
			status: Pass, score: f(100), why: "every KPI with data passes and no trigger fired"},
		{name: "all nodata", kpis: []KPIHealth{kh("a", NoData, true, 1, false), kh("b", NoData, true, 1, false)},
			status: NoData, why: "no KPI has fresh data that can be judged: no data"},
		{name: "no KPIs", kpis: nil, status: NoData, why: "the pilot defines no KPIs: no data"},
		{name: "trigger fails an otherwise passing ring", kpis: []KPIHealth{kh("a", Pass, true, 1, true)},
			status: Fail, score: f(100), rollback: true, why: "fail: rollback trigger > +5% of a fired"},
		{name: "critical fail", kpis: []KPIHealth{kh("a", Pass, true, 9, false), kh("b", Fail, true, 1, false)}, // 100×9÷10 = 90
			status: Fail, score: f(90), why: "fail: critical KPI b fails"},
		{name: "should-meet fail only costs score: exactly 90 passes", kpis: []KPIHealth{kh("a", Pass, true, 9, false), kh("b", Fail, false, 1, false)}, // 100×9÷10 = 90
			status: Pass, score: f(90), why: "should-meet KPI b fails: it counts in the score only"},
		{name: "should-meet fail: 75 warns", kpis: []KPIHealth{kh("a", Pass, true, 3, false), kh("b", Fail, false, 1, false)}, // 100×3÷4 = 75
			status: Warn, score: f(75), why: "warn: score 75 is below 90"},
		{name: "score below 75 fails", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Fail, false, 1, false), kh("c", Fail, false, 1, false)}, // 100×1÷3 = 33.33
			status: Fail, score: f(33.333333333), why: "fail: score 33.33 is below 75"},
		{name: "a warning KPI warns the ring", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Warn, true, 1, false)}, // 100×1.5÷2 = 75
			status: Warn, score: f(75), why: "warn: b warns"},
		{name: "weighted warn below 75 fails", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Warn, true, 3, false)}, // 100×(1+1.5)÷4 = 62.5
			status: Fail, score: f(62.5), why: "score 62.5 = 100 × 2.5 ÷ 4 (pass 1, warn 0.5, fail 0, weighted) over 2 of 2 KPIs with data"},
		{name: "nodata KPI warns, score over the rest", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", NoData, true, 5, false)}, // 100×1÷1
			status: Warn, score: f(100), why: "warn: b has no data"},
		{name: "score between 90 and 100 with warn only", kpis: []KPIHealth{kh("a", Pass, true, 19, false), kh("b", Warn, false, 1, false)}, // 100×19.5÷20 = 97.5
			status: Warn, score: f(97.5), why: "warn: b warns"},
		// weight 0 counts nowhere: 100 × 1 ÷ 1 = 100 (scored as weight 1 it was 100 × 1 ÷ 2 = 50, a fail).
		{name: "weight 0 should-meet fail leaves the score at 100", kpis: []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Fail, false, 0, false)},
			status: Pass, score: f(100), why: "score 100 = 100 × 1 ÷ 1 (pass 1, warn 0.5, fail 0, weighted) over 2 of 2 KPIs with data"},
		// every weight 0: Σweight = 0, no score; nothing fails or warns, so pass.
		{name: "all weights 0: no score, verdict from the KPIs alone", kpis: []KPIHealth{kh("a", Pass, true, 0, false), kh("b", Pass, false, 0, false)},
			status: Pass, why: "no score: each of the 2 KPIs with data has weight 0"},
		{name: "all weights 0 and a must-meet fails", kpis: []KPIHealth{kh("a", Fail, true, 0, false)},
			status: Fail, why: "fail: critical KPI a fails"},
		{name: "trigger on a KPI whose target cannot be judged", kpis: []KPIHealth{kh("a", NoData, true, 1, true)},
			status: NoData, rollback: true, why: "rollback trigger > +5% of a fired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := EvaluateRing("pilot", tt.kpis)
			if r.Status != tt.status {
				t.Errorf("status = %s, want %s; why %q", r.Status, tt.status, r.Why)
			}
			if r.Rollback != tt.rollback {
				t.Errorf("rollback = %v, want %v", r.Rollback, tt.rollback)
			}
			eqPtr(t, "score", r.Score, tt.score)
			if !hasLine(r.Why.Lines(), tt.why) {
				t.Errorf("why lacks %q:\n%s", tt.why, strings.Join(r.Why.Lines(), "\n"))
			}
			if r.KPIs == nil || r.Ring != "pilot" {
				t.Errorf("ring %q kpis %v", r.Ring, r.KPIs)
			}
		})
	}
}

// claimsTriage is the demo pilot: rings pilot, canary, broad around a
// baseline ring; triage time with a stated baseline, misrouting without.
func claimsTriage() *model.Pilot {
	b := 7.5
	return &model.Pilot{
		Slug: "claims-triage", Name: "Claims email triage assistant",
		Rings: []model.Ring{{Name: "baseline"}, {Name: "pilot"}, {Name: "canary"}, {Name: "broad"}},
		KPIs: []model.KPI{
			{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: &b,
				Target: model.MustCriterion("<= -10%"), Rollback: model.MustCriterion("> +5%"), Critical: true, Weight: new(2.0)},
			{Key: "misroute_pct", Name: "Misrouting", Unit: "%", Better: model.BetterLower,
				Target: model.MustCriterion("pct <= 0"), Warning: model.MustCriterion("pct <= 10"), Critical: false},
		},
	}
}

func claimsInput() Input {
	return Input{
		Pilot: claimsTriage(),
		AsOf:  asOf,
		Obs: map[string]map[string]Series{
			// pilot: triage 6.63 (-11.6 %: pass); misroute 8.4 vs 8 (+5 %: warn) → 100×(2+0.5)÷3 = 83.33 → warn
			"pilot": {"triage_min": run("2026-01-31", 6.63), "misroute_pct": run("2026-01-31", 8.4)},
			// canary: triage 8.1 (+8 %: trigger fires, fail) → fail
			"canary": {"triage_min": run("2026-01-31", 8.1), "misroute_pct": run("2026-01-31", 7.9)},
			// broad: nothing yet → nodata
		},
		BaselineMeans: map[string]float64{"misroute_pct": 8, "triage_min": 99}, // KPI baseline 7.5 wins for triage_min
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	ph := Evaluate(claimsInput())
	if ph.Pilot != "claims-triage" || ph.AsOf != "2026-01-31" {
		t.Fatalf("pilot %q as of %q", ph.Pilot, ph.AsOf)
	}
	var names []string
	for _, r := range ph.Rings {
		names = append(names, r.Ring+"="+string(r.Status))
	}
	if got, want := strings.Join(names, " "), "pilot=warn canary=fail broad=nodata"; got != want {
		t.Errorf("rings = %s, want %s", got, want)
	}
	pilot, _ := ph.Ring("pilot")
	eqPtr(t, "pilot score", pilot.Score, f(83.333333333))
	mis, _ := pilot.KPI("misroute_pct")
	if mis.BaselineSource != SourceBaselineRing || mis.Status != Warn {
		t.Errorf("misroute: source %q status %s", mis.BaselineSource, mis.Status)
	}
	tri, _ := pilot.KPI("triage_min")
	eqPtr(t, "triage baseline", tri.Baseline, f(7.5))
	canary, _ := ph.Ring("canary")
	if !canary.Rollback || !ph.Failed() {
		t.Errorf("canary rollback %v, failed %v", canary.Rollback, ph.Failed())
	}
	if _, ok := ph.Ring("baseline"); ok {
		t.Error("ring baseline must not be judged")
	}
	if Evaluate(Input{AsOf: asOf}).Rings == nil {
		t.Error("nil pilot should give an empty ring list")
	}
}

// TestEvaluateGolden pins the JSON shape of `health --json` and every
// sentence of Why. Regenerate with: go test ./model/health -update
func TestEvaluateGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // criteria read `<= -10%`, not `\u003c= -10%`
	enc.SetIndent("", "  ")
	if err := enc.Encode(Evaluate(claimsInput())); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	golden.Assert(t, filepath.Join("testdata", "claims_triage.golden.json"), got)
}

// TestRingsWithoutDataShareOneJudgement: rings without a single series
// are judged once and share the verdicts, which are exactly what judging
// each ring on its own gives; an append to one ring's list leaves the
// others' alone. Rings "canary2" and "broad" have no series, "pilot" and
// "canary" have (claimsInput), "empty" has an empty map: three rings
// share, and a KPI whose trigger cannot be judged without data still
// says so in each.
func TestRingsWithoutDataShareOneJudgement(t *testing.T) {
	t.Parallel()
	in := claimsInput()
	in.Pilot.Rings = append(in.Pilot.Rings, model.Ring{Name: "canary2"}, model.Ring{Name: "empty"})
	in.Obs["empty"] = map[string]Series{}
	ph := Evaluate(in)
	if len(ph.Rings) != 5 {
		t.Fatalf("%d rings, want 5 (baseline is not judged)", len(ph.Rings))
	}
	broad := ph.Rings[2]
	for _, r := range ph.Rings[2:] {
		// The reference: the same ring judged KPI by KPI.
		var want []KPIHealth
		for _, k := range in.Pilot.KPIs {
			var rb *float64
			if v, ok := in.BaselineMeans[k.Key]; ok {
				rb = &v
			}
			want = append(want, EvaluateKPI(k, Series{}, rb, in.AsOf))
		}
		ref := EvaluateRing(r.Ring, want)
		if !reflect.DeepEqual(r, ref) {
			t.Errorf("ring %s:\n got %+v\nwant %+v", r.Ring, r, ref)
		}
		if &r.KPIs[0] != &broad.KPIs[0] || cap(r.KPIs) != len(r.KPIs) || cap(r.Why) != len(r.Why) {
			t.Errorf("ring %s does not share broad's verdicts as a full slice", r.Ring)
		}
	}
	if &ph.Rings[0].KPIs[0] == &ph.Rings[1].KPIs[0] || &ph.Rings[1].KPIs[0] == &broad.KPIs[0] {
		t.Error("rings with data share verdicts")
	}
	grown := append(ph.Rings[3].KPIs, KPIHealth{Key: "extra"})
	grown[0].Key = "changed"
	if ph.Rings[4].KPIs[0].Key != "triage_min" || len(ph.Rings[4].KPIs) != 2 {
		t.Errorf("an append to one ring's verdicts changed another's: %+v", ph.Rings[4].KPIs)
	}
}

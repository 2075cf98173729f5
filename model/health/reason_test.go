package health

import (
	"encoding/json"
	"testing"

	"ringside/model"
)

// TestDeciding pins the one line every front end shows for a verdict:
// health's WHY column, the cockpit's KPI tab and the gate evidence.
func TestDeciding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		k    model.KPI
		s    Series
		want string
	}{
		// mean 6.5 ≤ 7: the target's judgement, not the trigger line after it
		{name: "pass with a trigger that did not fire", k: kpi("<= 7", trigger("> 9")), s: run("2026-01-31", 6, 7),
			want: "current 6.5 min meets target <= 7"},
		// mean 10 > 9: the fired trigger decides
		{name: "fired trigger", k: kpi("<= 7", trigger("> 9")), s: run("2026-01-31", 10),
			want: "rollback trigger > 9 fired: current 10 min"},
		// mean 7.5 misses <= 7 and meets the warning <= 8
		{name: "warning", k: kpi("<= 7", warning("<= 8"), trigger("> 9")), s: run("2026-01-31", 7.5),
			want: "current 7.5 min meets warning <= 8: warn"},
		// 15 days old: the no-data line, not the trigger's "not judged" after it
		{name: "stale", k: kpi("<= 7", trigger("> 9")), s: run("2026-01-16", 10),
			want: "latest observation 2026-01-16 is 15 days old (limit 14): no data"},
		// a pct target without a baseline cannot be judged: say so, not the level
		{name: "pct without a baseline", k: kpi("<= -10%"), s: run("2026-01-31", 6),
			want: "no baseline: pct criterion cannot be judged"},
		{name: "no target", k: model.KPI{Key: "x"}, s: run("2026-01-31", 6),
			want: "no target is defined: add one to judge this KPI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := EvaluateKPI(tt.k, tt.s, nil, asOf)
			if got := h.Deciding(); got != tt.want {
				t.Errorf("Deciding() = %q, want %q\nwhy:\n%q", got, tt.want, h.Why.Lines())
			}
		})
	}
}

// TestDecidingInconclusive: a pass the interval does not carry is decided
// by the inconclusive line, which comes after the target's.
func TestDecidingInconclusive(t *testing.T) {
	t.Parallel()
	k := kpi("<= 7")
	k.Confidence = 0.95
	h := EvaluateKPI(k, run("2026-01-31", 5, 9, 6, 7.5), nil, asOf) // mean 6.875 ≤ 7, spread wide
	if h.Status != Warn {
		t.Fatalf("status %s, want warn; why %q", h.Status, h.Why.Lines())
	}
	if r, _ := h.Why.last(KindInconclusive); h.Deciding() != r.Text || r.Text == "" {
		t.Errorf("Deciding() = %q, want the inconclusive line %q", h.Deciding(), r.Text)
	}
}

func TestRingDeciding(t *testing.T) {
	t.Parallel()
	// a fails its must-meet target, b warns: the failure decides
	r := EvaluateRing("pilot", []KPIHealth{kh("a", Fail, true, 1, false), kh("b", Warn, true, 1, false)})
	if got, want := r.Deciding(), "fail: critical KPI a fails"; got != want {
		t.Errorf("Deciding() = %q, want %q; why %q", got, want, r.Why.Lines())
	}
	// every KPI passes: the score line (100 × 2 ÷ 2 = 100) comes first
	r = EvaluateRing("pilot", []KPIHealth{kh("a", Pass, true, 1, false), kh("b", Pass, true, 1, false)})
	if got, want := r.Deciding(), "score 100 = 100 × 2 ÷ 2 (pass 1, warn 0.5, fail 0, weighted) over 2 of 2 KPIs with data"; got != want {
		t.Errorf("Deciding() = %q, want %q", got, want)
	}
}

// A reason is its text in JSON, with < left alone for an encoder told not
// to escape it and escaped by one that is.
func TestReasonJSON(t *testing.T) {
	t.Parallel()
	rs := Reasons{{Kind: KindTarget, Text: "current 6 meets target <= 7"}}
	b, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `["current 6 meets target \u003c= 7"]`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var back Reasons
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 1 || back[0].Text != rs[0].Text {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

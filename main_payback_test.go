package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func paybackJSON(t *testing.T, db string, args ...string) (int, map[string]any, string) {
	t.Helper()
	code, out, errs := ringside(t, db, append([]string{"payback", "--json"}, args...)...)
	var m map[string]any
	if code == 0 {
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("payback --json: %v\n%s", err, out)
		}
	}
	return code, m, errs
}

func TestPaybackFromFlags(t *testing.T) {
	db := t.TempDir() + "/p.db"
	// 120000 one-time, benefit 120000 − run 0 a year = 10000 a month: 12 months.
	code, m, errs := paybackJSON(t, db, "--one-time", "120000", "--run-cost", "0", "--annual-benefit", "120000")
	if code != 0 {
		t.Fatal(errs)
	}
	if v, ok := m["payback_months"].(float64); !ok || math.Abs(v-12) > 1e-9 {
		t.Errorf("payback_months = %v, want 12", m["payback_months"])
	}
	if v, ok := m["break_even_month"].(float64); !ok || math.Abs(v-12) > 1e-9 {
		t.Errorf("break_even_month = %v, want 12", m["break_even_month"])
	}
	for _, k := range []string{"annual_benefit", "annual_run_cost", "annual_net", "one_time_cost", "npv", "months", "scenarios"} {
		if _, ok := m[k]; !ok {
			t.Errorf("payback --json lacks %q", k)
		}
	}
	// Drivers: 9000 × 12 × 12 × 0.9 × 0.3 = 349920 a year.
	code, m, errs = paybackJSON(t, db, "--one-time", "180000", "--run-cost", "60000", "--volume", "9000", "--minutes", "12", "--cost-per-minute", "0.9", "--reduction", "0.3")
	if code != 0 || math.Abs(m["annual_benefit"].(float64)-349920) > 0.01 {
		t.Errorf("drivers: %d %v %s", code, m["annual_benefit"], errs)
	}
	// Never pays back: an answer (null), not an error.
	code, m, _ = paybackJSON(t, db, "--one-time", "50000", "--run-cost", "48000", "--annual-benefit", "6336")
	if code != 0 || m["payback_months"] != nil || m["break_even_month"] != nil {
		t.Errorf("never pays back: exit %d payback %v break-even %v", code, m["payback_months"], m["break_even_month"])
	}
	code, out, _ := ringside(t, db, "payback", "--one-time", "50000", "--run-cost", "48000", "--annual-benefit", "6336")
	if code != 0 || !strings.Contains(out, "never") || strings.Contains(out, "Inf") || strings.Contains(out, "NaN") {
		t.Errorf("text: %d %q", code, out)
	}
}

func TestPaybackBadInput(t *testing.T) {
	db := t.TempDir() + "/p.db"
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--one-time", "1", "--run-cost", "1", "--annual-benefit", "5", "--volume", "3"}, "not both"},
		{[]string{"--one-time", "1", "--run-cost", "1", "--volume", "3"}, "all four"},
		{[]string{"--one-time", "-5", "--run-cost", "1", "--annual-benefit", "5"}, "one_time_cost"},
		{[]string{"--one-time", "1", "--run-cost", "1", "--volume", "1", "--minutes", "1", "--cost-per-minute", "1", "--reduction", "1.5"}, "reduction"},
		{[]string{"--one-time", "1", "--run-cost", "1", "--annual-benefit", "5", "--horizon", "0"}, "horizon"},
		{[]string{"--pilot", "claims-triage", "--one-time", "5"}, "cannot be combined"},
		{[]string{"--annual-benefit", "5"}, "--one-time"},
	}
	for _, c := range cases {
		code, _, errs := ringside(t, db, append([]string{"payback"}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

func TestTriageFlagsTheStrugglingDemoPilots(t *testing.T) {
	db := demoDB(t)
	code, out, _ := ringside(t, db, "--as-of", "2026-11-20", "triage", "--json")
	if code != 1 {
		t.Fatalf("triage exit %d, want 1 (pilots flagged)", code)
	}
	var rep triageReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]map[string]bool{}
	for _, p := range rep.Pilots {
		kinds[p.Pilot] = map[string]bool{}
		for _, f := range p.Flags {
			if len(f.Evidence) == 0 {
				t.Errorf("%s %s has no evidence", p.Pilot, f.Kind)
			}
			kinds[p.Pilot][f.Kind] = true
		}
	}
	for _, want := range []string{"zombie", "cost_trap", "governance_gap"} {
		if !kinds["kb-article-drafts"][want] {
			t.Errorf("kb-article-drafts not flagged %s: %v", want, kinds["kb-article-drafts"])
		}
	}
	if len(kinds["hr-policy-bot"]) != 0 {
		t.Errorf("a stopped pilot is flagged: %v", kinds["hr-policy-bot"])
	}
}

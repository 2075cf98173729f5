package gates

import (
	"strings"
	"testing"

	"ringside/model"
)

func TestCriteria(t *testing.T) {
	t.Parallel()
	withPlan := func(plan model.GatePlan) *model.Pilot {
		p := claimsTriage()
		plan.Gate = model.GateG3
		p.Gates = []model.GatePlan{plan}
		return p
	}
	tests := []struct {
		name    string
		pilot   *model.Pilot
		gate    model.GateID
		wantIDs string // comma-separated, when no error
		wantErr string // substring
	}{
		{name: "no plan gives the defaults", pilot: withPlan(model.GatePlan{}), gate: model.GateG3,
			wantIDs: "g3-kpis-pilot, g3-adoption, g3-po-approved, g3-security-approved, g3-legal-approved, g3-no-critical-risk, g3-rollback-drilled"},
		{name: "plan of another gate is ignored", pilot: withPlan(model.GatePlan{Drop: []string{"g3-adoption"}}), gate: model.GateG5,
			wantIDs: "g5-kpis-broad, g5-training, g5-no-high-risk, g5-rollback-drilled, g5-adoption-approved, g5-po-approved"},
		{name: "docs example: drop one, add one after the defaults", pilot: claimsTriage(), gate: model.GateG3,
			wantIDs: "g3-kpis-pilot, g3-po-approved, g3-security-approved, g3-legal-approved, g3-no-critical-risk, g3-rollback-drilled, g3-works-council"},
		{name: "nil pilot gives the defaults", pilot: nil, gate: model.GateG1,
			wantIDs: "g1-hypothesis, g1-kpis-defined, g1-business-case, g1-risk-screen, g1-po-approved, g1-itso-approved"},
		{name: "unknown gate", pilot: claimsTriage(), gate: "G9", wantErr: `unknown gate "G9": use one of G1, G2, G3, G4, G5, PRG`},
		{name: "unknown drop", pilot: withPlan(model.GatePlan{Drop: []string{"g3-adopton"}}), gate: model.GateG3, wantErr: `drops unknown criterion "g3-adopton"`},
		{name: "unknown waiver", pilot: withPlan(model.GatePlan{Waivers: []model.Waiver{{Criterion: "nope", Reason: "r", Role: model.RoleLegal}}}), gate: model.GateG3, wantErr: `waives unknown criterion "nope"`},
		{name: "waiver of a dropped criterion", pilot: withPlan(model.GatePlan{Drop: []string{"g3-adoption"}, Waivers: []model.Waiver{{Criterion: "g3-adoption", Reason: "r", Role: model.RoleLegal}}}), gate: model.GateG3, wantErr: "which it also drops"},
		{name: "waiver without a reason", pilot: withPlan(model.GatePlan{Waivers: []model.Waiver{{Criterion: "g3-adoption", Role: model.RoleLegal}}}), gate: model.GateG3, wantErr: "needs a reason and the role"},
		{name: "waiver without a role", pilot: withPlan(model.GatePlan{Waivers: []model.Waiver{{Criterion: "g3-adoption", Reason: "r"}}}), gate: model.GateG3, wantErr: "needs a reason and the role"},
		{name: "waiver by an unknown role", pilot: withPlan(model.GatePlan{Waivers: []model.Waiver{{Criterion: "g3-adoption", Reason: "r", Role: "ceo"}}}), gate: model.GateG3, wantErr: `unknown role "ceo"`},
		{name: "waived twice", pilot: withPlan(model.GatePlan{Waivers: []model.Waiver{{Criterion: "g3-adoption", Reason: "r", Role: model.RoleLegal}, {Criterion: "g3-adoption", Reason: "s", Role: model.RoleLegal}}}), gate: model.GateG3, wantErr: "twice"},
		{name: "tick of an unknown criterion", pilot: withPlan(model.GatePlan{Ticks: []model.ManualTick{{Criterion: "g3-works-council"}}}), gate: model.GateG3, wantErr: `ticks unknown criterion "g3-works-council"`},
		{name: "added over a default", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "g3-adoption", Kind: model.KindManual, Text: "x"}}}), gate: model.GateG3, wantErr: "twice or over a default"},
		{name: "added with an unknown kind", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: "vibe", Text: "x"}}}), gate: model.GateG3, wantErr: `unknown criterion kind "vibe"`},
		{name: "added without text", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindManual}}}), gate: model.GateG3, wantErr: "needs an id and a text"},
		{name: "added KPI the pilot lacks", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindKPI, KPI: "nps", Text: "x"}}}), gate: model.GateG3, wantErr: `names KPI "nps"`},
		{name: "added sign-off of an unknown role", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindSignoff, Role: "cfo", Text: "x"}}}), gate: model.GateG3, wantErr: `unknown role "cfo"`},
		{name: "added risk out of range", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindRisk, MaxScore: 26, Text: "x"}}}), gate: model.GateG3, wantErr: "max_score 26"},
		{name: "added runbook of unknown kind", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindRunbook, RunbookKind: "dr", Text: "x"}}}), gate: model.GateG3, wantErr: `unknown runbook kind "dr"`},
		{name: "added runbook negative days", pilot: withPlan(model.GatePlan{Add: []model.GateCriterion{{ID: "x", Kind: model.KindRunbook, RunbookKind: model.RunbookIncident, WithinDays: -1, Text: "x"}}}), gate: model.GateG3, wantErr: "within_days -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := Criteria(tt.pilot, tt.gate)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := idList(cs); got != tt.wantIDs {
				t.Fatalf("ids = %s\nwant  %s", got, tt.wantIDs)
			}
		})
	}
}

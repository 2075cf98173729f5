package gates

import (
	"time"

	"ringside/model"
)

func f64(x float64) *float64 { return &x }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// claimsTriage is the claims-triage pilot of docs/portfolio.md at its G3
// review: the PII risk (3×5 = 15) is still being mitigated, the legal
// sign-off is waived, adoption is dropped and a works-council tick is added.
func claimsTriage() *model.Pilot {
	return &model.Pilot{
		Slug: "claims-triage", Name: "Claims email triage assistant", Stage: model.StagePilot,
		Owners: map[model.Role]string{
			model.RoleProductOwner: "Dana Ruiz", model.RoleITServiceOwner: "Sam Okafor",
			model.RoleSecurity: "Lee Park", model.RoleLegal: "Ola Berg",
		},
		Rings: []model.Ring{
			{Name: "pilot", Population: 25, Status: model.RingActive, Start: model.MustDate("2026-01-05")},
			{Name: "canary", Population: 240, Status: model.RingPlanned},
		},
		KPIs: []model.KPI{
			{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: f64(12),
				Target: model.MustCriterion("<= -30%"), Rollback: model.MustCriterion("> +5%"), Critical: true},
			{Key: "misroute_pct", Name: "Misrouting", Unit: "%", Better: model.BetterLower, Baseline: f64(8),
				Target: model.MustCriterion("pct <= 0"), Critical: true},
			{Key: "csat", Name: "Handler satisfaction", Better: model.BetterHigher,
				Target: model.MustCriterion(">= 4"), Critical: false},
		},
		Risks: []model.Risk{
			{Title: "PII in email bodies reaches prompts", Category: "privacy", Likelihood: 3, Impact: 5,
				ResidualLikelihood: 1, ResidualImpact: 5, Owner: "Lee Park", Status: model.RiskMitigating},
			{Title: "Misrouted urgent claims", Category: "operational", Likelihood: 2, Impact: 4, Status: model.RiskOpen},
		},
		Runbooks: []model.Runbook{{
			Title: "Roll back to manual triage", Kind: model.RunbookRollback, TargetRestoreMin: 15,
			Drills: []model.Drill{{Date: model.MustDate("2026-01-20"), By: "Sam Okafor", Outcome: model.DrillSuccess, RestoreMin: 11}},
		}},
		Gates: []model.GatePlan{{
			Gate:    model.GateG3,
			Add:     []model.GateCriterion{{ID: "g3-works-council", Kind: model.KindManual, Text: "Works council informed"}},
			Drop:    []string{"g3-adoption"},
			Waivers: []model.Waiver{{Criterion: "g3-legal-approved", Reason: "No personal data leaves the tenant", Role: model.RoleSecurity}},
			Ticks:   []model.ManualTick{{Criterion: "g3-works-council", By: "Dana Ruiz", At: at("2026-02-02T10:00:00Z"), Evidence: "Minutes 2026-02-01"}},
		}},
	}
}

// claimsFacts are the health engine's verdicts for the pilot ring.
// triage_min: (8.1 − 12) ÷ 12 = −32.5 % meets <= −30 %; misroute_pct: (7.6 − 8) ÷ 8 = −5 % meets pct <= 0.
func claimsFacts() []KPIFact {
	return []KPIFact{
		{Ring: "pilot", Key: "triage_min", Status: KPIPass, Critical: true, Evidence: "current 8.1 min vs baseline 12 (-32.5 %), target <= -30%"},
		{Ring: "pilot", Key: "misroute_pct", Status: KPIPass, Critical: true, Evidence: "current 7.6 % vs baseline 8 (-5 %), target pct <= 0"},
		{Ring: "pilot", Key: "csat", Status: KPIFail, Critical: false, Evidence: "current 3.2 vs target >= 4"},
	}
}

var asOf = model.MustDate("2026-02-15")

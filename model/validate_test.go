package model

import (
	"math"
	"strings"
	"testing"
	"time"
)

func ptr(f float64) *float64 { return &f }

// validPilot uses every part of a pilot and passes validation; each case
// below breaks one thing.
func validPilot() Pilot {
	return Pilot{
		Slug:       "claims-triage",
		Name:       "Claims email triage assistant",
		Stage:      StagePilot,
		StageSince: MustDate("2026-01-05"),
		Hypothesis: Hypothesis{Text: "Cut triage to 7 minutes", Locked: true, Revisions: []HypothesisRevision{
			{Text: "Cut triage to 8 minutes", Reason: "Baseline re-measured", By: "Dana Ruiz", At: time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)},
		}},
		Owners: map[Role]string{RoleProductOwner: "Dana Ruiz", RoleSecurity: "Lee Park"},
		Rings: []Ring{
			{Name: "pilot", Population: 25, Exposure: 0.02, Status: RingActive, Start: MustDate("2026-01-05")},
			{Name: "canary", Population: 240, Status: RingPlanned},
		},
		KPIs: []KPI{
			{Key: "triage_min", Name: "Triage time", Better: BetterLower, Baseline: ptr(12), Target: MustCriterion("<= -30%"),
				Warning: MustCriterion("<= -20%"), Rollback: MustCriterion("> +5%"), Critical: true, Window: 7},
			{Key: "misroute_pct", Better: BetterLower, Target: MustCriterion("pct <= 0")},
		},
		Payback: &PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000, MinutesPerUnit: 12,
			CostPerMinute: 0.9, ReductionKPI: "triage_min", Ring: "pilot", Ramp: []float64{0.25, 0.5, 1},
			DiscountRate: ptr(0.1), HorizonMonths: 36, RiskAdjustment: 0.2},
		Risks: []Risk{{Title: "PII reaches prompts", Category: "privacy", Likelihood: 3, Impact: 5,
			ResidualLikelihood: 1, ResidualImpact: 5, Status: RiskMitigating}},
		Runbooks: []Runbook{{Title: "Roll back", Kind: RunbookRollback, TargetRestoreMin: 15, Drills: []Drill{
			{Date: MustDate("2026-01-20"), Outcome: DrillSuccess, RestoreMin: 11, Steps: []DrillStep{{Step: "Disable flag", Done: true, AtSec: 40}}},
		}}},
		Gates: []GatePlan{{Gate: GateG3,
			Add: []GateCriterion{
				{ID: "g3-works-council", Kind: KindManual, Text: "Works council informed"},
				{ID: "g3-triage", Kind: KindKPI, Text: "Triage target met", KPI: "triage_min", Ring: "pilot"},
				{ID: "g3-sec", Kind: KindSignoff, Text: "Security approved", Role: RoleSecurity},
				{ID: "g3-risk", Kind: KindRisk, Text: "No high risks", MaxScore: 10},
				{ID: "g3-drill", Kind: KindRunbook, Text: "Rollback drilled", RunbookKind: RunbookRollback, WithinDays: 30},
			},
			Drop:    []string{"g3-adoption"},
			Waivers: []Waiver{{Criterion: "g3-legal", Reason: "No personal data leaves the tenant", Role: RoleSecurity}},
			Ticks:   []ManualTick{{Criterion: "g3-works-council", By: "Dana Ruiz"}},
		}},
		Signoffs: []Signoff{{Gate: GateG3, Role: RoleProductOwner, Person: "Dana Ruiz", Decision: DecisionApprove,
			Meaning: "Outcome verified", At: time.Date(2026, 2, 3, 14, 5, 0, 0, time.UTC)}},
		Reviews: []GateReview{{Gate: GateG3, Date: MustDate("2026-02-03"), Decision: ReviewConditional,
			Actions: []ActionItem{{What: "Enforce DLP", Who: "Lee Park"}}}},
	}
}

func TestValidateValidPilot(t *testing.T) {
	t.Parallel()
	p := validPilot()
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("valid pilot: got %v", errs)
	}
	empty := Pilot{Slug: "x", Name: "X", Stage: StageIdea}
	if errs := empty.Validate(); len(errs) != 0 {
		t.Fatalf("minimal pilot: got %v", errs)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		breakP func(p *Pilot)
		want   []FieldError // Msg is matched as a substring
	}{
		{"bad slug", func(p *Pilot) { p.Slug = "Claims Triage" }, []FieldError{{"slug", `contains 'C'`}}},
		{"no name", func(p *Pilot) { p.Name = "  " }, []FieldError{{"name", "name is required"}}},
		{"no stage", func(p *Pilot) { p.Stage = "" }, []FieldError{{"stage", "stage is required: use one of idea, mvp"}}},
		{"unknown stage", func(p *Pilot) { p.Stage = "beta" }, []FieldError{{"stage", `unknown stage "beta": use one of idea, mvp, pilot`}}},
		{"locked without text", func(p *Pilot) { p.Hypothesis.Text = "" }, []FieldError{{"hypothesis.text", "locked hypothesis needs its text"}}},
		{"revision without reason", func(p *Pilot) { p.Hypothesis.Revisions[0].Reason = "" }, []FieldError{{"hypothesis.revisions[0].reason", "reason"}}},
		{"unknown roles, sorted", func(p *Pilot) { p.Owners["zz"] = "A"; p.Owners["cto"] = "B" }, []FieldError{
			{"owners.cto", `unknown role "cto"`}, {"owners.zz", `unknown role "zz"`}}},
		{"duplicate ring", func(p *Pilot) { p.Rings[1].Name = "pilot" }, []FieldError{{"rings[1].name", "already defined as rings[0]"}}},
		{"ring name control char", func(p *Pilot) { p.Rings[1].Name = "can\x1bary" }, []FieldError{{"rings[1].name", "control character"}}},
		{"ring numbers", func(p *Pilot) { p.Rings[0].Population = -1; p.Rings[0].Exposure = 1.5 }, []FieldError{
			{"rings[0].population", "0 or more, got -1"}, {"rings[0].exposure", "from 0 to 1, got 1.5"}}},
		{"ring status", func(p *Pilot) { p.Rings[0].Status = "live" }, []FieldError{{"rings[0].status", `unknown ring status "live"`}}},
		{"duplicate KPI ignoring case", func(p *Pilot) { p.KPIs[1].Key = "Triage_Min" }, []FieldError{{"kpis[1].key", "repeats kpis[0]"}}},
		{"KPI fields", func(p *Pilot) {
			k := &p.KPIs[0]
			k.Better, k.Target, k.Weight, k.Window = "down", Criterion{}, new(-1.0), 367
		}, []FieldError{
			{"kpis[0].better", `unknown better "down"`},
			{"kpis[0].target", "target is required"},
			{"kpis[0].weight", "0 or more, got -1"},
			{"kpis[0].window", "must be 0–366, got 367"},
		}},
		{"criterion built in code", func(p *Pilot) {
			p.KPIs[0].Warning = Criterion{Subject: "level", Op: "==", Value: math.NaN()}
		}, []FieldError{
			{"kpis[0].warning", `unknown criterion subject "level"`},
			{"kpis[0].warning", `unknown criterion operator "=="`},
			{"kpis[0].warning", "finite"},
		}},
		{"payback negative", func(p *Pilot) { p.Payback.OneTimeCost = -1; p.Payback.Ramp[1] = 2 }, []FieldError{
			{"payback.one_time_cost", "0 or more, got -1"}, {"payback.ramp[1]", "from 0 to 1, got 2"}}},
		{"payback unknown KPI and ring", func(p *Pilot) { p.Payback.ReductionKPI = "speed"; p.Payback.Ring = "broad" }, []FieldError{
			{"payback.reduction", `no KPI has the key "speed": give a fraction from 0 to 1 or one of triage_min, misroute_pct`},
			{"payback.ring", `no ring is named "broad": use one of pilot, canary`}}},
		{"payback fraction too big", func(p *Pilot) { p.Payback.ReductionKPI = ""; p.Payback.Reduction = 1.2 }, []FieldError{
			{"payback.reduction", "fraction from 0 to 1 or a KPI key, got 1.2"}}},
		{"payback benefit and drivers", func(p *Pilot) { p.Payback.AnnualBenefit = ptr(250000) }, []FieldError{
			{"payback.annual_benefit", "not both"}}},
		{"payback rates", func(p *Pilot) {
			p.Payback.DiscountRate, p.Payback.HorizonMonths, p.Payback.RiskAdjustment = ptr(-0.1), -1, math.Inf(1)
		}, []FieldError{
			{"payback.discount_rate", "got -0.1"}, {"payback.horizon_months", "must be 0–1200, got -1"},
			{"payback.risk_adjustment", "got +Inf"}}},
		{"risk ranges", func(p *Pilot) {
			r := &p.Risks[0]
			r.Likelihood, r.Impact, r.ResidualLikelihood, r.ResidualImpact = 0, 6, 6, 2
		}, []FieldError{
			{"risks[0].likelihood", "must be 1–5, got 0"}, {"risks[0].impact", "must be 1–5, got 6"},
			{"risks[0].residual_likelihood", "must be 1–5 (or left out when not assessed), got 6"}}},
		{"residual half set", func(p *Pilot) { p.Risks[0].ResidualImpact = 0 }, []FieldError{
			{"risks[0].residual_likelihood", "together"}}},
		{"risk enums", func(p *Pilot) { p.Risks[0].Category = "legal"; p.Risks[0].Status = "" }, []FieldError{
			{"risks[0].category", `unknown risk category "legal"`}, {"risks[0].status", "risk status is required"}}},
		{"runbook", func(p *Pilot) {
			rb := &p.Runbooks[0]
			rb.Title, rb.Kind = "", "playbook"
			rb.Drills[0].Date, rb.Drills[0].Outcome, rb.Drills[0].Steps[0].Step = 0, "ok", ""
		}, []FieldError{
			{"runbooks[0].title", "title is required"}, {"runbooks[0].kind", `unknown runbook kind "playbook"`},
			{"runbooks[0].drills[0].date", "date is required"}, {"runbooks[0].drills[0].outcome", `unknown drill outcome "ok"`},
			{"runbooks[0].drills[0].steps[0].step", "step is required"}}},
		{"gate id and duplicate", func(p *Pilot) {
			p.Gates = append(p.Gates, GatePlan{Gate: GateG3}, GatePlan{Gate: "G9"})
		}, []FieldError{{"gates.G3", "planned twice"}, {"gates.G9", `unknown gate "G9": use one of G1, G2, G3, G4, G5, PRG`}}},
		{"criterion ids", func(p *Pilot) {
			p.Gates[0].Add[1].ID = "g3-works-council"
			p.Gates[0].Add[2].ID = ""
		}, []FieldError{{"gates.G3.add[1].id", "already used by add[0]"}, {"gates.G3.add[2].id", "criterion id is required"}}},
		{"criterion kinds", func(p *Pilot) {
			a := p.Gates[0].Add
			a[0].Kind = "vote"
			a[1].KPI, a[1].Ring = "nps", "broad"
			a[2].Role = ""
			a[3].MaxScore = 26
			a[4].RunbookKind, a[4].WithinDays = "", -1
		}, []FieldError{
			{"gates.G3.add[0].kind", `unknown criterion kind "vote"`},
			{"gates.G3.add[1].kpi", `no KPI has the key "nps"`},
			{"gates.G3.add[1].ring", `no ring is named "broad"`},
			{"gates.G3.add[2].role", "role is required"},
			{"gates.G3.add[3].max_score", "must be 1–25, got 26"},
			{"gates.G3.add[4].runbook_kind", "runbook kind is required"},
			{"gates.G3.add[4].within_days", "0 or more, got -1"}}},
		{"waiver and tick", func(p *Pilot) {
			p.Gates[0].Waivers[0].Reason, p.Gates[0].Waivers[0].Role = "", "cfo"
			p.Gates[0].Ticks[0].By = ""
			p.Gates[0].Drop[0] = ""
		}, []FieldError{
			{"gates.G3.drop[0]", "criterion id is required"},
			{"gates.G3.waive[0].reason", "reason (a waiver needs one) is required"},
			{"gates.G3.waive[0].role", `unknown role "cfo"`},
			{"gates.G3.ticks[0].by", "is required"}}},
		{"signoff", func(p *Pilot) {
			s := &p.Signoffs[0]
			s.Gate, s.Role, s.Person, s.Decision, s.Meaning, s.At = "G0", "", "", "yes", "", time.Time{}
		}, []FieldError{
			{"signoffs[0].gate", `unknown gate "G0"`}, {"signoffs[0].role", "role is required"},
			{"signoffs[0].person", "person is required"}, {"signoffs[0].decision", `unknown decision "yes"`},
			{"signoffs[0].meaning", "meaning"}, {"signoffs[0].at", "at is required"}}},
		{"review", func(p *Pilot) {
			r := &p.Reviews[0]
			r.Gate, r.Date, r.Decision, r.Actions[0].What = "", 0, "maybe", ""
		}, []FieldError{
			{"reviews[0].gate", "gate is required"}, {"reviews[0].date", "date is required"},
			{"reviews[0].decision", `unknown review decision "maybe"`}, {"reviews[0].actions[0].what", "what is required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPilot()
			tt.breakP(&p)
			got := p.Validate()
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				if got[i].Path != w.Path || !strings.Contains(got[i].Msg, w.Msg) {
					t.Errorf("error %d = %q, want path %q and a message containing %q", i, got[i].Error(), w.Path, w.Msg)
				}
			}
		})
	}
}

func TestValidSlug(t *testing.T) {
	t.Parallel()
	tests := []struct {
		slug string
		want string // "" = valid; else a substring of the error
	}{
		{"claims-triage", ""},
		{"a", ""},
		{"g3-2026", ""},
		{strings.Repeat("a", 64), ""},
		{strings.Repeat("a", 65), "65 characters long"},
		{"", "slug is required"},
		{"Claims", `contains 'C'`},
		{"claims_triage", `contains '_'`},
		{"claims triage", `contains ' '`},
		{"tri\x00age", `contains '\x00'`},
		{"café", `contains 'é'`},
	}
	for _, tt := range tests {
		err := ValidSlug(tt.slug)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ValidSlug(%q) = %v, want nil", tt.slug, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("ValidSlug(%q) = %v, want an error containing %q", tt.slug, err, tt.want)
		}
	}
}

func TestFieldErrorString(t *testing.T) {
	t.Parallel()
	if got := (FieldError{Path: "kpis[1].target", Msg: "target is required"}).Error(); got != "kpis[1].target: target is required" {
		t.Errorf("got %q", got)
	}
	if got := (FieldError{Msg: "bad"}).Error(); got != "bad" {
		t.Errorf("got %q", got)
	}
}

package gates

import (
	"regexp"
	"strings"
	"testing"

	"ringside/model"
)

func hashBase() []CriterionResult {
	return []CriterionResult{
		{ID: "g3-kpis-pilot", Kind: "kpi", Text: "KPIs pass", Status: Met, Evidence: "current 8.1"},
		{ID: "g3-po-approved", Kind: "signoff", Text: "PO approved", Status: Unknown, Evidence: "no sign-off yet"},
		{ID: "g3-legal-approved", Kind: "signoff", Text: "Legal approved", Status: Waived, Waiver: &WaiverInfo{Reason: "No PII", Role: "security"}},
	}
}

func TestChecklistHash(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	base := hashBase
	ref := ChecklistHash(p, model.GateG3, base())
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(ref) {
		t.Fatalf("hash %q is not 64 hex digits", ref)
	}
	tests := []struct {
		name    string
		mod     func([]CriterionResult) []CriterionResult
		pilot   func(p *model.Pilot) // what was agreed changes, the verdicts do not
		gate    model.GateID
		slug    string
		changes bool
	}{
		// Definitions: the attack loosened servicedesk-copilot's
		// targets and dropped its rollback triggers with every verdict unchanged.
		{name: "KPI target loosened", pilot: func(p *model.Pilot) { p.KPIs[0].Target = model.MustCriterion(">= -100%") }, changes: true},
		{name: "KPI target rewritten alike", pilot: func(p *model.Pilot) { p.KPIs[0].Target = model.MustCriterion("pct <= -30") }, changes: true},
		{name: "rollback trigger removed", pilot: func(p *model.Pilot) { p.KPIs[0].Rollback = model.Criterion{} }, changes: true},
		{name: "warning added", pilot: func(p *model.Pilot) { p.KPIs[1].Warning = model.MustCriterion("pct <= 5") }, changes: true},
		{name: "KPI made should-meet", pilot: func(p *model.Pilot) { p.KPIs[1].Critical = false }, changes: true},
		{name: "KPI window widened", pilot: func(p *model.Pilot) { p.KPIs[0].Window = 28 }, changes: true},
		{name: "KPI baseline moved", pilot: func(p *model.Pilot) { *p.KPIs[0].Baseline = 14 }, changes: true},
		{name: "KPI weight", pilot: func(p *model.Pilot) { p.KPIs[2].Weight = new(3.0) }, changes: true},
		{name: "KPI weight 0 is not the default", pilot: func(p *model.Pilot) { p.KPIs[2].Weight = new(0.0) }, changes: true},
		{name: "KPI removed", pilot: func(p *model.Pilot) { p.KPIs = p.KPIs[:2] }, changes: true},
		{name: "another criterion dropped", pilot: func(p *model.Pilot) { p.Gates[0].Drop = append(p.Gates[0].Drop, "g3-no-critical-risk") }, changes: true},
		{name: "added criterion redefined", pilot: func(p *model.Pilot) {
			p.Gates[0].Add[0] = model.GateCriterion{ID: "g3-kpis-pilot", Kind: model.KindKPI, Ring: "canary", Text: "KPIs pass"}
		}, changes: true},
		// Which roles must sign with their own key is part of what was agreed.
		{name: "a role required to sign", pilot: func(p *model.Pilot) { p.Gates[0].RequireSigned = []model.Role{model.RoleSecurity} }, changes: true},
		{name: "risk evidence is not a definition", pilot: func(p *model.Pilot) { p.Risks[1].Likelihood = 1 }, changes: false},
		{name: "same input", changes: false},
		{name: "evidence moves", mod: func(cs []CriterionResult) []CriterionResult { cs[0].Evidence = "current 7.9"; return cs }, changes: false},
		{name: "sign-off verdict follows a signature", mod: func(cs []CriterionResult) []CriterionResult { cs[1].Status = Met; return cs }, changes: false},
		{name: "dimension is presentation", mod: func(cs []CriterionResult) []CriterionResult { cs[0].Dimension = "observability"; return cs }, changes: false},
		{name: "status changes", mod: func(cs []CriterionResult) []CriterionResult { cs[0].Status = Unmet; return cs }, changes: true},
		{name: "text changes", mod: func(cs []CriterionResult) []CriterionResult { cs[0].Text = "KPIs passed"; return cs }, changes: true},
		{name: "id changes", mod: func(cs []CriterionResult) []CriterionResult { cs[0].ID = "g3-kpis"; return cs }, changes: true},
		{name: "kind changes", mod: func(cs []CriterionResult) []CriterionResult { cs[0].Kind = "manual"; return cs }, changes: true},
		{name: "waiver reason changes", mod: func(cs []CriterionResult) []CriterionResult { cs[2].Waiver.Reason = "No PII at all"; return cs }, changes: true},
		{name: "waiver role changes", mod: func(cs []CriterionResult) []CriterionResult { cs[2].Waiver.Role = "legal"; return cs }, changes: true},
		{name: "waiver lifted", mod: func(cs []CriterionResult) []CriterionResult { cs[2].Waiver, cs[2].Status = nil, Unknown; return cs }, changes: true},
		{name: "order changes", mod: func(cs []CriterionResult) []CriterionResult { cs[0], cs[1] = cs[1], cs[0]; return cs }, changes: true},
		{name: "criterion dropped", mod: func(cs []CriterionResult) []CriterionResult { return cs[1:] }, changes: true},
		{name: "another gate", gate: model.GateG4, changes: true},
		{name: "another pilot", slug: "hr-onboarding", changes: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := base()
			if tt.mod != nil {
				cs = tt.mod(cs)
			}
			gate := model.GateG3
			if tt.gate != "" {
				gate = tt.gate
			}
			q := claimsTriage()
			if tt.slug != "" {
				q.Slug = tt.slug
			}
			if tt.pilot != nil {
				tt.pilot(q)
			}
			got := ChecklistHash(q, gate, cs)
			if (got != ref) != tt.changes {
				t.Errorf("hash changed = %v, want %v", got != ref, tt.changes)
			}
		})
	}
}

// The roles a gate requires signed sign-offs of are hashed as a set: adding
// or removing one changes the hash, their order and repeats do not.
func TestChecklistHashRequireSigned(t *testing.T) {
	t.Parallel()
	with := func(roles ...model.Role) string {
		p := claimsTriage()
		p.Gates[0].RequireSigned = roles
		return ChecklistHash(p, model.GateG3, hashBase())
	}
	both := with(model.RoleSecurity, model.RoleLegal)
	if both != with(model.RoleLegal, model.RoleSecurity, model.RoleLegal) {
		t.Error("the order or a repeat of require_signed changed the hash")
	}
	if both == with(model.RoleSecurity) || with(model.RoleSecurity) == with() || with(model.RoleSecurity) == with(model.RoleLegal) {
		t.Error("changing which roles must sign left the hash unchanged")
	}
	if !strings.Contains(ChecklistText(claimsTriage(), model.GateG3, hashBase()), "dropped") ||
		strings.Contains(ChecklistText(claimsTriage(), model.GateG3, hashBase()), "require_signed") {
		t.Error("a gate that requires no signed role writes a require_signed line: older hashes would change")
	}
}

// FuzzChecklistHashFieldsCannotBeForged: moving characters between fields,
// or hiding a field separator or newline in a text, must change the hash.
func FuzzChecklistHashFieldsCannotBeForged(f *testing.F) {
	f.Add("g3-kpis", "pilot", "KPIs pass")
	f.Add("a", "\" \"", "b\ncriterion \"x\"")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, id, split, text string) {
		p := &model.Pilot{Slug: "s"}
		a := ChecklistHash(p, model.GateG3, []CriterionResult{{ID: id + split, Kind: "manual", Text: text, Status: Met}})
		b := ChecklistHash(p, model.GateG3, []CriterionResult{{ID: id, Kind: "manual", Text: split + text, Status: Met}})
		if split != "" && a == b {
			t.Fatalf("moving %q from id to text left the hash unchanged", split)
		}
		c := ChecklistHash(p, model.GateG3, []CriterionResult{{ID: id, Kind: "manual", Text: text, Status: Met}, {ID: split, Kind: "manual", Text: text, Status: Met}})
		d := ChecklistHash(p, model.GateG3, []CriterionResult{{ID: id, Kind: "manual", Text: text + split, Status: Met}})
		if c == d {
			t.Fatal("one criterion forged two")
		}
	})
}

package gates

import (
	"strings"
	"testing"

	"ringside/model"
)

func TestPlanEdits(t *testing.T) {
	t.Parallel()
	ids := func(p *model.Pilot) string {
		cs, err := Criteria(p, model.GateG3)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return strings.Join(out, " ")
	}
	p := &model.Pilot{Slug: "x"}
	// G3's seven defaults; adding one puts it last.
	if err := AddCriterion(p, model.GateG3, model.GateCriterion{ID: "g3-council", Kind: model.KindManual, Text: "Works council informed"}); err != nil {
		t.Fatal(err)
	}
	if got, want := ids(p), "g3-kpis-pilot g3-adoption g3-po-approved g3-security-approved g3-legal-approved g3-no-critical-risk g3-rollback-drilled g3-council"; got != want {
		t.Errorf("after add: %s", got)
	}
	if err := AddCriterion(p, model.GateG3, model.GateCriterion{ID: "g3-adoption", Kind: model.KindManual, Text: "x"}); err == nil {
		t.Error("adding an id the gate has was accepted")
	}
	// Dropping a default lists it in drop; dropping an added one removes it,
	// and its waiver goes with it.
	if err := Waive(p, model.GateG3, "g3-council", "not needed", model.RoleLegal); err != nil {
		t.Fatal(err)
	}
	if err := DropCriterion(p, model.GateG3, "g3-adoption"); err != nil {
		t.Fatal(err)
	}
	if err := DropCriterion(p, model.GateG3, "g3-council"); err != nil {
		t.Fatal(err)
	}
	pl, _ := p.GatePlan(model.GateG3)
	if len(pl.Add) != 0 || len(pl.Waivers) != 0 || strings.Join(pl.Drop, ",") != "g3-adoption" {
		t.Errorf("plan after drops: %+v", pl)
	}
	if err := DropCriterion(p, model.GateG3, "g3-adoption"); err == nil {
		t.Error("dropping twice was accepted")
	}
	// A waiver lifted counts again; lifting one that is not there is an error.
	if err := Waive(p, model.GateG3, "g3-legal-approved", "no personal data", model.RoleLegal); err != nil {
		t.Fatal(err)
	}
	if err := LiftWaiver(p, model.GateG3, "g3-legal-approved"); err != nil {
		t.Fatal(err)
	}
	if err := LiftWaiver(p, model.GateG3, "g3-legal-approved"); err == nil {
		t.Error("lifting a waiver twice was accepted")
	}
	// The role a criterion concerns: a sign-off's role, else none.
	for crit, want := range map[string]model.Role{"g3-legal-approved": model.RoleLegal, "g3-po-approved": model.RoleProductOwner, "g3-kpis-pilot": "", "nosuch": ""} {
		if got := RoleOf(p, model.GateG3, crit); got != want {
			t.Errorf("RoleOf(%s) = %q, want %q", crit, got, want)
		}
	}
}

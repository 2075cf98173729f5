package ui

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestFormGateWaiver: on the Gates tab (claims-triage faces G3), e → waive
// → a criterion opens the waiver form on the role the criterion concerns:
// legal for g3-legal-approved; a criterion of no one role starts on none
// and must be given one. One gate.plan entry.
func TestFormGateWaiver(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("6", "e")
	d.must("What to change in G3?", "Waive a criterion", "Add a criterion", "Drop a criterion")
	d.keys("enter")
	d.must("Which criterion to waive?", "g3-adoption")
	d.keys("down") // g3-adoption: no role of its own
	d.keys("enter")
	d.must("Waive g3-adoption", "(choose the role that grants it)")
	d.typeText("measured in the canary instead")
	d.keys("enter")
	head := uitest.HeadHash(t, s)
	d.keys("enter")
	d.must("choose the role that grants the waiver")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a waiver without a role wrote something")
	}
	d.keys("esc")
	// g3-legal-approved: legal's sign-off, so the form starts on legal.
	d.keys("e", "enter")
	d.must("Which criterion to waive?")
	d.keys("down", "down", "down", "down", "enter")
	d.must("Waive g3-legal-approved", "> legal")
	d.checkFrame(80, 24)
	checkGolden(t, "form_gate_waive_80x24", d.screen())
	d.typeText("no personal data leaves the tenant")
	d.keys("enter", "enter")
	p := mustPilot(t, s, "claims-triage")
	pl, _ := p.GatePlan(model.GateG3)
	if len(pl.Waivers) != 1 || pl.Waivers[0] != (model.Waiver{Criterion: "g3-legal-approved", Reason: "no personal data leaves the tenant", Role: model.RoleLegal}) {
		t.Fatalf("waivers %+v", pl.Waivers)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionGatePlanEdit || e.Summary != "waived g3-legal-approved of G3 in claims-triage (legal): no personal data leaves the tenant" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestFormGateAddDropLift: add a manual criterion, drop a default one and
// lift the waiver just made, each one entry, on the G3 of claims-triage.
func TestFormGateAddDropLift(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("6", "e", "down", "enter") // Add a criterion
	d.must("Add criterion · G3 · claims-triage")
	d.keys("enter")
	d.must("an id is required")
	d.typeText("g3-dpia")
	d.keys("enter")
	d.typeText("DPIA signed by the DPO")
	d.keys("enter")
	p := mustPilot(t, s, "claims-triage")
	pl, _ := p.GatePlan(model.GateG3)
	if n := len(pl.Add); n == 0 || pl.Add[n-1].ID != "g3-dpia" || pl.Add[n-1].Kind != model.KindManual {
		t.Fatalf("added %+v", pl.Add)
	}
	d.keys("e", "down", "down", "enter") // Drop a criterion
	d.must("Which criterion to drop?")
	d.keys("down", "enter") // g3-adoption
	d.must("Drop g3-adoption from G3?")
	d.keys("left", "enter")
	p = mustPilot(t, s, "claims-triage")
	pl, _ = p.GatePlan(model.GateG3)
	if len(pl.Drop) != 1 || pl.Drop[0] != "g3-adoption" {
		t.Fatalf("dropped %+v", pl.Drop)
	}
	if e := uitest.LastAudit(t, s); e.Summary != "dropped criterion g3-adoption from G3 of claims-triage" {
		t.Fatalf("audit entry %+v", e)
	}
	d.keys("u") // undo the drop
	p = mustPilot(t, s, "claims-triage")
	if pl, _ := p.GatePlan(model.GateG3); len(pl.Drop) != 0 {
		t.Fatalf("undo left drop %+v", pl.Drop)
	}
	uitest.VerifyOK(t, s)
}

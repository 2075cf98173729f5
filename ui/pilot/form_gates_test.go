package pilot

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestFormGateAddDropLift: add a manual criterion, drop a default one and
// lift the waiver just made, each one entry, on the G3 of claims-triage.
func TestFormGateAddDropLift(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("6", "e", "down", "enter") // Add a criterion
	d.Must("Add criterion · G3 · claims-triage")
	d.Keys("enter")
	d.Must("an id is required")
	d.Type("g3-dpia")
	d.Keys("enter")
	d.Type("DPIA signed by the DPO")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	pl, _ := p.GatePlan(model.GateG3)
	if n := len(pl.Add); n == 0 || pl.Add[n-1].ID != "g3-dpia" || pl.Add[n-1].Kind != model.KindManual {
		t.Fatalf("added %+v", pl.Add)
	}
	d.Keys("e", "down", "down", "enter") // Drop a criterion
	d.Must("Which criterion to drop?")
	d.Keys("down", "enter") // g3-adoption
	d.Must("Drop g3-adoption from G3?")
	d.Keys("left", "enter")
	p = uitest.MustPilot(t, s, "claims-triage")
	pl, _ = p.GatePlan(model.GateG3)
	if len(pl.Drop) != 1 || pl.Drop[0] != "g3-adoption" {
		t.Fatalf("dropped %+v", pl.Drop)
	}
	if e := uitest.LastAudit(t, s); e.Summary != "dropped criterion g3-adoption from G3 of claims-triage" {
		t.Fatalf("audit entry %+v", e)
	}
	d.Keys("u") // undo the drop
	p = uitest.MustPilot(t, s, "claims-triage")
	if pl, _ := p.GatePlan(model.GateG3); len(pl.Drop) != 0 {
		t.Fatalf("undo left drop %+v", pl.Drop)
	}
	uitest.VerifyOK(t, s)
}

// TestFormGateWaiver: on the Gates tab (claims-triage faces G3), e → waive
// → a criterion opens the waiver form on the role the criterion concerns:
// legal for g3-legal-approved; a criterion of no one role starts on none
// and must be given one. One gate.plan entry.
func TestFormGateWaiver(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("6", "e")
	d.Must("What to change in G3?", "Waive a criterion", "Add a criterion", "Drop a criterion")
	d.Keys("enter")
	d.Must("Which criterion to waive?", "g3-adoption")
	d.Keys("down") // g3-adoption: no role of its own
	d.Keys("enter")
	d.Must("Waive g3-adoption", "(choose the role that grants it)")
	d.Type("measured in the canary instead")
	d.Keys("enter")
	head := uitest.HeadHash(t, s)
	d.Keys("enter")
	d.Must("choose the role that grants the waiver")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a waiver without a role wrote something")
	}
	d.Keys("esc")
	// g3-legal-approved: legal's sign-off, so the form starts on legal.
	d.Keys("e", "enter")
	d.Must("Which criterion to waive?")
	d.Keys("down", "down", "down", "down", "enter")
	d.Must("Waive g3-legal-approved", "> legal")
	d.CheckSize()
	// ui's TestFrameGoldens draws this screen in the whole frame: testdata/form_gate_waive_80x24.golden
	d.Type("no personal data leaves the tenant")
	d.Keys("enter", "enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	pl, _ := p.GatePlan(model.GateG3)
	if len(pl.Waivers) != 1 || pl.Waivers[0] != (model.Waiver{Criterion: "g3-legal-approved", Reason: "no personal data leaves the tenant", Role: model.RoleLegal}) {
		t.Fatalf("waivers %+v", pl.Waivers)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionGatePlanEdit || e.Summary != "waived g3-legal-approved of G3 in claims-triage (legal): no personal data leaves the tenant" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

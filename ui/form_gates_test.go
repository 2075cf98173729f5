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
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
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
	d.CheckFrame(80, 24)
	checkGolden(t, "form_gate_waive_80x24", d.Screen())
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

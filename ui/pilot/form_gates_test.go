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

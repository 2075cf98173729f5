package pilot

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
)

func TestFormMoveRingRollBackAsksFirst(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("2", "m")
	d.Must("Move ring pilot (active)")
	head := uitest.HeadHash(t, s)
	rollBack := func() {
		d.Keys("enter") // ring pilot, under the cursor
		d.Must("Move ring pilot (now active)")
		d.Keys("down", "enter") // pause, roll back
		d.Must("Roll back ring pilot of claims-triage?")
	}
	rollBack()
	d.Keys("n")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("saying no rolled back")
	}
	d.Keys("m")
	rollBack()
	d.Keys("y")
	p := uitest.MustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("pilot"); r.Status != model.RingRolledBack {
		t.Fatalf("ring status %s", r.Status)
	}
	if e := uitest.LastAudit(t, s); e.Action != "ring.rollback" || !strings.HasPrefix(e.Summary, "rolled back ring pilot of claims-triage (active → rolled_back); ring pilot rolled back: no flag is recorded as on") {
		t.Fatalf("audit entry %+v", e)
	}
	// activate the canary: the demo's change calendar has no window open on
	// the as-of day, so the move is refused, then made with a reason: its
	// own action, a start date, and the override audited before it
	head = uitest.HeadHash(t, s)
	d.Keys("m", "down", "enter", "enter")
	d.Must("Outside the change calendar")
	d.Must("Cannot activate ring canary of claims-triage now")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused move wrote to the database")
	}
	d.Keys("enter")
	d.Must("a reason is required")
	d.Type("regulator deadline")
	d.Keys("enter")
	p = uitest.MustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("canary"); r.Status != model.RingActive || r.Start != uitest.DemoAsOf {
		t.Fatalf("canary %+v", r)
	}
	if e := uitest.LastAudit(t, s); e.Action != "ring.activate" {
		t.Fatalf("audit entry %+v", e)
	}
	es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: "claims-triage", Limit: 2})
	if err != nil || len(es) != 2 || es[1].Action != "calendar.override" || !strings.Contains(es[1].Summary, "regulator deadline") {
		t.Fatalf("override not audited before the move: %+v %v", es, err)
	}
	d.Keys("u")
	p = uitest.MustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("canary"); r.Status != model.RingPlanned {
		t.Fatalf("canary after undo %+v", r)
	}
	uitest.VerifyOK(t, s)
}

func TestFormNewRingAndDeleteIt(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("2", "n", "down", "enter")
	d.Must("New ring · claims-triage")
	d.Type("pilot") // taken: Validate refuses duplicate ring names
	d.Keys("enter")
	d.Type("-3")
	d.Keys("enter")
	d.Must("must be 0 or more, got -3")
	d.Field("5000")
	d.Keys("enter")
	d.Type("1.5")
	d.Keys("enter")
	d.Must("must be 0 to 1, got 1.5")
	d.Field("0.5")
	d.Keys("enter", "enter", "enter")
	d.Must(`ring "pilot" is already defined as rings[0]`)
	d.Field("regional")
	d.Keys("enter", "enter", "enter", "enter", "enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("regional"); !ok || r.Population != 5000 || r.Exposure != 0.5 || r.Status != model.RingPlanned {
		t.Fatalf("ring %+v", r)
	}
	// x offers the rings and KPIs; pick the new ring and confirm
	d.Keys("x")
	d.Must("Delete KPI triage_min")
	uitest.PickChoice(t, d, "Delete ring regional")
	d.Keys("y")
	p = uitest.MustPilot(t, s, "claims-triage")
	if _, ok := p.Ring("regional"); ok {
		t.Fatal("ring still there")
	}
	if e := uitest.LastAudit(t, s); e.Action != "ring.delete" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestFormNewRingCalendarEscGoesBack: a new ring typed as active meets
// the change calendar (no window is open on the as-of day); esc on that
// step goes back to the ring form with everything typed, not away with
// the ring. Saved as planned it needs no window.
func TestFormNewRingCalendarEscGoesBack(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("2", "n", "down", "enter")
	d.Must("New ring · claims-triage")
	head := uitest.HeadHash(t, s)
	d.Type("regional")
	d.Keys("enter")
	d.Type("5000")
	d.Keys("enter")
	d.Type("0.5")
	d.Keys("enter", "right", "enter", "enter") // status active, no start: save
	d.Must("Outside the change calendar", "esc goes back to the form")
	d.Keys("esc")
	d.Must("New ring · claims-triage", "regional", "5000", "0.5")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("the calendar's step wrote something")
	}
	if strings.Contains(d.Screen(), "cancelled") {
		t.Fatalf("esc discarded the ring:\n%s", d.Screen())
	}
	d.Keys("enter", "enter", "enter", "left", "enter", "enter") // the same ring, planned
	p := uitest.MustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("regional"); !ok || r.Population != 5000 || r.Exposure != 0.5 || r.Status != model.RingPlanned {
		t.Fatalf("ring %+v %v", r, ok)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionRingCreate {
		t.Fatalf("audit entry %+v", e)
	}
	// typed as active again, then saved with a reason: one screen closes
	// both steps and the ring is active
	d.Keys("n", "down", "enter")
	d.Type("coastal")
	d.Keys("enter", "enter", "enter", "right", "enter", "enter")
	d.Must("Outside the change calendar")
	d.Keys("enter")
	d.Type("regulator deadline")
	d.Keys("enter")
	p = uitest.MustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("coastal"); !ok || r.Status != model.RingActive {
		t.Fatalf("ring %+v %v", r, ok)
	}
	d.Must("Rings & KPIs · claims-triage")
	uitest.VerifyOK(t, s)
}

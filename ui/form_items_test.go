package ui

import (
	"context"
	"ringside/internal/uitest"
	"strings"
	"testing"

	"ringside/model"
	"ringside/store"
)

func TestFormMoveRingRollBackAsksFirst(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "m")
	d.must("Move ring pilot (active)")
	head := uitest.HeadHash(t, s)
	rollBack := func() {
		d.keys("enter") // ring pilot, under the cursor
		d.must("Move ring pilot (now active)")
		d.keys("down", "enter") // pause, roll back
		d.must("Roll back ring pilot of claims-triage?")
	}
	rollBack()
	d.keys("n")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("saying no rolled back")
	}
	d.keys("m")
	rollBack()
	d.keys("y")
	p := mustPilot(t, s, "claims-triage")
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
	d.keys("m", "down", "enter", "enter")
	d.must("Outside the change calendar")
	d.must("Cannot activate ring canary of claims-triage now")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused move wrote to the database")
	}
	d.keys("enter")
	d.must("a reason is required")
	d.typeText("regulator deadline")
	d.keys("enter")
	p = mustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("canary"); r.Status != model.RingActive || r.Start != demoAsOf {
		t.Fatalf("canary %+v", r)
	}
	if e := uitest.LastAudit(t, s); e.Action != "ring.activate" {
		t.Fatalf("audit entry %+v", e)
	}
	es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: "claims-triage", Limit: 2})
	if err != nil || len(es) != 2 || es[1].Action != "calendar.override" || !strings.Contains(es[1].Summary, "regulator deadline") {
		t.Fatalf("override not audited before the move: %+v %v", es, err)
	}
	d.keys("u")
	p = mustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("canary"); r.Status != model.RingPlanned {
		t.Fatalf("canary after undo %+v", r)
	}
	uitest.VerifyOK(t, s)
}

func TestFormNewRingAndDeleteIt(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "n", "down", "enter")
	d.must("New ring · claims-triage")
	d.typeText("pilot") // taken: Validate refuses duplicate ring names
	d.keys("enter")
	d.typeText("-3")
	d.keys("enter")
	d.must("must be 0 or more, got -3")
	d.field("5000")
	d.keys("enter")
	d.typeText("1.5")
	d.keys("enter")
	d.must("must be 0 to 1, got 1.5")
	d.field("0.5")
	d.keys("enter", "enter", "enter")
	d.must(`ring "pilot" is already defined as rings[0]`)
	d.field("regional")
	d.keys("enter", "enter", "enter", "enter", "enter")
	p := mustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("regional"); !ok || r.Population != 5000 || r.Exposure != 0.5 || r.Status != model.RingPlanned {
		t.Fatalf("ring %+v", r)
	}
	// x offers the rings and KPIs; pick the new ring and confirm
	d.keys("x")
	d.must("Delete KPI triage_min")
	for i := 0; i < 10 && !strings.Contains(huhCursorLine(d.screen()), "Delete ring regional"); i++ {
		d.keys("down")
	}
	d.keys("enter", "y")
	p = mustPilot(t, s, "claims-triage")
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
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "n", "down", "enter")
	d.must("New ring · claims-triage")
	head := uitest.HeadHash(t, s)
	d.typeText("regional")
	d.keys("enter")
	d.typeText("5000")
	d.keys("enter")
	d.typeText("0.5")
	d.keys("enter", "right", "enter", "enter") // status active, no start: save
	d.must("Outside the change calendar", "esc goes back to the form")
	d.keys("esc")
	d.must("New ring · claims-triage", "regional", "5000", "0.5")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("the calendar's step wrote something")
	}
	if strings.Contains(d.screen(), "cancelled") {
		t.Fatalf("esc discarded the ring:\n%s", d.screen())
	}
	d.keys("enter", "enter", "enter", "left", "enter", "enter") // the same ring, planned
	p := mustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("regional"); !ok || r.Population != 5000 || r.Exposure != 0.5 || r.Status != model.RingPlanned {
		t.Fatalf("ring %+v %v", r, ok)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionRingCreate {
		t.Fatalf("audit entry %+v", e)
	}
	// typed as active again, then saved with a reason: one screen closes
	// both steps and the ring is active
	d.keys("n", "down", "enter")
	d.typeText("coastal")
	d.keys("enter", "enter", "enter", "right", "enter", "enter")
	d.must("Outside the change calendar")
	d.keys("enter")
	d.typeText("regulator deadline")
	d.keys("enter")
	p = mustPilot(t, s, "claims-triage")
	if r, ok := p.Ring("coastal"); !ok || r.Status != model.RingActive {
		t.Fatalf("ring %+v %v", r, ok)
	}
	d.must("Rings & KPIs · claims-triage")
	uitest.VerifyOK(t, s)
}

// huhCursorLine is the line of a huh select under its cursor.
func huhCursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "> ") {
			return l
		}
	}
	return ""
}

// TestGoldenKPIForm draws the KPI form at 80×24 in the no-colour theme,
// with a criterion the parser refuses shown as typed.
func TestGoldenKPIForm(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "n", "enter")
	d.typeText("nps")
	d.keys("enter", "enter", "enter", "right", "enter")
	d.typeText("40")
	d.keys("enter")
	d.typeText("pct >= 10 points")
	d.checkFrame(80, 24)
	checkGolden(t, "form_kpi_80x24", d.screen())
}

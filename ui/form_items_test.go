package ui

import (
	"context"
	"strings"
	"testing"

	"ringside/model"
	"ringside/store"
)

func TestFormNewKPI(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "n")
	d.must("What to add?")
	d.keys("enter") // New KPI is first
	d.must("New KPI · claims-triage")
	head := headHash(t, s)
	d.typeText("nps")
	d.keys("enter")
	d.typeText("Net promoter score")
	d.keys("enter", "enter", "right", "enter") // unit blank, better → higher
	d.typeText("abc")
	d.keys("enter")
	d.must(`"abc" is not a number`)
	d.field("40")
	d.keys("enter")
	// the criterion is checked as typed: the parser's message shows before enter
	d.typeText("<= x")
	d.must(`"x" is not a number`)
	d.keys("enter")
	d.must(`invalid criterion "<= x"`)
	d.field(">= +10%")
	d.must("✓ pct >= 10")
	d.keys("enter", "enter") // warning: none
	d.typeText("< 0")
	d.keys("enter")
	d.keys("enter") // must-meet
	d.keys("enter") // weight 1
	d.typeText("400")
	d.keys("enter")
	d.must("must be 0 to 366, got 400")
	if headHash(t, s) != head {
		t.Fatal("an invalid KPI form wrote something")
	}
	d.field("14")
	d.keys("enter")
	p := mustPilot(t, s, "claims-triage")
	k, ok := p.KPI("nps")
	if !ok || k.Name != "Net promoter score" || k.Better != model.BetterHigher || k.Baseline == nil || *k.Baseline != 40 ||
		k.Target.Canonical() != "pct >= 10" || !k.Warning.IsZero() || k.Rollback.Canonical() != "value < 0" ||
		!k.Critical || k.Weight != nil || k.Window != 14 {
		t.Fatalf("stored KPI %+v", k)
	}
	if e := lastAudit(t, s); e.Action != "kpi.create" || e.Summary != "added KPI nps to claims-triage" {
		t.Fatalf("audit entry %+v", e)
	}
	verifyOK(t, s)
}

// A KPI key that repeats another ignoring case passes the field check but
// not model.Pilot.Validate: the store refuses it, the form shows why.
func TestFormKPIRefusedByValidate(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "n", "enter")
	head := headHash(t, s)
	d.typeText("TRIAGE_MIN")
	d.keys("enter", "enter", "enter", "enter", "enter")
	d.typeText("<= 5")
	d.keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.must("kpis[")
	d.must(`KPI key "TRIAGE_MIN" repeats kpis[0]`)
	if headHash(t, s) != head {
		t.Fatal("a refused KPI wrote something")
	}
	d.keys("esc")
	d.must("cancelled, nothing saved")
}

func TestFormNewRiskShowsScoreLive(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("3", "n")
	d.must("New risk · claims-triage")
	head := headHash(t, s)
	d.keys("enter") // empty title
	d.must("title is required")
	d.typeText("Vendor lock-in")
	d.keys("enter", "enter") // category operational
	d.must("score 3 × 3 = 9 · medium")
	d.keys("right", "right") // likelihood 5
	d.must("score 5 × 3 = 15 · critical")
	d.keys("enter", "left") // impact 2
	d.must("score 5 × 2 = 10 · high")
	d.keys("enter")
	d.keys("right", "right", "enter") // residual likelihood 2
	d.keys("enter")                   // residual impact 0
	d.must("set residual likelihood and impact together")
	d.keys("right")
	d.must("score 2 × 1 = 2 · low")
	d.keys("enter")
	d.typeText("Ana Lima")
	d.keys("enter")
	d.typeText("Exit clause")
	d.keys("enter", "right", "enter") // status mitigating
	d.typeText("2026-13-01")
	d.keys("enter")
	d.must(`"2026-13-01" is not a date`)
	if headHash(t, s) != head {
		t.Fatal("an invalid risk form wrote something")
	}
	d.field("2026-12-31")
	d.keys("enter", "enter")
	p := mustPilot(t, s, "claims-triage")
	r := p.Risks[len(p.Risks)-1]
	want := model.Risk{Title: "Vendor lock-in", Category: "operational", Likelihood: 5, Impact: 2, ResidualLikelihood: 2, ResidualImpact: 1,
		Owner: "Ana Lima", Mitigation: "Exit clause", Status: model.RiskMitigating, Due: model.MustDate("2026-12-31")}
	if r != want {
		t.Fatalf("stored risk\n%+v\nwant\n%+v", r, want)
	}
	if e := lastAudit(t, s); e.Action != "risk.create" {
		t.Fatalf("audit entry %+v", e)
	}
	verifyOK(t, s)
}

func TestFormMoveRingRollBackAsksFirst(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "m")
	d.must("Move ring pilot (active)")
	head := headHash(t, s)
	rollBack := func() {
		d.keys("enter") // ring pilot, under the cursor
		d.must("Move ring pilot (now active)")
		d.keys("down", "enter") // pause, roll back
		d.must("Roll back ring pilot of claims-triage?")
	}
	rollBack()
	d.keys("n")
	if headHash(t, s) != head {
		t.Fatal("saying no rolled back")
	}
	d.keys("m")
	rollBack()
	d.keys("y")
	p := mustPilot(t, s, "claims-triage")
	if r, _ := p.Ring("pilot"); r.Status != model.RingRolledBack {
		t.Fatalf("ring status %s", r.Status)
	}
	if e := lastAudit(t, s); e.Action != "ring.rollback" || !strings.HasPrefix(e.Summary, "rolled back ring pilot of claims-triage (active → rolled_back); ring pilot rolled back: no flag is recorded as on") {
		t.Fatalf("audit entry %+v", e)
	}
	// activate the canary: the demo's change calendar has no window open on
	// the as-of day, so the move is refused, then made with a reason: its
	// own action, a start date, and the override audited before it
	head = headHash(t, s)
	d.keys("m", "down", "enter", "enter")
	d.must("Outside the change calendar")
	d.must("Cannot activate ring canary of claims-triage now")
	if headHash(t, s) != head {
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
	if e := lastAudit(t, s); e.Action != "ring.activate" {
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
	verifyOK(t, s)
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
	if e := lastAudit(t, s); e.Action != "ring.delete" {
		t.Fatalf("audit entry %+v", e)
	}
	verifyOK(t, s)
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

// Rolling back a ring lists, before anything is written, the flags still on
// in it with the runbook steps that turn them off (the demo's
// servicedesk-copilot has kb-answers on in canary, ticket-summaries off).
func TestFormRollBackListsFlagsToTurnOff(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 100, 40)
	d.openPilot("servicedesk-copilot")
	d.keys("2", "m")
	d.must("Move ring pilot") // the picker, on the first ring
	d.keys("down", "enter")   // ring canary
	d.must("Move ring canary (now active)")
	d.keys("down", "enter") // pause, roll back
	d.must("Roll back ring canary of servicedesk-copilot?")
	d.must("Turn these flags off in canary:")
	d.must("kb-answers (runbook: Switch a ring back to the classic agent desktop)")
	if strings.Contains(d.screen(), "ticket-summaries") {
		t.Fatal("a flag that is off in canary is listed")
	}
}

// TestFormMoveRingPlannedOffersOnlyActivate: claims-triage's canary is
// planned, so its move menu offers activate alone; the active pilot ring
// is still offered pause, roll back and complete.
func TestFormMoveRingPlannedOffersOnlyActivate(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("2", "m")
	d.must("Move ring canary (planned)")
	d.keys("down", "enter") // ring canary
	d.must("Move ring canary (now planned)", "activate")
	for _, move := range []string{"pause", "roll back", "complete"} {
		if strings.Contains(d.screen(), move) {
			t.Errorf("a planned ring is offered %q:\n%s", move, d.screen())
		}
	}
	d.keys("esc", "m", "enter") // ring pilot, active
	d.must("Move ring pilot (now active)", "pause", "roll back", "complete")
}

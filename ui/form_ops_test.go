package ui

import (
	"context"
	"ringside/internal/uitest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/store"
)

// TestFormMilestoneAndPIR: a milestone needs its due day; the review
// takes points one a line and actions as "what; who; due".
func TestFormMilestoneAndPIR(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.keys("9", "e", "down", "down", "enter", "enter") // Plan milestones… → New milestone
	d.must("New milestone · servicedesk-copilot")
	d.typeText("Broad ring live")
	d.keys("enter")
	d.typeText("Tomasz Nowak")
	d.keys("enter", "enter")
	d.must("due is required: YYYY-MM-DD")
	d.typeText("2026-12-15")
	d.keys("enter", "enter", "enter") // not done, bucket 30 (the default)
	p := mustPilot(t, s, "servicedesk-copilot")
	if m := p.Plan[len(p.Plan)-1]; m != (model.Milestone{What: "Broad ring live", Owner: "Tomasz Nowak", Due: model.MustDate("2026-12-15"), Bucket: 30}) {
		t.Fatalf("stored milestone %+v", m)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPlanEdit {
		t.Fatalf("audit entry %+v", e)
	}
	// servicedesk-copilot is in rollout: a review is refused as the file
	// would refuse it (it follows G5).
	d.keys("e", "down", "down", "down", "enter") // Post-implementation review
	d.must("Post-implementation review · servicedesk-copilot")
	head := uitest.HeadHash(t, s)
	d.typeText("2026-12-20")
	d.keys("enter", "enter", "enter", "enter")
	d.must("not saved, fix these:", "pir: a post-implementation review follows G5")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused review wrote something")
	}
	d.keys("esc", "esc", "esc") // the form, the pilot, the dashboard's filter
	// invoice-matching is in production: its review opens as stored and
	// takes a point more and an action more.
	d.openPilot("invoice-matching")
	d.keys("9", "e", "down", "down", "down", "enter")
	d.must("Post-implementation review · invoice-matching", "2026-10-22", "Touchless matching above 70 % from the second month")
	d.checkFrame(80, 24)
	checkGolden(t, "form_pir_80x24", d.screen())
	d.field("2026-10-23")
	d.keys("end", "enter")
	d.send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	d.typeText("Clerks trust the matches")
	d.keys("enter", "enter") // tune as it was
	d.send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	d.typeText("Review in Q2; Dana Ruiz; soon")
	head = uitest.HeadHash(t, s)
	d.keys("enter") // refused as typed: the day is not a day
	d.must(`action 3: due "soon"`)
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused review wrote something")
	}
	d.keys("backspace", "backspace", "backspace", "backspace")
	d.typeText("2027-04-01")
	d.keys("enter")
	p = mustPilot(t, s, "invoice-matching")
	r := p.PIR
	if r == nil || r.Date != model.MustDate("2026-10-23") || len(r.Worked) != 3 || r.Worked[2] != "Clerks trust the matches" ||
		len(r.Tune) != 2 || len(r.Actions) != 3 || r.Actions[2] != (model.ActionItem{What: "Review in Q2", Who: "Dana Ruiz", Due: model.MustDate("2027-04-01")}) {
		t.Fatalf("stored review %+v", r)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPIREdit || e.Summary != "recorded the post-implementation review of invoice-matching (2026-10-23)" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestOperationsPickersOpenTheirForms: e on the Operations tab offers
// each list's picker, and each picker opens its form (the forms
// themselves are tested in ui/form).
func TestOperationsPickersOpenTheirForms(t *testing.T) {
	d := newDriver(t, openDemo(t), 80, 24)
	d.openPilot("servicedesk-copilot")
	d.keys("9", "e", "down", "enter") // Non-functional requirements…
	d.must("Which NFR?", "New NFR", `Edit NFR "Copilot cannot trigger password or MFA resets"`)
	d.keys("enter")
	d.must("New NFR · servicedesk-copilot")
	d.keys("esc")
	d.must("cancelled, nothing saved", "Operations · servicedesk-copilot")
	d.keys("e", "down", "down", "down", "down", "enter") // Change windows and freezes
	d.must("Which window or freeze?", "New change window", "New freeze")
	d.keys("down", "enter")
	d.must("New freeze · servicedesk-copilot")
}

// TestFormPortfolioCalendar: c on the dashboard edits the portfolio's
// change calendar (the demo's: the Release train window, the Year-end
// close freeze). A new freeze in an unknown zone and a window with a rule
// the file would refuse are refused inline, naming the field as the file's
// reader does, and write nothing; each save is one calendar.update entry
// with the calendar before and after; a removal asks first.
func TestFormPortfolioCalendar(t *testing.T) {
	s := openDemo(t)
	ctx := context.Background()
	d := newDriver(t, s, 80, 24)
	d.keys("c")
	d.must("Which window or freeze of the portfolio's change calendar?", "New change window", "New freeze",
		`Edit window "Release train"`, `Edit freeze "Year-end close" (2026-12-19 – 2027-01-06)`, `Remove freeze "Year-end close"`)
	d.keys("down", "enter")
	d.must("New freeze · the portfolio")
	d.typeText("Quarter close")
	d.keys("enter")
	d.typeText("2027-03-29")
	d.keys("enter")
	d.typeText("2027-04-02")
	d.keys("enter")
	d.field("Mars/Olympus")
	head := uitest.HeadHash(t, s)
	d.keys("enter")
	d.must("not saved, fix these:", "calendar.freezes[1].zone", "Mars/Olympus")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused freeze wrote something")
	}
	d.keys("enter", "enter", "enter")
	d.field("Europe/Berlin")
	d.keys("enter")
	cal, err := s.Calendar(ctx)
	if err != nil || cal == nil || len(cal.Freezes) != 2 || cal.Freezes[1] != (model.FreezePeriod{Name: "Quarter close", From: model.MustDate("2027-03-29"), To: model.MustDate("2027-04-02"), Zone: "Europe/Berlin"}) {
		t.Fatalf("stored calendar %+v %v", cal, err)
	}
	e := uitest.LastAudit(t, s)
	if e.Action != model.ActionCalendarUpdate || e.Summary != `added freeze "Quarter close" of the portfolio (2027-03-29 – 2027-04-02)` ||
		!strings.Contains(e.After, "Quarter close") || strings.Contains(e.Before, "Quarter close") || !strings.Contains(e.Before, "Year-end close") {
		t.Fatalf("audit entry %+v", e)
	}
	if es, _ := s.Audit(ctx, store.AuditFilter{Limit: 2}); len(es) != 2 || es[1].Seq != e.Seq-1 || es[1].Action == model.ActionCalendarUpdate {
		t.Fatalf("the save wrote more than one entry: %+v", es)
	}
	d.must(`added freeze "Quarter close" of the portfolio`)

	// the window's rule as the file would refuse it
	d.keys("c", "down", "down", "enter")
	d.must("Edit change window · the portfolio", "Release train")
	d.keys("enter")
	d.field("FREQ=FORTNIGHTLY;BYDAY=TU")
	head = uitest.HeadHash(t, s)
	d.keys("enter", "enter", "enter", "enter", "enter")
	d.must("not saved, fix these:", "calendar.windows[0].rule: invalid recurrence rule")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused window wrote something")
	}
	d.keys("esc")

	// remove the new freeze: asked first
	d.keys("c")
	for i := 0; i < 10 && !strings.Contains(huhCursorLine(d.screen()), `Remove freeze "Quarter close"`); i++ {
		d.keys("down")
	}
	d.keys("enter")
	d.must(`Remove freeze "Quarter close" from the portfolio's change calendar?`)
	d.keys("y")
	if cal, _ := s.Calendar(ctx); cal == nil || len(cal.Freezes) != 1 || cal.Freezes[0].Name != "Year-end close" {
		t.Fatalf("calendar after the removal %+v", cal)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionCalendarUpdate || e.Summary != `removed freeze "Quarter close" of the portfolio` {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestOperationsRemovesItems: the Operations pickers' "Remove …" choices
// remove the item they name, after asking, as one audited change: an NFR
// (servicedesk-copilot's second of four) and a plan milestone (its first
// of three).
func TestOperationsRemovesItems(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	pick := func(label string) {
		t.Helper()
		for i := 0; i < 20 && !strings.Contains(huhCursorLine(d.screen()), label); i++ {
			d.keys("down")
		}
		if !strings.Contains(huhCursorLine(d.screen()), label) {
			t.Fatalf("no choice %q:\n%s", label, d.screen())
		}
		d.keys("enter")
	}
	d.keys("9", "e", "down", "enter") // Non-functional requirements…
	gone := "Ticket texts are not used for vendor model training"
	pick(`Remove NFR "` + gone + `"`)
	d.must("Remove NFR")
	d.keys("y")
	p := mustPilot(t, s, "servicedesk-copilot")
	if len(p.NFRs) != 3 || p.NFRs[0].Requirement != "Copilot cannot trigger password or MFA resets" || p.NFRs[1].Requirement == gone {
		t.Fatalf("NFRs after the removal: %+v", p.NFRs)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionNFREdit || !strings.Contains(e.Summary, gone) {
		t.Fatalf("audit entry %+v", e)
	}
	d.keys("e", "down", "down", "enter") // Plan milestones…
	done := "Canary team leads trained on the copilot panel"
	pick(`Remove milestone "` + done + `"`)
	d.keys("y")
	p = mustPilot(t, s, "servicedesk-copilot")
	if len(p.Plan) != 2 || p.Plan[0].What != "Re-drill the incident runbook within 30 minutes" || p.Plan[1].What != "Broad-ring readiness review with the CAB" {
		t.Fatalf("milestones after the removal: %+v", p.Plan)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPlanEdit || !strings.Contains(e.Summary, done) {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

package ui

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/uitest"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/store"
)

// TestFormMilestoneAndPIR: a milestone needs its due day; the review
// takes points one a line and actions as "what; who; due".
func TestFormMilestoneAndPIR(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.Keys("9", "e", "down", "down", "enter", "enter") // Plan milestones… → New milestone
	d.Must("New milestone · servicedesk-copilot")
	d.Type("Broad ring live")
	d.Keys("enter")
	d.Type("Tomasz Nowak")
	d.Keys("enter", "enter")
	d.Must("due is required: YYYY-MM-DD")
	d.Type("2026-12-15")
	d.Keys("enter", "enter", "enter") // not done, bucket 30 (the default)
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if m := p.Plan[len(p.Plan)-1]; m != (model.Milestone{What: "Broad ring live", Owner: "Tomasz Nowak", Due: model.MustDate("2026-12-15"), Bucket: 30}) {
		t.Fatalf("stored milestone %+v", m)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPlanEdit {
		t.Fatalf("audit entry %+v", e)
	}
	// servicedesk-copilot is in rollout: a review is refused as the file
	// would refuse it (it follows G5).
	d.Keys("e", "down", "down", "down", "enter") // Post-implementation review
	d.Must("Post-implementation review · servicedesk-copilot")
	head := uitest.HeadHash(t, s)
	d.Type("2026-12-20")
	d.Keys("enter", "enter", "enter", "enter")
	d.Must("not saved, fix these:", "pir: a post-implementation review follows G5")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused review wrote something")
	}
	d.Keys("esc", "esc", "esc") // the form, the pilot, the dashboard's filter
	// invoice-matching is in production: its review opens as stored and
	// takes a point more and an action more.
	d.openPilot("invoice-matching")
	d.Keys("9", "e", "down", "down", "down", "enter")
	d.Must("Post-implementation review · invoice-matching", "2026-10-22", "Touchless matching above 70 % from the second month")
	d.CheckFrame(80, 24)
	checkGolden(t, "form_pir_80x24", d.Screen())
	d.Field("2026-10-23")
	d.Keys("end", "enter")
	d.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	d.Type("Clerks trust the matches")
	d.Keys("enter", "enter") // tune as it was
	d.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	d.Type("Review in Q2; Dana Ruiz; soon")
	head = uitest.HeadHash(t, s)
	d.Keys("enter") // refused as typed: the day is not a day
	d.Must(`action 3: due "soon"`)
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused review wrote something")
	}
	d.Keys("backspace", "backspace", "backspace", "backspace")
	d.Type("2027-04-01")
	d.Keys("enter")
	p = uitest.MustPilot(t, s, "invoice-matching")
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

// TestFormPortfolioCalendar: c on the dashboard edits the portfolio's
// change calendar (the demo's: the Release train window, the Year-end
// close freeze). A new freeze in an unknown zone and a window with a rule
// the file would refuse are refused inline, naming the field as the file's
// reader does, and write nothing; each save is one calendar.update entry
// with the calendar before and after; a removal asks first.
func TestFormPortfolioCalendar(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	d := newDriver(t, s, 80, 24)
	d.Keys("c")
	d.Must("Which window or freeze of the portfolio's change calendar?", "New change window", "New freeze",
		`Edit window "Release train"`, `Edit freeze "Year-end close" (2026-12-19 – 2027-01-06)`, `Remove freeze "Year-end close"`)
	d.Keys("down", "enter")
	d.Must("New freeze · the portfolio")
	d.Type("Quarter close")
	d.Keys("enter")
	d.Type("2027-03-29")
	d.Keys("enter")
	d.Type("2027-04-02")
	d.Keys("enter")
	d.Field("Mars/Olympus")
	head := uitest.HeadHash(t, s)
	d.Keys("enter")
	d.Must("not saved, fix these:", "calendar.freezes[1].zone", "Mars/Olympus")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused freeze wrote something")
	}
	d.Keys("enter", "enter", "enter")
	d.Field("Europe/Berlin")
	d.Keys("enter")
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
	d.Must(`added freeze "Quarter close" of the portfolio`)

	// the window's rule as the file would refuse it
	d.Keys("c", "down", "down", "enter")
	d.Must("Edit change window · the portfolio", "Release train")
	d.Keys("enter")
	d.Field("FREQ=FORTNIGHTLY;BYDAY=TU")
	head = uitest.HeadHash(t, s)
	d.Keys("enter", "enter", "enter", "enter", "enter")
	d.Must("not saved, fix these:", "calendar.windows[0].rule: invalid recurrence rule")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused window wrote something")
	}
	d.Keys("esc")

	// remove the new freeze: asked first
	d.Keys("c")
	for i := 0; i < 10 && !strings.Contains(uitest.HuhCursorLine(d.Screen()), `Remove freeze "Quarter close"`); i++ {
		d.Keys("down")
	}
	d.Keys("enter")
	d.Must(`Remove freeze "Quarter close" from the portfolio's change calendar?`)
	d.Keys("y")
	if cal, _ := s.Calendar(ctx); cal == nil || len(cal.Freezes) != 1 || cal.Freezes[0].Name != "Year-end close" {
		t.Fatalf("calendar after the removal %+v", cal)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionCalendarUpdate || e.Summary != `removed freeze "Quarter close" of the portfolio` {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

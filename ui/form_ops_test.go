package ui

import (
	"testing"

	"ringside/internal/uitest"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
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

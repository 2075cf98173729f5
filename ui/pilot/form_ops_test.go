package pilot

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestOperationsPickersOpenTheirForms: e on the Operations tab offers
// each list's picker, and each picker opens its form (the forms
// themselves are tested in ui/form).
func TestOperationsPickersOpenTheirForms(t *testing.T) {
	d, _ := openWithForms(t, "servicedesk-copilot", 80, 22)
	d.Keys("9", "e", "down", "enter") // Non-functional requirements…
	d.Must("Which NFR?", "New NFR", `Edit NFR "Copilot cannot trigger password or MFA resets"`)
	d.Keys("enter")
	d.Must("New NFR · servicedesk-copilot")
	d.Keys("esc")
	d.Must("cancelled, nothing saved", "Operations · servicedesk-copilot")
	d.Keys("e", "down", "down", "down", "down", "enter") // Change windows and freezes
	d.Must("Which window or freeze?", "New change window", "New freeze")
	d.Keys("down", "enter")
	d.Must("New freeze · servicedesk-copilot")
}

// TestOperationsRemovesItems: the Operations pickers' "Remove …" choices
// remove the item they name, after asking, as one audited change: an NFR
// (servicedesk-copilot's second of four) and a plan milestone (its first
// of three).
func TestOperationsRemovesItems(t *testing.T) {
	d, s := openWithForms(t, "servicedesk-copilot", 80, 22)
	d.Keys("9", "e", "down", "enter") // Non-functional requirements…
	gone := "Ticket texts are not used for vendor model training"
	uitest.PickChoice(t, d, `Remove NFR "`+gone+`"`)
	d.Must("Remove NFR")
	d.Keys("y")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if len(p.NFRs) != 3 || p.NFRs[0].Requirement != "Copilot cannot trigger password or MFA resets" || p.NFRs[1].Requirement == gone {
		t.Fatalf("NFRs after the removal: %+v", p.NFRs)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionNFREdit || !strings.Contains(e.Summary, gone) {
		t.Fatalf("audit entry %+v", e)
	}
	d.Keys("e", "down", "down", "enter") // Plan milestones…
	done := "Canary team leads trained on the copilot panel"
	uitest.PickChoice(t, d, `Remove milestone "`+done+`"`)
	d.Keys("y")
	p = uitest.MustPilot(t, s, "servicedesk-copilot")
	if len(p.Plan) != 2 || p.Plan[0].What != "Re-drill the incident runbook within 30 minutes" || p.Plan[1].What != "Broad-ring readiness review with the CAB" {
		t.Fatalf("milestones after the removal: %+v", p.Plan)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPlanEdit || !strings.Contains(e.Summary, done) {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestFormMilestoneAndPIR: a milestone needs its due day; the review
// takes points one a line and actions as "what; who; due".
func TestFormMilestoneAndPIR(t *testing.T) {
	d, s := openWithForms(t, "servicedesk-copilot", 80, 22)
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
	d.Keys("esc") // the form
	// invoice-matching is in production: its review opens as stored and
	// takes a point more and an action more.
	d = openOn(t, s, "invoice-matching", 80, 22)
	d.Keys("9", "e", "down", "down", "down", "enter")
	d.Must("Post-implementation review · invoice-matching", "2026-10-22", "Touchless matching above 70 % from the second month")
	d.CheckSize()
	// ui's TestFrameGoldens draws this screen in the whole frame: testdata/form_pir_80x24.golden
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

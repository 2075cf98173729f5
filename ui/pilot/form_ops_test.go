package pilot

import (
	"strings"
	"testing"

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
	pick := func(label string) {
		t.Helper()
		for i := 0; i < 20 && !strings.Contains(uitest.HuhCursorLine(d.Screen()), label); i++ {
			d.Keys("down")
		}
		if !strings.Contains(uitest.HuhCursorLine(d.Screen()), label) {
			t.Fatalf("no choice %q:\n%s", label, d.Screen())
		}
		d.Keys("enter")
	}
	d.Keys("9", "e", "down", "enter") // Non-functional requirements…
	gone := "Ticket texts are not used for vendor model training"
	pick(`Remove NFR "` + gone + `"`)
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
	pick(`Remove milestone "` + done + `"`)
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

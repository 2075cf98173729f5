package pilot

import (
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestFormFlagChange: on the Operations tab, e records a flag change in a
// ring with its reason: one flag.set entry; u undoes it.
func TestFormFlagChange(t *testing.T) {
	d, s := openWithForms(t, "servicedesk-copilot", 80, 22)
	d.Keys("9", "e")
	d.Must("What to record or edit?", "Feature flags: record a change", "Non-functional requirements…",
		"Plan milestones…", "Post-implementation review", "Change windows and freezes")
	d.Keys("enter")
	d.Must("Feature flags · servicedesk-copilot", "Ring", "Flags")
	if strings.Contains(d.Screen(), "mark at least one flag") {
		t.Fatalf("the form opens with an error about a field not reached yet:\n%s", d.Screen())
	}
	d.CheckSize()
	d.Keys("right", "enter") // ring canary
	d.Must("kb-answers (now on in canary)")
	d.Keys("enter") // no flag marked: refused inline
	d.Must("mark at least one flag (space)")
	d.Keys("space", "enter") // kb-answers
	d.Keys("enter")          // set to off
	head := uitest.HeadHash(t, s)
	d.Keys("enter") // no reason: refused
	d.Must("a reason is required")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a flag change without a reason wrote something")
	}
	d.Type("FCR trigger fired")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if f := p.Flags[0]; f.Key != "kb-answers" || f.States["canary"] != model.FlagOff || f.States["pilot"] != model.FlagOn {
		t.Fatalf("stored flag %+v", f)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionFlagSet || e.Summary != "flag kb-answers in ring canary set off: FCR trigger fired" {
		t.Fatalf("audit entry %+v", e)
	}
	d.Keys("u")
	if p := uitest.MustPilot(t, s, "servicedesk-copilot"); p.Flags[0].States["canary"] != model.FlagOn {
		t.Fatalf("undo left %+v", p.Flags[0])
	}
	uitest.VerifyOK(t, s)
}

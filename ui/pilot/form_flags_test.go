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

// TestRollbackRecordsFlagsOff: rolling a ring back goes on to a form that
// records the flags still on in it turned off, preset (flags marked, off,
// the reason written): enter four times records them in one entry.
func TestRollbackRecordsFlagsOff(t *testing.T) {
	d, s := openWithForms(t, "servicedesk-copilot", 80, 22)
	d.Keys("2", "down", "down", "down", "down", "m", "enter") // the canary row; move ring: canary
	d.Must("Move ring canary")
	d.Keys("down", "enter") // pause, roll back: roll back
	d.Must("Roll back ring canary of servicedesk-copilot?", "After yes, a form records them turned off.", "kb-answers")
	d.Keys("left", "enter") // yes
	d.Must("Feature flags · servicedesk-copilot", "[•] kb-answers", "kb-answers (now on in canary)")
	d.CheckSize()
	// ui's TestFrameGoldens draws this screen in the whole frame: testdata/form_flags_rollback_80x24.golden
	d.Keys("enter", "enter", "enter", "enter")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if r, _ := p.Ring("canary"); r.Status != model.RingRolledBack {
		t.Fatalf("canary is %s", r.Status)
	}
	if f := p.Flags[0]; f.States["canary"] != model.FlagOff {
		t.Fatalf("kb-answers still %s in canary", f.States["canary"])
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionFlagSet || e.Summary != "flag kb-answers in ring canary set off: ring canary rolled back" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

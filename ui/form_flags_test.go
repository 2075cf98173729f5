package ui

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// TestRollbackRecordsFlagsOff: rolling a ring back goes on to a form that
// records the flags still on in it turned off, preset (flags marked, off,
// the reason written): enter four times records them in one entry.
func TestRollbackRecordsFlagsOff(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk-copilot")
	d.Keys("2", "down", "down", "down", "down", "m", "enter") // the canary row; move ring: canary
	d.Must("Move ring canary")
	d.Keys("down", "enter") // pause, roll back: roll back
	d.Must("Roll back ring canary of servicedesk-copilot?", "After yes, a form records them turned off.", "kb-answers")
	d.Keys("left", "enter") // yes
	d.Must("Feature flags · servicedesk-copilot", "[•] kb-answers", "kb-answers (now on in canary)")
	d.CheckFrame(80, 24)
	checkGolden(t, "form_flags_rollback_80x24", d.Screen())
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

package form

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/ui/common"
)

// The forms' own keys are the key map's: rebound there (as a config file
// rebinds form.mark and form.new-line), a flag is marked with the new key
// and no longer with space, a text area starts a line on the new key and
// no longer on ctrl+j, and the fields' descriptions name the keys they
// take now.
func TestFormKeysComeFromTheKeyMap(t *testing.T) {
	t.Setenv("EDITOR", "") // the body is typed in the form
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Rebind(map[string][]string{"form.mark": {"m"}, "form.new-line": {"ctrl+o"}})

	d.Open(FlagForm(d.C, uitest.MustPilot(t, s, "servicedesk-copilot"), "", nil, "", ""))
	d.Must("m marks a flag, enter goes on")
	d.Keys("right", "enter") // ring canary
	d.Keys("space")          // marks nothing now (it pages, as in a list)
	if strings.Contains(d.Screen(), "[•]") {
		t.Fatalf("space still marks a flag:\n%s", d.Screen())
	}
	d.Keys("enter") // none marked: refused
	d.Must("mark at least one flag (m)")
	d.Keys("g", "m", "enter", "enter") // kb-answers, set off
	d.Type("FCR trigger fired")
	d.Keys("enter")
	if f := uitest.MustPilot(t, s, "servicedesk-copilot").Flags[0]; f.Key != "kb-answers" || f.States["canary"] != model.FlagOff {
		t.Fatalf("stored flag %+v", f)
	}

	d.Open(RunbookForm(d.C, uitest.MustPilot(t, s, "claims-triage"), -1))
	d.Type("Fail over to the standby")
	d.Keys("enter", "enter", "enter") // kind rollback, no target
	d.Must("ctrl+o: new line")
	d.Type("1. Switch DNS")
	d.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}) // no new line now
	d.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	d.Type("2. Verify")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	if rb := p.Runbooks[len(p.Runbooks)-1]; rb.Title != "Fail over to the standby" || rb.Body != "1. Switch DNS\n2. Verify" {
		t.Fatalf("runbook %+v, want the body on two lines", rb)
	}
}

// A refused save waits on a note that names the keys that close it,
// from the key map: rebound, the note says the new keys and the new
// cancel key closes it.
func TestSavingRefusalNamesTheKeyMapsKeys(t *testing.T) {
	d := openForm(t, uitest.OpenDemo(t), 80, 22)
	d.Rebind(map[string][]string{"form.accept": {"ctrl+o"}, "form.cancel": {"ctrl+b"}})
	refused := func() tea.Msg { return common.FormDone{Err: errors.New("the store said no")} }
	d.Open(Saving(d.C, "Save something", refused))
	d.Must("the store said no", "ctrl+o or ctrl+b closes")
	d.Keys("ctrl+b")
	if len(d.Stack) != 0 {
		t.Fatalf("ctrl+b, which the note names, did not close it:\n%s", d.Screen())
	}
}

// The confirmations and the forms' notes name their keys from the key
// map: rebound, each says the new undo, review, cancel or edit key where
// it said u, r, esc or e. The undo key itself is pressed in ui/pilot's
// TestPilotTabLinesNameTheKeyMapsKeys; the cancel key here goes back from
// the calendar's question to the form, as the question says.
func TestConfirmationsNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 100, 22)
	d.Rebind(map[string][]string{"detail.undo": {"U"}, "detail.review": {"G"}, "form.cancel": {"ctrl+b"}, "detail.edit": {"E"}})
	p := uitest.MustPilot(t, s, "claims-triage")
	for _, c := range []struct {
		open *Screen
		keys []string
		want string
	}{
		{DropCriterionConfirm(d.C, p, model.GateG3, "c1", "a criterion"), nil, "its waiver and ticks go too. U undoes it."},
		{LiftWaiverConfirm(d.C, p, model.GateG3, "c1"), nil, "It counts towards the gate again. U undoes it."},
		{RemoveConfirm(d.C, p, "an NFR", model.ActionNFREdit, nil), nil, "U undoes it in this session"},
		{DeletePilotConfirm(d.C, p, 0), nil, "the audit log keeps it; U undoes the delete in this session"},
		{DeletePilotConfirm(d.C, p, 12), nil, "keeps the pilot and its evidence; U undoes it."},
		{MoveRingForm(d.C, p, "pilot"), []string{"down", "enter"}, "its status becomes rolled_back; U undoes it"},
		{EditPilotForm(d.C, p), nil, "moves only through a gate review (G); here it can only stop"},
		{EditPilotForm(d.C, p), []string{"enter", "right", "enter", "enter"}, "its stage becomes stopped; U undoes it"},
	} {
		d.Stack = nil
		d.Open(c.open)
		d.Keys(c.keys...)
		d.MustSay(c.want)
	}
	d.Stack = nil
	d.Open(MoveRingForm(d.C, p, "canary"))
	d.Keys("enter") // activate: no window is open on the demo's day
	d.MustSay("ctrl+b goes back to the form (what you typed is kept)")
	d.Keys("ctrl+b")
	d.Must("Move ring canary (now planned)")
	d.Stack = nil
	d.Open(NewPilotForm(d.C))
	d.Type("claims-triage")
	d.Keys("enter")
	d.Type("Again")
	d.Keys("enter", "enter", "enter", "enter")
	d.MustSay("choose another slug, or open it and press E to edit it")
}

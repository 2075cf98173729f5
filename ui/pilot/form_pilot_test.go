package pilot

import (
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

func TestFormEditLockedHypothesisAndUndo(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	old := uitest.MustPilot(t, s, "claims-triage")
	d.Keys("e")
	d.Must("Edit pilot · claims-triage")
	d.Keys("enter", "enter")     // name, stage kept
	d.Send(uitest.Key("ctrl+u")) // clear the hypothesis line
	d.Type("Cut triage from 12 to 6 minutes")
	d.Keys("enter")
	d.Must("Why does the locked hypothesis change?")
	head := uitest.HeadHash(t, s)
	d.Keys("enter")
	d.Must("a reason is required")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused edit wrote to the audit log")
	}
	d.Type("the pilot beat the target")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	revs := p.Hypothesis.Revisions
	if p.Hypothesis.Text != "Cut triage from 12 to 6 minutes" || !p.Hypothesis.Locked || len(revs) != len(old.Hypothesis.Revisions)+1 ||
		revs[len(revs)-1].Text != old.Hypothesis.Text || revs[len(revs)-1].Reason != "the pilot beat the target" || revs[len(revs)-1].By != "test" {
		t.Fatalf("hypothesis after the edit: %+v", p.Hypothesis)
	}
	if e := uitest.LastAudit(t, s); e.Action != "hypothesis.revise" || !strings.Contains(e.Summary, "the pilot beat the target") {
		t.Fatalf("audit entry %+v", e)
	}
	d.Must("revision 1, replaced") // the overview reloaded

	d.Keys("u")
	d.Must("undone: revised the locked hypothesis")
	if got := uitest.MustPilot(t, s, "claims-triage"); got.Hypothesis.Text != old.Hypothesis.Text || len(got.Hypothesis.Revisions) != len(old.Hypothesis.Revisions) {
		t.Fatalf("after undo: %+v", got.Hypothesis)
	}
	if e := uitest.LastAudit(t, s); e.Action != "undo" || !strings.HasPrefix(e.Summary, "undo: revised") {
		t.Fatalf("undo audit entry %+v", e)
	}
	d.Keys("u")
	d.Must("nothing to undo")
	uitest.VerifyOK(t, s)
}

func TestFormStopPilotAsksFirst(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	head := uitest.HeadHash(t, s)
	stop := func() {
		d.Keys("e", "enter", "right", "enter", "enter") // pilot → stopped, the only other stage the form offers
		d.Must("Stop claims-triage?")
	}
	stop()
	d.Keys("enter") // the default is No
	d.Must("no, nothing written")
	if uitest.HeadHash(t, s) != head || uitest.MustPilot(t, s, "claims-triage").Stage != model.StagePilot {
		t.Fatal("saying no wrote something")
	}
	stop()
	d.Keys("y")
	p := uitest.MustPilot(t, s, "claims-triage")
	if p.Stage != model.StageStopped || p.StageSince != uitest.DemoAsOf {
		t.Fatalf("stage %s since %s", p.Stage, p.StageSince)
	}
	if e := uitest.LastAudit(t, s); e.Action != "pilot.edit" || !strings.Contains(e.Summary, "pilot → stopped") {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// The issue: the pilot form's stage jumped from idea to production with no
// gate. It offers only the stage as it is and stopped, and says how a
// stage moves.
func TestFormStageMovesOnlyThroughAGate(t *testing.T) {
	d, s := openWithForms(t, "claims-triage", 80, 22)
	d.Keys("e", "enter")
	d.Must("moves only through a gate review")
	for range 8 { // every step right the select allows
		d.Keys("right")
	}
	d.Keys("left") // back from stopped to the stage as it is
	d.Keys("enter", "enter")
	if p := uitest.MustPilot(t, s, "claims-triage"); p.Stage != model.StagePilot {
		t.Fatalf("stage after the edit form = %s, want pilot (unchanged)", p.Stage)
	}
	uitest.VerifyOK(t, s)
}

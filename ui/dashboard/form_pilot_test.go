package dashboard

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
)

func TestFormNewPilot(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openDashboard(t, s, 80, 22)
	head := uitest.HeadHash(t, s)

	d.Keys("n")
	d.Must("New pilot")
	// an invalid slug is refused with the validator's message, nothing written
	d.Type("Bad Slug")
	d.Keys("enter")
	d.Must(`slug "Bad Slug" contains 'B'`)
	d.Field("claims-triage") // taken: the store refuses it
	d.Keys("enter")
	d.Keys("enter") // empty name refused
	d.Must("name is required")
	d.Type("Again")
	d.Keys("enter", "enter") // name, stage idea
	d.Type("Cut onboarding time")
	d.Keys("enter", "enter") // hypothesis, lock: not yet
	d.Must("already exists")
	if got := uitest.HeadHash(t, s); got != head {
		t.Fatal("a refused create wrote to the audit log")
	}
	// the form comes back with the values kept, on the slug: fix it and save
	d.Field("onboarding-bot")
	d.Keys("enter", "enter", "right", "enter", "enter", "y")
	p := uitest.MustPilot(t, s, "onboarding-bot")
	if p.Name != "Again" || p.Stage != model.StageMVP || p.Hypothesis.Text != "Cut onboarding time" || !p.Hypothesis.Locked || p.StageSince != uitest.DemoAsOf {
		t.Fatalf("created %+v", p)
	}
	if e := uitest.LastAudit(t, s); e.Action != "pilot.create" || e.Pilot != "onboarding-bot" || e.Actor != "test" {
		t.Fatalf("audit entry %+v", e)
	}
	d.Must("created pilot onboarding-bot")
	uitest.VerifyOK(t, s)
}

func TestFormDeletePilotConfirmAndUndo(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	if _, err := s.CreatePilot(ctx, store.Change{Actor: "test", Action: "pilot.create", Summary: "seeded"}, model.Pilot{Slug: "zz-typo", Name: "Typo", Stage: model.StageIdea}); err != nil {
		t.Fatal(err)
	}
	d := openDashboard(t, s, 80, 22)
	d.Keys("/")
	d.Type("zz-typo")
	d.Keys("enter")
	head := uitest.HeadHash(t, s)
	d.Keys("x")
	d.Must("Delete pilot zz-typo")
	d.Keys("n")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("saying no deleted something")
	}
	d.Keys("x", "y")
	if _, err := s.Pilot(ctx, "zz-typo"); err == nil {
		t.Fatal("pilot still there after yes")
	}
	if e := uitest.LastAudit(t, s); e.Action != "pilot.delete" || e.Before == "" || e.After != "" {
		t.Fatalf("audit entry %+v", e)
	}
	d.Must("deleted pilot zz-typo")
	d.Keys("u")
	d.Must("undone: deleted pilot zz-typo")
	if p := uitest.MustPilot(t, s, "zz-typo"); p.Name != "Typo" {
		t.Fatalf("re-created %+v", p)
	}
	if e := uitest.LastAudit(t, s); e.Action != "undo" || e.After == "" {
		t.Fatalf("undo entry %+v", e)
	}

	// readings that arrive while the dialog is open: the store still
	// refuses the delete, typed (ErrHasObservations), and the dialog says
	// what to do instead
	d.Keys("x")
	d.Must("Delete pilot zz-typo and everything agreed about it?")
	csv := filepath.Join(t.TempDir(), "zz-typo.csv")
	if err := os.WriteFile(csv, []byte("date,ring,metric,value\n2026-11-20,pilot,m,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	uitest.ImportMetrics(t, s, csv)
	head = uitest.HeadHash(t, s)
	d.Keys("y")
	d.Must("has metric observations", "stop the pilot instead")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused delete wrote to the audit log")
	}
	d.Keys("enter") // the confirmation comes back at No: enter closes it
	d.Must("no, nothing written")
	uitest.VerifyOK(t, s)
}

// TestFormDeletePilotWithObservationsSaysSoUpFront: x on a pilot that
// holds observations does not ask to delete it and then refuse: the
// dialog names the count (claims-triage.csv of the demo: 172 lines less
// its header = 171 readings, no day repeated) and why, and offers to stop
// the pilot instead; once stopped there is nothing left to offer.
func TestFormDeletePilotWithObservationsSaysSoUpFront(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openDashboard(t, s, 80, 22)
	d.Keys("/")
	d.Type("claims-triage")
	d.Keys("enter")
	head := uitest.HeadHash(t, s)
	d.Keys("x")
	d.Must("Pilot claims-triage cannot be deleted. Stop it instead?", "claims-triage holds 171 observations:", "cannot be deleted")
	if strings.Contains(d.Screen(), "and everything agreed about it") {
		t.Fatalf("the dialog asks to delete a pilot it cannot delete:\n%s", d.Screen())
	}
	d.CheckSize()
	// ui's TestFrameGoldens draws this screen in the whole frame: testdata/delete_pilot_with_observations_80x24.golden
	d.Keys("n")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("saying no wrote something")
	}
	d.Keys("x", "y") // stop it instead
	if p := uitest.MustPilot(t, s, "claims-triage"); p.Stage != model.StageStopped {
		t.Fatalf("stage %s after yes, want stopped", p.Stage)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPilotEdit || !strings.Contains(e.Summary, "pilot → stopped") {
		t.Fatalf("audit entry %+v", e)
	}
	head = uitest.HeadHash(t, s)
	d.Keys("x")
	d.Must("Pilot claims-triage cannot be deleted", "It is stopped already")
	d.Keys("enter")
	d.Must("not deleted, it holds evidence")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("the stopped pilot's dialog wrote something")
	}
	if _, err := s.Pilot(context.Background(), "claims-triage"); err != nil {
		t.Fatalf("pilot gone: %v", err)
	}
	uitest.VerifyOK(t, s)
}

package ui

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/uitest"

	"ringside/model"
)

// Helpers for scripted form fills: each test drives the real root model
// with key messages and reads the store and the audit log back.

// openPilot opens a pilot's detail from the dashboard through the filter.
func (d *driver) openPilot(slug string) {
	d.Keys("/")
	d.Type(slug)
	d.Keys("enter", "enter")
}

// TestFormDeletePilotWithObservationsSaysSoUpFront: x on a pilot that
// holds observations does not ask to delete it and then refuse: the
// dialog names the count (claims-triage.csv of the demo: 172 lines less
// its header = 171 readings, no day repeated) and why, and offers to stop
// the pilot instead; once stopped there is nothing left to offer.
func TestFormDeletePilotWithObservationsSaysSoUpFront(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("claims-triage")
	d.Keys("enter")
	head := uitest.HeadHash(t, s)
	d.Keys("x")
	d.Must("Pilot claims-triage cannot be deleted. Stop it instead?", "claims-triage holds 171 observations:", "cannot be deleted")
	if strings.Contains(d.Screen(), "and everything agreed about it") {
		t.Fatalf("the dialog asks to delete a pilot it cannot delete:\n%s", d.Screen())
	}
	d.CheckFrame(80, 24)
	checkGolden(t, "delete_pilot_with_observations_80x24", d.Screen())
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

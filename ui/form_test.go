package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/store"
)

// Helpers for scripted form fills: each test drives the real root model
// with key messages and reads the store and the audit log back.

func mustPilot(t *testing.T, s *store.Store, slug string) model.Pilot {
	t.Helper()
	p, err := s.Pilot(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// lastAudit is the newest audit entry.
func lastAudit(t *testing.T, s *store.Store) store.AuditEntry {
	t.Helper()
	es, err := s.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit: %v", err)
	}
	return es[0]
}

func headHash(t *testing.T, s *store.Store) string {
	t.Helper()
	h, err := s.HeadHash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func verifyOK(t *testing.T, s *store.Store) {
	t.Helper()
	r, err := s.Verify(context.Background())
	if err != nil || !r.OK {
		t.Fatalf("verify: %v %+v", err, r)
	}
}

// field types text after clearing the field (ctrl+u clears a huh input).
func (d *driver) field(text string) {
	d.send(keyMsgCtrlU())
	d.typeText(text)
}

func (d *driver) must(want string) {
	d.t.Helper()
	if sc := d.screen(); !strings.Contains(sc, want) {
		d.t.Fatalf("screen lacks %q:\n%s", want, sc)
	}
}

// openPilot opens a pilot's detail from the dashboard through the filter.
func (d *driver) openPilot(slug string) {
	d.keys("/")
	d.typeText(slug)
	d.keys("enter", "enter")
}

func TestFormNewPilot(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	head := headHash(t, s)

	d.keys("n")
	d.must("New pilot")
	// an invalid slug is refused with the validator's message, nothing written
	d.typeText("Bad Slug")
	d.keys("enter")
	d.must(`slug "Bad Slug" contains 'B'`)
	d.field("claims-triage") // taken: the store refuses it
	d.keys("enter")
	d.keys("enter") // empty name refused
	d.must("name is required")
	d.typeText("Again")
	d.keys("enter", "enter") // name, stage idea
	d.typeText("Cut onboarding time")
	d.keys("enter", "enter") // hypothesis, lock: not yet
	d.must("already exists")
	if got := headHash(t, s); got != head {
		t.Fatal("a refused create wrote to the audit log")
	}
	// the form comes back with the values kept, on the slug: fix it and save
	d.field("onboarding-bot")
	d.keys("enter", "enter", "right", "enter", "enter", "y")
	p := mustPilot(t, s, "onboarding-bot")
	if p.Name != "Again" || p.Stage != model.StageMVP || p.Hypothesis.Text != "Cut onboarding time" || !p.Hypothesis.Locked {
		t.Fatalf("created %+v", p)
	}
	if e := lastAudit(t, s); e.Action != "pilot.create" || e.Pilot != "onboarding-bot" || e.Actor != "test" {
		t.Fatalf("audit entry %+v", e)
	}
	d.must("created pilot onboarding-bot")
	verifyOK(t, s)
}

func keyMsgCtrlU() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl} }

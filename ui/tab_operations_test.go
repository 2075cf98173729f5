package ui

import (
	"strings"
	"testing"
)

// Key 9 opens the Operations tab at 80×24; paging down reaches the
// overdue milestone and the action list.
func TestOperationsTab(t *testing.T) {
	d := newDriver(t, openDemo(t), 80, 24)
	d.keys("/")
	d.typeText("servicedesk")
	d.keys("enter", "enter", "9")
	d.checkFrame(80, 24)
	sc := d.screen()
	for _, want := range []string{"Operations · servicedesk-copilot", "canary    active      on: kb-answers · off: ticket-summaries",
		"answer_within_3s in canary  FAST BURN: roll back"} {
		if !strings.Contains(sc, want) {
			t.Errorf("screen lacks %q:\n%s", want, sc)
		}
	}
	d.keys("pgdown")
	d.keys("pgdown")
	sc = d.screen()
	for _, want := range []string{"OVERDUE since 2026-11-13 (7 days)", "Action list"} {
		if !strings.Contains(sc, want) {
			t.Errorf("after paging, screen lacks %q:\n%s", want, sc)
		}
	}
}

// A production pilot shows its post-implementation review, and its
// actions join the review actions on the action list.
func TestOperationsTabShowsPIRActions(t *testing.T) {
	d := newDriver(t, openDemo(t), 160, 48)
	d.keys("/")
	d.typeText("invoice")
	d.keys("enter", "enter", "9")
	sc := d.screen()
	for _, want := range []string{"Post-implementation review 2026-10-22", "tune:   Vendor master data quality",
		"Monthly vendor master cleanup with procurement — Sofia Alves · due 2026-12-15 · from post-implementation review 2026-10-22"} {
		if !strings.Contains(sc, want) {
			t.Errorf("screen lacks %q:\n%s", want, sc)
		}
	}
}

package pilot

import (
	"strings"
	"testing"

	"ringside/internal/uitest"
)

// openPilot is a pilot's detail on the demo database, read as the root
// reads it (and read again when a screen says the database changed), in
// a body of w×h cells (a terminal two lines taller), its forms opening on
// top as the root would open them.
func openPilot(t *testing.T, slug string, w, h int) *uitest.Driver {
	t.Helper()
	return openOn(t, uitest.OpenDemo(t), slug, w, h)
}

// Key 9 opens the Operations tab; paging down reaches the overdue
// milestone and the action list.
func TestOperationsTab(t *testing.T) {
	d := openPilot(t, "servicedesk-copilot", 80, 22)
	d.Keys("9")
	d.CheckSize()
	if got := d.Top().Title(); got != "Operations · servicedesk-copilot" {
		t.Errorf("title %q", got)
	}
	d.Must("canary    active      on: kb-answers · off: ticket-summaries", "answer_within_3s in canary  FAST BURN: roll back")
	d.Keys("pgdown", "pgdown")
	d.Must("OVERDUE since 2026-11-13 (7 days)", "Action list")
}

// A production pilot shows its post-implementation review, and its
// actions join the review actions on the action list.
func TestOperationsTabShowsPIRActions(t *testing.T) {
	d := openPilot(t, "invoice-matching", 160, 46)
	d.Keys("9")
	d.Must("Post-implementation review 2026-10-22", "tune:   Vendor master data quality",
		"Monthly vendor master cleanup with procurement — Sofia Alves · due 2026-12-15 · from post-implementation review 2026-10-22")
}

// TestRingsTabReadsAsHealth: the Rings & KPIs tab states each ring's
// verdict, score and deciding reason in the words `ringside health` prints
// ("  ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED" and, indented
// under it, the reason). servicedesk-copilot on 2026-11-20: pilot passes
// all four KPIs (score 100 × 4 ÷ 4 = 100); canary fails FCR (0), passes
// handle time (1), warns csat (0.5) and fails the SLO (0): 1.5 ÷ 4 = 37.5;
// broad has no data.
func TestRingsTabReadsAsHealth(t *testing.T) {
	d := openPilot(t, "servicedesk-copilot", 80, 22)
	d.Keys("2")
	d.Must("● ring pilot: PASS, score 100 · score 100 = 100 × 4 ÷ 4 (pass 1, warn 0.5,",
		"✖ ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED · fail: rollback trig…",
		"○ ring broad: NODATA · no KPI has fresh data that can be judged: no data")
	// On a canary row its reason wraps whole, and the pilot's is cut.
	d.Keys("down", "down", "down", "down")
	d.Must("ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED · fail: rollback",
		"trigger < -8% of first_contact_resolution fired", "› canary")
	if strings.Contains(d.Screen(), "fail 0, weighted) over 4 of 4 KPIs") {
		t.Errorf("the pilot ring's reason still wraps with the cursor on canary:\n%s", d.Screen())
	}
	d.CheckSize()
}

// The pilot's creation adds every field: more than a screen, so it
// scrolls, and says how much is below.
func TestAuditDiffScrolls(t *testing.T) {
	d := openPilot(t, "servicedesk-copilot", 80, 22)
	d.Keys("8", "G", "enter") // the oldest entry: pilot.create
	d.Must("pilot.create", "344 fields set: − before, + after", "  + Flags[kb-answers].Key: kb-answers", "more lines")
	if strings.Contains(d.Screen(), "\n  − ") {
		t.Errorf("a creation shows removed lines:\n%s", d.Screen())
	}
	top := d.Screen()
	d.Keys("pgdown")
	if d.Screen() == top {
		t.Error("pgdown did not scroll the diff")
	}
	d.CheckSize()
	d.Keys("esc")
	d.Must("newest first")
}

package ui

import (
	"context"
	"fmt"
	"reflect"
	"ringside/internal/uitest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/store"
)

func TestFormRunbookDrillOwners(t *testing.T) {
	t.Setenv("EDITOR", "") // the body is typed in the form
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	before := mustPilot(t, s, "claims-triage")

	d.keys("5", "n")
	d.must("What to add?")
	d.keys("enter") // New runbook
	d.typeText("Fail over to the standby")
	d.keys("enter", "enter") // kind: rollback, the default
	d.typeText("ten")
	d.keys("enter")
	d.must(`"ten" is not a number`)
	d.field("20")
	d.keys("enter")
	d.typeText("1. Switch DNS")
	d.send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}) // new line
	d.typeText("2. Verify")
	d.keys("enter")
	p := mustPilot(t, s, "claims-triage")
	rb := p.Runbooks[len(p.Runbooks)-1]
	if rb.Title != "Fail over to the standby" || rb.Kind != model.RunbookRollback || rb.TargetRestoreMin != 20 || rb.Body != "1. Switch DNS\n2. Verify" {
		t.Fatalf("runbook %+v", rb)
	}
	if e := uitest.LastAudit(t, s); e.Action != "runbook.create" {
		t.Fatalf("audit entry %+v", e)
	}

	// a drill by hand against the new runbook
	d.keys("n", "down", "enter")
	d.must("Log a drill · claims-triage")
	for i := 0; i < len(p.Runbooks)-1; i++ {
		d.keys("down")
	}
	d.keys("enter")
	d.field("")
	d.keys("enter")
	d.must("date is required")
	d.typeText("2026-11-18")
	d.keys("enter", "enter", "right", "enter") // who: test; outcome partial
	d.typeText("-5")
	d.keys("enter")
	d.must("must be 0 or more, got -5")
	d.field("25")
	d.keys("enter")
	d.typeText("DNS TTL too long")
	d.keys("enter")
	p = mustPilot(t, s, "claims-triage")
	drills := p.Runbooks[len(p.Runbooks)-1].Drills
	want := model.Drill{Date: model.MustDate("2026-11-18"), By: "test", Outcome: model.DrillPartial, RestoreMin: 25, Notes: "DNS TTL too long"}
	if len(drills) != 1 || fmt.Sprint(drills[0]) != fmt.Sprint(want) {
		t.Fatalf("drills %+v", drills)
	}
	if e := uitest.LastAudit(t, s); e.Action != "drill.create" {
		t.Fatalf("audit entry %+v", e)
	}

	// owners: one field per role; blank removes
	d.keys("1", "o")
	d.must("Owners · claims-triage")
	d.field("Noor Haddad")
	d.keys("enter", "enter", "enter", "enter", "enter")
	d.field("")
	d.keys("enter")
	p = mustPilot(t, s, "claims-triage")
	if p.Owners[model.RoleProductOwner] != "Noor Haddad" || p.Owners[model.RoleLegal] != "" || p.Owners[model.RoleSecurity] != "Lee Park" {
		t.Fatalf("owners %v", p.Owners)
	}
	if e := uitest.LastAudit(t, s); e.Action != "owners.edit" {
		t.Fatalf("audit entry %+v", e)
	}

	// three undos bring the pilot back as it was, each one audited
	d.keys("u", "u", "u")
	d.must("undone: added runbook")
	after := mustPilot(t, s, "claims-triage")
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("after undoing everything:\n%+v\nwant\n%+v", after, before)
	}
	es := newestActions(t, s, "claims-triage", 3)
	if strings.Join(es, ",") != "undo,undo,undo" {
		t.Fatalf("newest audit actions %v", es)
	}
	uitest.VerifyOK(t, s)
}

// The palette lists the forms' actions, and one runs from it.
func TestFormPaletteActions(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 100, 30)
	d.keys(":")
	d.typeText("new pilot")
	d.must("New pilot")
	d.keys("enter")
	d.must("Slug")
	d.keys("esc")
	d.openPilot("claims-triage")
	for _, name := range []string{"Edit pilot", "Edit owners", "New KPI", "New risk", "New runbook", "Log a drill", "Move ring…", "Delete …", "Undo last edit"} {
		d.keys(":")
		d.typeText(name)
		// the cursor line: "› KEY NAME  help", KEY only for entries with one
		if row := cursorRow(t, d.screen()); !strings.Contains(row, " "+name+"  ") {
			t.Errorf("palette for %q: cursor on %q", name, row)
		}
		d.keys("esc")
	}
	d.keys(":")
	d.typeText("undo last edit")
	d.keys("enter")
	d.must("nothing to undo")
}

// newestActions lists the actions of the n newest audit entries of slug.
func newestActions(t *testing.T, s *store.Store, slug string, n int) []string {
	t.Helper()
	es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: slug, Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

package ui

import (
	"strings"
	"testing"

	"ringside/internal/uitest"
)

// The palette lists the forms' actions, and one runs from it.
func TestFormPaletteActions(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.Keys(":")
	d.Type("new pilot")
	d.Must("New pilot")
	d.Keys("enter")
	d.Must("Slug")
	d.Keys("esc")
	d.openPilot("claims-triage")
	for _, name := range []string{"Edit pilot", "Edit owners", "New KPI", "New risk", "New runbook", "Log a drill", "Move ring…", "Delete …", "Undo last edit"} {
		d.Keys(":")
		d.Type(name)
		// the cursor line: "› KEY NAME  help", KEY only for entries with one
		if row := cursorRow(t, d.Screen()); !strings.Contains(row, " "+name+"  ") {
			t.Errorf("palette for %q: cursor on %q", name, row)
		}
		d.Keys("esc")
	}
	d.Keys(":")
	d.Type("undo last edit")
	d.Keys("enter")
	d.Must("nothing to undo")
}

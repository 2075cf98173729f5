package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
)

// TestAuditEntryOpensToItsDiff: enter on an Audit entry shows the fields
// its before and after differ in and nothing else; a long diff scrolls;
// esc goes back to the list with the cursor where it was. Golden at 80×24
// and 160×48: the rename of servicedesk-copilot, the newest entry.
func TestAuditEntryOpensToItsDiff(t *testing.T) {
	s := uitest.OpenDemo(t)
	if _, err := app.New(s, nil).UpdatePilot(context.Background(), app.Change{Actor: "tester", Action: model.ActionPilotEdit, Summary: "renamed the pilot"}, "servicedesk-copilot",
		func(p *model.Pilot) error { p.Name = "Service-desk copilot"; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.Keys("/")
		d.Type("servicedesk")
		d.Keys("enter", "enter", "8")
		d.Must("enter shows the change")
		d.Keys("enter")
		d.CheckFrame(w, h)
		sc := d.Screen()
		// Only Name changed: its old value, then its new one.
		uitest.MustContain(t, sc, "pilot.edit", "renamed the pilot", "1 field changed: − before, + after",
			"  − Name: IT service-desk copilot\n  + Name: Service-desk copilot")
		if strings.Contains(sc, "Slug") || strings.Contains(sc, "Stage") {
			t.Errorf("the diff shows fields that did not change:\n%s", sc)
		}
		checkGolden(t, fmt.Sprintf("audit_diff_%dx%d", w, h), sc)
		d.Keys("esc")
		d.Must("newest first", "› ")
		if !strings.Contains(cursorRow(t, d.Screen()), "pilot.edit") {
			t.Errorf("esc did not come back to the list on the entry:\n%s", d.Screen())
		}
	}
}

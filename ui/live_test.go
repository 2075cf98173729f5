package ui

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
)

// poll sends the data version the store reports now, as the timer would.
func (d *driver) poll(s *store.Store) {
	v, err := s.DataVersion(context.Background())
	if err != nil {
		d.T.Fatal(err)
	}
	d.Send(dataVersionMsg{v: v})
}

// writeElsewhere edits a pilot through a second connection to the same
// file, as another process would.
func writeElsewhere(t *testing.T, s *store.Store, slug string, change func(p *model.Pilot)) {
	t.Helper()
	other, err := store.Open(s.Path(), testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.UpdatePilot(context.Background(), store.Change{Actor: "someone-else", Action: "pilot.edit", Summary: "edited elsewhere"}, slug, func(p *model.Pilot) error {
		change(p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A write by another process shows after the next poll, and the reload
// keeps the open tab, the KPI cursor on its row, the filter and the
// dashboard cursor.
func TestLiveReloadKeepsCursorFilterAndTab(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.poll(s) // the baseline
	d.Keys("down", "down")
	writeElsewhere(t, s, "claims-triage", func(p *model.Pilot) { p.Name = "AAA claims renamed" }) // sorts first now
	d.poll(s)
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "contract-review") {
		t.Errorf("dashboard cursor after a reload: %q, want contract-review", got)
	}
	d.openPilot("servicedesk-copilot")
	d.Keys("2", "/")
	d.Type("canary")
	d.Keys("enter", "down", "down") // filter kept, cursor on the third canary row
	d.Must("4 of 12 rows", "› canary   Caller satisf")

	d.poll(s) // nothing changed: nothing reloads, nothing is drawn
	if d.m.dirty {
		t.Error("a poll that found nothing changed marked the frame dirty")
	}
	writeElsewhere(t, s, "servicedesk-copilot", func(p *model.Pilot) { p.Name = "IT service-desk copilot (renamed elsewhere)" })
	d.poll(s)
	d.Must("renamed elsewhere", "4 of 12 rows", "› canary   Caller satisf", "▸2 Rings & KPIs")
	d.Keys("esc", "esc")            // clear the filter, leave the pilot
	d.Must("/ servicedesk-copilot") // the dashboard's filter is kept too
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "servicedesk-copilot") {
		t.Errorf("dashboard cursor after the reload: %q", got)
	}
}

// R reloads by hand; the risk tab keeps its sort and the risk under the
// cursor.
func TestReloadKeyKeepsRiskSortAndCursor(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.openPilot("servicedesk-copilot")
	d.Keys("3", "s", "s", "s", "down") // sort by title, second risk
	row := cursorRow(t, d.Screen())
	d.Must("sorted by title")
	writeElsewhere(t, s, "servicedesk-copilot", func(p *model.Pilot) {
		p.Risks = append(p.Risks, model.Risk{Title: "AAA first by title", Category: p.Risks[0].Category, Likelihood: 1, Impact: 1, Owner: "x", Status: p.Risks[0].Status})
	})
	d.Keys("R")
	d.Must("AAA first by title", "sorted by title", "reloaded from the database")
	if got := cursorRow(t, d.Screen()); got != row {
		t.Errorf("risk cursor after R: %q, want %q", got, row)
	}
}

// A pilot created from the form is selected on the dashboard.
func TestCreatedPilotIsSelected(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 100, 30)
	d.Keys("n")
	d.Field("zz-new-bot")
	d.Keys("enter")
	d.Type("Zulu bot")
	d.Keys("enter", "enter", "right", "enter", "enter")
	d.Must("Zulu bot")
	if got := cursorRow(t, d.Screen()); !strings.Contains(got, "Zulu bot") {
		t.Errorf("cursor after creating a pilot: %q", got)
	}
}

// BenchmarkAutoRefreshUnchanged is the update loop's cost of a poll that
// finds nothing changed (the pragma itself runs in a command, off the loop).
func BenchmarkAutoRefreshUnchanged(b *testing.B) {
	m := auditModel(b, 100000)
	m.Update(dataVersionMsg{v: 7})
	_ = m.View()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(dataVersionMsg{v: 7})
		_ = m.View()
	}
}

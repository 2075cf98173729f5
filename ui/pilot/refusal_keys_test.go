package pilot

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// A removal the detail confirms, refused because another writer changed
// the pilot while the question was open, names the key that closes the
// question from the key map: with form.cancel rebound to ctrl+b it says
// ctrl+b where it said "esc", and ctrl+b closes it back to the detail.
// Both removals are the detail's own: a KPI deleted from the Rings & KPIs
// tab (its item changed) and a freeze removed from the Operations tab
// (the pilot's calendar is gone).
func TestDetailRefusalsNameTheKeyMapsCloseKey(t *testing.T) {
	for _, c := range []struct {
		name    string
		before  func(q *model.Pilot) // the pilot as the detail opens on it
		open    func(t *testing.T, d *uitest.Driver)
		under   func(q *model.Pilot) // what another writer changes
		refusal string
	}{
		{
			name: "a deleted KPI changed",
			open: func(t *testing.T, d *uitest.Driver) {
				d.Keys("2", "x")
				uitest.PickChoice(t, d, "Delete KPI triage_min")
				d.Must("Delete KPI triage_min?")
			},
			under:   func(q *model.Pilot) { q.KPIs[0].Name = "Minutes to triage an email" },
			refusal: "the KPI triage_min changed since this form opened: close it (ctrl+b) and try again",
		},
		{
			name: "a removed freeze's calendar is gone",
			before: func(q *model.Pilot) {
				q.Calendar = &model.Calendar{Freezes: []model.FreezePeriod{{Name: "Launch", From: model.MustDate("2026-12-01"), To: model.MustDate("2026-12-03"), Zone: "UTC"}}}
			},
			open: func(t *testing.T, d *uitest.Driver) {
				d.Keys("9", "e")
				uitest.PickChoice(t, d, "Change windows and freezes")
				uitest.PickChoice(t, d, `Remove freeze "Launch"`)
				d.Must(`Remove freeze "Launch"?`)
			},
			under:   func(q *model.Pilot) { q.Calendar = nil },
			refusal: "the pilot's calendar changed since this form opened: close it (ctrl+b) and try again",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := uitest.OpenDemo(t)
			if c.before != nil {
				uitest.EditPilot(t, s, "claims-triage", model.ActionPilotCalendar, c.before)
			}
			d := openOn(t, s, "claims-triage", 80, 22)
			d.Rebind(map[string][]string{"form.cancel": {"ctrl+b"}})
			c.open(t, d)
			uitest.EditPilot(t, s, "claims-triage", model.ActionPilotEdit, c.under)
			head := uitest.HeadHash(t, s)
			d.Keys("y")
			d.MustSay(c.refusal)
			if uitest.HeadHash(t, s) != head {
				t.Fatal("the refused removal wrote something")
			}
			d.Keys("ctrl+b")
			if _, ok := d.Top().(*Screen); !ok {
				t.Fatalf("ctrl+b, which the refusal names, did not close it:\n%s", d.Screen())
			}
		})
	}
}

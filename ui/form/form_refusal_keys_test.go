package form

import (
	"slices"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// A save refused because another writer changed the pilot under the open
// form names the key that closes the form from the key map. With
// form.cancel rebound to ctrl+b, each refusal says ctrl+b, where it said
// "esc" (a key that no longer closes the form), and ctrl+b, pressed as the
// refusal says, closes the form; nothing is written.
func TestChangedRefusalsNameTheKeyMapsCloseKey(t *testing.T) {
	for _, c := range []struct {
		name   string
		slug   string
		open   func(d *uitest.Driver, p model.Pilot) *Screen
		change func(q *model.Pilot)
		keys   []string // that save the form
		want   string
	}{
		{
			name:   "an edited NFR changed (StillThere)",
			slug:   "servicedesk-copilot",
			open:   func(d *uitest.Driver, p model.Pilot) *Screen { return NFRForm(d.C, p, 0) },
			change: func(q *model.Pilot) { q.NFRs[0].Verification = "a second pen test" },
			keys:   []string{"enter", "enter", "enter", "enter", "enter"},
			want:   `the NFR "Copilot cannot trigger password or MFA resets" changed since this form opened: close it (ctrl+b) and try again`,
		},
		{
			name:   "a drill's runbook is gone",
			slug:   "claims-triage",
			open:   func(d *uitest.Driver, p model.Pilot) *Screen { return DrillForm(d.C, p, 0) },
			change: func(q *model.Pilot) { q.Runbooks = q.Runbooks[1:] },
			keys:   []string{"enter", "enter", "enter", "enter", "enter", "enter"},
			want:   `runbook "Roll back to manual triage" is gone from claims-triage: close this (ctrl+b) and reload`,
		},
		{
			name: "a moved ring is gone",
			slug: "claims-triage",
			open: func(d *uitest.Driver, p model.Pilot) *Screen { return MoveRingForm(d.C, p, "broad") },
			change: func(q *model.Pilot) {
				q.Rings = slices.DeleteFunc(q.Rings, func(r model.Ring) bool { return r.Name == "broad" })
			},
			keys: []string{"enter"},
			want: "pilot claims-triage has no ring broad any more: close this (ctrl+b) and reload",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := uitest.OpenDemo(t)
			d := openForm(t, s, 80, 22)
			d.Rebind(map[string][]string{"form.cancel": {"ctrl+b"}})
			d.Open(c.open(d, uitest.MustPilot(t, s, c.slug)))
			uitest.EditPilot(t, s, c.slug, model.ActionPilotEdit, c.change)
			head := uitest.HeadHash(t, s)
			d.Keys(c.keys...)
			d.MustSay(c.want)
			if uitest.HeadHash(t, s) != head {
				t.Fatal("the refused save wrote something")
			}
			d.Keys("ctrl+b")
			if len(d.Stack) != 0 {
				t.Fatalf("ctrl+b, which the refusal names, did not close the form:\n%s", d.Screen())
			}
		})
	}
}

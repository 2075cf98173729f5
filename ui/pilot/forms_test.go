package pilot

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/form"
)

// The forms a pilot's detail opens (e, n, d, m, u and the pickers on
// each tab): the detail driven with keys, its forms opened on top of it
// as the root would (ui/form builds them), each save read back from the
// store and the audit log, and the detail read again after it.

// openWithForms is slug's detail on the demo database in a body of w×h
// cells (an 80×24 terminal's is 80×22), its forms opening on top.
func openWithForms(t *testing.T, slug string, w, h int) (*uitest.Driver, *store.Store) {
	t.Helper()
	s := uitest.OpenDemo(t)
	return openOn(t, s, slug, w, h), s
}

// openOn is openWithForms on the database s.
func openOn(t *testing.T, s *store.Store, slug string, w, h int) *uitest.Driver {
	t.Helper()
	a := app.New(s, nil)
	d := uitest.New(t, common.Options{App: a}, w, h)
	d.Forms = form.Forms{}
	d.OpenLoaded(New(d.C, slug, ""), func() tea.Cmd { return Load(a, slug, d.C.Opt.AsOf) })
	return d
}

package dashboard

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/form"
)

// The forms the dashboard opens (n, x, c, u): the dashboard driven with
// keys, its forms opened on top of it as the root would (ui/form builds
// them), each save read back from the store and the audit log, and the
// portfolio read again after it.

// openDashboard is the dashboard on s in a body of w×h cells (an 80×24
// terminal's is 80×22), its forms opening on top.
func openDashboard(t *testing.T, s *store.Store, w, h int) *uitest.Driver {
	t.Helper()
	a := app.New(s, nil)
	d := uitest.New(t, common.Options{App: a}, w, h)
	d.Forms = form.Forms{}
	d.OpenLoaded(New(d.C), func() tea.Cmd { return LoadPortfolio(a, d.C.Opt.AsOf) })
	return d
}

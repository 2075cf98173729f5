package ui

import (
	"path/filepath"
	"testing"

	"ringside/app"
	"ringside/internal/golden"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
)

// driver runs the real root model without a terminal (uitest.Root: the
// one driver, which internal/uitest's one-screen Driver shares its keys
// with), keeping the root at hand for tests that look inside it.
type driver struct {
	*uitest.Root
	m *Model
}

func newDriver(t testing.TB, s *store.Store, w, h int) *driver {
	return rootDriver(t, New(common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true}), w, h)
}

// rootDriver starts m in a terminal of w×h cells.
func rootDriver(t testing.TB, m *Model, w, h int) *driver {
	return &driver{Root: uitest.NewRoot(t, m, w, h), m: m}
}

// checkGolden compares got with testdata/NAME.golden (go test ./ui -update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.AssertString(t, filepath.Join("testdata", name+".golden"), got)
}

// openPilot opens a pilot's detail from the dashboard through the filter.
func (d *driver) openPilot(slug string) {
	d.Keys("/")
	d.Type(slug)
	d.Keys("enter", "enter")
}

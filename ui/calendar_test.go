package ui

import (
	"strings"
	"testing"
	"time"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/ui/common"
)

// Inside the demo's year-end close (2026-12-19 … 2027-01-06, Berlin) the
// header says so instead of naming the next window; at 80 columns it fits.
func TestDashboardHeaderShowsFreezeInForce(t *testing.T) {
	s := uitest.OpenDemo(t)
	s.Now = func() time.Time { return time.Date(2026, 12, 22, 10, 0, 0, 0, time.UTC) }
	m := New(common.Options{App: app.New(s, nil), AsOf: model.MustDate("2026-12-22"), Actor: "test", NoColor: true})
	d := rootDriver(t, m, 80, 24)
	if scr := d.Screen(); !strings.Contains(scr, "\n frozen: Year-end close until 6 Jan\n") {
		t.Errorf("header lacks the freeze:\n%s", scr)
	}
	// The next open train after the close is Tue 2027-01-19.
	s.Now = func() time.Time { return time.Date(2027, 1, 7, 10, 0, 0, 0, time.UTC) }
	m = New(common.Options{App: app.New(s, nil), AsOf: model.MustDate("2027-01-07"), Actor: "test", NoColor: true})
	d = rootDriver(t, m, 80, 24)
	if scr := d.Screen(); !strings.Contains(scr, "\n next window Tue 19 Jan 18:00–20:00 Europe/Berlin\n") {
		t.Errorf("header lacks the next window:\n%s", scr)
	}
}

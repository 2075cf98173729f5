package ui

import (
	"testing"

	"ringside/internal/uitest"
)

// TestGoldenKPIForm draws the KPI form at 80×24 in the no-colour theme,
// with a criterion the parser refuses shown as typed.
func TestGoldenKPIForm(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.Keys("2", "n", "enter")
	d.Type("nps")
	d.Keys("enter", "enter", "enter", "right", "enter")
	d.Type("40")
	d.Keys("enter")
	d.Type("pct >= 10 points")
	d.CheckFrame(80, 24)
	checkGolden(t, "form_kpi_80x24", d.Screen())
}

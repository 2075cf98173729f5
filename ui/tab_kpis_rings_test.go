package ui

import (
	"fmt"
	"testing"
)

// TestKPIChartDates: the chart of a KPI's daily values labels its x axis
// with the first and last day, and the middle one when wide. Golden at
// 80×24 and 160×48 (the canary's FCR: 46 daily values, 2026-10-05 to 2026-11-19).
func TestKPIChartDates(t *testing.T) {
	s := openDemo(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.keys("/")
		d.typeText("servicedesk")
		d.keys("enter", "enter", "2", "down", "down", "down", "down", "enter")
		d.checkFrame(w, h)
		sc := d.screen()
		mustContain(t, sc, "in ring canary", "┬")
		checkGolden(t, fmt.Sprintf("kpi_chart_%dx%d", w, h), sc)
	}
}

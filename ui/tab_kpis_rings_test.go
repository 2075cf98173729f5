package ui

import (
	"fmt"
	"strings"
	"testing"

	"ringside/internal/uitest"
)

// TestKPIChartDates: the chart of a KPI's daily values labels its x axis
// with the first and last day, and the middle one when wide. Golden at
// 80×24 and 160×48 (the canary's FCR: 46 daily values, 2026-10-05 to 2026-11-19).
func TestKPIChartDates(t *testing.T) {
	s := uitest.OpenDemo(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.Keys("/")
		d.Type("servicedesk")
		d.Keys("enter", "enter", "2", "down", "down", "down", "down", "enter")
		d.CheckFrame(w, h)
		sc := d.Screen()
		uitest.MustContain(t, sc, "in ring canary", "┬")
		checkGolden(t, fmt.Sprintf("kpi_chart_%dx%d", w, h), sc)
	}
}

// TestKPIEvidenceReadsWhole: at 80×24 the selected KPI's evidence (its
// current value, interval, baseline, target and verdict) and its deciding
// reason wrap and are read whole on every row of the table, and in the
// chart that enter opens; before, both were cut at the edge ("vs b…").
func TestKPIEvidenceReadsWhole(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("servicedesk")
	d.Keys("enter", "enter", "2")
	bottom := func(sc string) []string { // the lines below the table: from the "ring · key:" line to the footer
		lines := strings.Split(sc, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, " pilot · ") || strings.HasPrefix(l, " canary · ") || strings.HasPrefix(l, " broad · ") {
				return lines[i : len(lines)-1]
			}
		}
		return nil
	}
	for row := 0; row < 12; row++ {
		sc := d.Screen()
		got := bottom(sc)
		if len(got) == 0 {
			t.Fatalf("row %d: no evidence line under the table:\n%s", row, sc)
		}
		for _, l := range got {
			if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
				t.Fatalf("row %d: the evidence is cut at the edge: %q\n%s", row, l, sc)
			}
		}
		d.Keys("down")
	}
	d.Keys("up", "enter") // the chart of the last row
	sc := d.Screen()
	for _, l := range strings.Split(sc, "\n")[3:6] {
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Fatalf("the chart's evidence is cut at the edge: %q\n%s", l, sc)
		}
	}
}

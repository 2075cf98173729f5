package ui

import (
	"fmt"
	"strings"
	"testing"
)

// TestRingsTabReadsAsHealth: the Rings & KPIs tab states each ring's
// verdict, score and deciding reason in the words `ringside health` prints
// ("  ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED" and, indented
// under it, the reason). servicedesk-copilot on 2026-11-20: pilot passes
// all four KPIs (score 100 × 4 ÷ 4 = 100); canary fails FCR (0), passes
// handle time (1), warns csat (0.5) and fails the SLO (0): 1.5 ÷ 4 = 37.5;
// broad has no data.
func TestRingsTabReadsAsHealth(t *testing.T) {
	d := newDriver(t, openDemo(t), 80, 24)
	d.keys("/")
	d.typeText("servicedesk")
	d.keys("enter", "enter", "2")
	d.must("● ring pilot: PASS, score 100 · score 100 = 100 × 4 ÷ 4 (pass 1, warn 0.5,",
		"✖ ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED · fail: rollback trig…",
		"○ ring broad: NODATA · no KPI has fresh data that can be judged: no data")
	// On a canary row its reason wraps whole, and the pilot's is cut.
	d.keys("down", "down", "down", "down")
	sc := d.screen()
	mustContain(t, sc, "ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED · fail: rollback",
		"trigger < -8% of first_contact_resolution fired", "› canary")
	if strings.Contains(sc, "fail 0, weighted) over 4 of 4 KPIs") {
		t.Errorf("the pilot ring's reason still wraps with the cursor on canary:\n%s", sc)
	}
	d.checkFrame(80, 24)
}

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

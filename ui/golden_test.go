package ui

import (
	"fmt"
	"ringside/ui/pilot"
	"strings"
	"testing"
)

// TestGoldenScreens draws the dashboard and every tab of the pilot in
// trouble (servicedesk-copilot: its canary fired a rollback trigger) at
// 80×24 and 160×48.
func TestGoldenScreens(t *testing.T) {
	s := openDemo(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.checkFrame(w, h)
		checkGolden(t, fmt.Sprintf("dashboard_%dx%d", w, h), d.screen())
		d.keys("/")
		d.typeText("servicedesk")
		d.keys("enter", "enter")
		for tab := 1; tab <= pilot.TabCount; tab++ {
			d.keys(fmt.Sprint(tab))
			d.checkFrame(w, h)
			name := strings.ToLower(strings.NewReplacer(" & ", "_", "-", "").Replace(pilot.TabNames[tab-1]))
			checkGolden(t, fmt.Sprintf("tab%d_%s_%dx%d", tab, name, w, h), d.screen())
		}
	}
}

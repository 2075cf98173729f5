package ui

import (
	"fmt"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/ui/pilot"
)

// TestGoldenScreens draws the dashboard and every tab of the pilot in
// trouble (servicedesk-copilot: its canary fired a rollback trigger) at
// 80×24 and 160×48.
func TestGoldenScreens(t *testing.T) {
	s := uitest.OpenDemo(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		d := newDriver(t, s, w, h)
		d.CheckFrame(w, h)
		checkGolden(t, fmt.Sprintf("dashboard_%dx%d", w, h), d.Screen())
		d.Keys("/")
		d.Type("servicedesk")
		d.Keys("enter", "enter")
		for tab := 1; tab <= pilot.TabCount; tab++ {
			d.Keys(fmt.Sprint(tab))
			d.CheckFrame(w, h)
			name := strings.ToLower(strings.NewReplacer(" & ", "_", "-", "").Replace(pilot.TabNames[tab-1]))
			checkGolden(t, fmt.Sprintf("tab%d_%s_%dx%d", tab, name, w, h), d.Screen())
		}
	}
}

package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/themes"
	"ringside/ui/common"
)

// Every theme draws every screen within the terminal, and the no-colour
// run emits no colour sequence at all.
func TestEveryThemeFitsEveryScreen(t *testing.T) {
	s := openDemo(t)
	for _, name := range themes.Names {
		for _, size := range [][2]int{{80, 24}, {131, 37}} {
			w, h := size[0], size[1]
			m := New(common.Options{App: app.New(s, nil), AsOf: demoAsOf, Theme: name})
			d := &driver{t: t, m: m}
			d.send(tea.WindowSizeMsg{Width: w, Height: h})
			d.run(m.Init())
			d.checkFrame(w, h)
			d.keys("down", "enter")
			for tab := 1; tab <= tabCount; tab++ {
				d.keys(fmt.Sprint(tab))
				d.checkFrame(w, h)
				if name == "no-color" && strings.Contains(m.View().Content, "38;") {
					t.Errorf("no-color theme, tab %d: colour sequence in the frame", tab)
				}
			}
			d.keys("?")
			d.checkFrame(w, h)
			d.keys("esc", ":")
			d.checkFrame(w, h)
		}
	}
}

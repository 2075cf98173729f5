package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/themes"
	"ringside/ui/common"
	"ringside/ui/pilot"
)

// Every theme draws every screen within the terminal, and the no-colour
// run emits no colour sequence at all.
func TestEveryThemeFitsEveryScreen(t *testing.T) {
	s := uitest.OpenDemo(t)
	for _, name := range themes.Names {
		for _, size := range [][2]int{{80, 24}, {131, 37}} {
			w, h := size[0], size[1]
			m := New(common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Theme: name})
			d := rootDriver(t, m, w, h)
			d.CheckFrame(w, h)
			d.Keys("down", "enter")
			for tab := 1; tab <= pilot.TabCount; tab++ {
				d.Keys(fmt.Sprint(tab))
				d.CheckFrame(w, h)
				if name == "no-color" && strings.Contains(m.View().Content, "38;") {
					t.Errorf("no-color theme, tab %d: colour sequence in the frame", tab)
				}
			}
			d.Keys("?")
			d.CheckFrame(w, h)
			d.Keys("esc", ":")
			d.CheckFrame(w, h)
		}
	}
}

// Under --theme light a form's typed value is drawn in the theme's text
// colour, which reads on a light background, focused and after the field
// is left (the 16-colour form theme drew it in white: white on white).
func TestFormTypedValueReadsUnderLight(t *testing.T) {
	s := uitest.OpenDemo(t)
	m := New(Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Theme: "light", Actor: "test"})
	d := rootDriver(t, m, 80, 24)
	d.Keys("n")
	d.Type("zebra-pilot")
	focused := m.View().Content
	d.Keys("enter") // on to the name: the slug field is blurred now
	for name, frame := range map[string]string{"focused": focused, "blurred": m.View().Content} {
		fg, ok := fgBefore(frame, "zebra-pilot")
		if !ok {
			t.Errorf("%s: typed value has no foreground colour of its own:\n%q", name, frame)
			continue
		}
		if c := themes.Contrast(fg, "#FFFFFF"); c < 4.5 {
			t.Errorf("%s: typed value drawn in %s on a light background, contrast %.1f, want ≥ 4.5", name, fg, c)
		}
	}
}

// fgBefore is the true-colour foreground (#RRGGBB) in force where text
// starts in frame, or false when it is the terminal's default.
func fgBefore(frame, text string) (string, bool) {
	i := strings.Index(frame, text)
	if i < 0 {
		return "", false
	}
	fg := ""
	for _, sgr := range sgrRe.FindAllStringSubmatch(frame[:i], -1) {
		ps := strings.Split(sgr[1], ";")
		for j := 0; j < len(ps); j++ {
			switch {
			case ps[j] == "" || ps[j] == "0" || ps[j] == "39":
				fg = ""
			case ps[j] == "38" && j+4 < len(ps) && ps[j+1] == "2":
				var r, g, b int
				fmt.Sscan(ps[j+2], &r)
				fmt.Sscan(ps[j+3], &g)
				fmt.Sscan(ps[j+4], &b)
				fg = fmt.Sprintf("#%02X%02X%02X", r, g, b)
				j += 4
			case ps[j] == "38" || ps[j] == "48":
				fg = map[bool]string{true: fg, false: "?"}[ps[j] == "48"]
				j = len(ps)
			case len(ps[j]) == 2 && ps[j][0] == '3':
				fg = "?" // a 16-colour foreground: the terminal decides
			}
		}
	}
	return fg, fg != "" && fg != "?"
}

var sgrRe = regexp.MustCompile("\x1b\\[([0-9;]*)m")

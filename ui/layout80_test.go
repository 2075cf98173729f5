package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"ringside/app"
	"ringside/internal/uitest"
)

// sgrAt is the background (as the SGR parameters that set it, "" for the
// terminal's) in force where text first starts in frame.
func sgrAt(frame, text string) (bg string, ok bool) {
	i := strings.Index(frame, text)
	if i < 0 {
		return "", false
	}
	for _, sgr := range sgrRe.FindAllStringSubmatch(frame[:i], -1) {
		ps := strings.Split(sgr[1], ";")
		for j := 0; j < len(ps); j++ {
			switch {
			case ps[j] == "" || ps[j] == "0" || ps[j] == "49":
				bg = ""
			case ps[j] == "48" && j+4 < len(ps) && ps[j+1] == "2":
				bg = strings.Join(ps[j+2:j+5], ";")
				j += 4
			case ps[j] == "38" && j+4 < len(ps) && ps[j+1] == "2":
				j += 4
			}
		}
	}
	return bg, true
}

// The selected row is highlighted across the row, not only in its name
// cell: under the dark theme the selection's background (#334155) is under
// the stage, the next gate and the flags of the dashboard's selected row,
// and of the risk register's and KPI table's selected rows.
func TestSelectedRowIsHighlightedWhole(t *testing.T) {
	s := uitest.OpenDemo(t)
	m := New(Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Theme: "dark", Actor: "test"})
	d := rootDriver(t, m, 80, 24)
	const selBg = "51;65;85"
	row := func(mark string) string {
		for _, l := range strings.Split(m.View().Content, "\n") {
			if strings.Contains(ansi.Strip(l), mark) {
				return l
			}
		}
		t.Fatalf("no row with %q on screen:\n%s", mark, d.Screen())
		return ""
	}
	dash := row("› Access review automation")
	for _, cell := range []string{"Access review", "idea 18d", "G1 50%", "20.6 mo"} {
		if bg, ok := sgrAt(dash, cell); !ok || bg != selBg {
			t.Errorf("dashboard: %q of the selected row is on background %q, want the selection's %s:\n%q", cell, bg, selBg, dash)
		}
	}
	if bg, _ := sgrAt(row("  claims-triage"), "pilot 67d"); bg != "" {
		t.Errorf("an unselected row is on background %q", bg)
	}
	d.Keys("/")
	d.Type("servicedesk")
	d.Keys("enter", "enter", "3")
	risk := row("› 12 H")
	for _, cell := range []string{"4×3", "Copilot", "mitigating"} {
		if bg, ok := sgrAt(risk, cell); !ok || bg != selBg {
			t.Errorf("risks: %q of the selected row is on background %q:\n%q", cell, bg, risk)
		}
	}
}

// In residual mode a risk's L×I is the residual one, the product of the
// score beside it (it showed the inherent L×I: "6 M 4×3").
func TestRiskResidualModeShowsResidualLxI(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("servicedesk")
	d.Keys("3", "r")
	d.Must("Heat map (residual")
	re := regexp.MustCompile(`^[› ] +(\d+) [LMHC] +(\d)×(\d) `)
	n := 0
	for _, l := range strings.Split(d.Screen(), "\n") {
		if g := re.FindStringSubmatch(l); g != nil {
			n++
			var sc, li, im int
			fmt.Sscan(g[1], &sc)
			fmt.Sscan(g[2], &li)
			fmt.Sscan(g[3], &im)
			if li*im != sc {
				t.Errorf("residual row shows score %d beside %d×%d: %q", sc, li, im, l)
			}
		}
	}
	if n < 3 {
		t.Fatalf("found %d risk rows:\n%s", n, d.Screen())
	}
}

// The dashboard is the bottom of the stack: its footer offers no `esc
// back` (esc does nothing there), and says `esc clear filter` while a
// filter is applied, which esc does clear.
func TestDashboardFooterOffersOnlyWhatEscDoes(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	last := func() string { ls := strings.Split(d.Screen(), "\n"); return ls[len(ls)-1] }
	if strings.Contains(last(), "esc") {
		t.Errorf("dashboard footer offers esc: %q", last())
	}
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter")
	if !strings.Contains(last(), "esc clear filter") {
		t.Errorf("filtered dashboard footer %q, want esc clear filter", last())
	}
	d.Keys("esc")
	if strings.Contains(last(), "esc") || !strings.Contains(d.Screen(), "HR policy chatbot") {
		t.Errorf("esc did not clear the filter, or the footer still offers it:\n%s", d.Screen())
	}
	d.Keys("enter") // a pilot's detail: esc goes back
	if !strings.Contains(last(), "esc back") {
		t.Errorf("detail footer %q, want esc back", last())
	}
}

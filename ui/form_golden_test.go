package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ringside/internal/uitest"
)

// colourSGR finds the SGR sequences of a frame.
var colourSGR = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colourIn is the first colour-setting SGR parameter in frame ("" none):
// foreground or background, 16, 256 or true colour.
func colourIn(frame string) string {
	for _, m := range colourSGR.FindAllStringSubmatch(frame, -1) {
		ps := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' })
		for _, p := range ps {
			var n int
			fmt.Sscan(p, &n)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				return m[0]
			}
		}
	}
	return ""
}

// TestFormGoldensAtSizes draws every form of the cockpit's newer edits —
// payback, feature flags (and from the rollback dialog), gate plan,
// operations (NFR, milestone, review, change window, freeze) and the
// portfolio's change calendar — as it opens, at 80×24 and 160×48, under
// NO_COLOR: each fits the screen, matches its golden file, and sets no
// colour.
func TestFormGoldensAtSizes(t *testing.T) {
	s := uitest.OpenDemo(t)
	forms := []struct {
		name  string
		pilot string // "" for the dashboard
		keys  []string
		want  string
	}{
		{"payback", "servicedesk-copilot", []string{"7", "e"}, "Payback model · servicedesk-copilot"},
		{"flags", "servicedesk-copilot", []string{"9", "e", "enter"}, "Feature flags · servicedesk-copilot"},
		{"flags_rollback", "servicedesk-copilot", []string{"2", "down", "down", "down", "down", "m", "enter", "down", "enter", "left", "enter"}, "[•] kb-answers"},
		{"gate_plan", "claims-triage", []string{"6", "e"}, "What to change in G3?"},
		{"gate_waive", "claims-triage", []string{"6", "e", "enter", "down", "enter"}, "Waive g3-adoption"},
		{"gate_add", "claims-triage", []string{"6", "e", "down", "enter"}, "Add criterion · G3 · claims-triage"},
		{"nfr", "servicedesk-copilot", []string{"9", "e", "down", "enter", "enter"}, "New NFR · servicedesk-copilot"},
		{"milestone", "servicedesk-copilot", []string{"9", "e", "down", "down", "enter", "enter"}, "New milestone · servicedesk-copilot"},
		{"pir", "invoice-matching", []string{"9", "e", "down", "down", "down", "enter"}, "Post-implementation review · invoice-matching"},
		{"window", "servicedesk-copilot", []string{"9", "e", "down", "down", "down", "down", "enter", "enter"}, "New change window · servicedesk-copilot"},
		{"freeze", "servicedesk-copilot", []string{"9", "e", "down", "down", "down", "down", "enter", "down", "enter"}, "New freeze · servicedesk-copilot"},
		{"calendar", "", []string{"c"}, "Which window or freeze of the portfolio's change calendar?"},
		{"calendar_window", "", []string{"c", "down", "down", "enter"}, "Edit change window · the portfolio"},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		for _, f := range forms {
			s := s
			if f.name == "flags_rollback" { // its yes rolls the canary back: a database of its own
				s = uitest.OpenDemo(t)
			}
			d := newDriver(t, s, w, h)
			if f.pilot != "" {
				d.openPilot(f.pilot)
			}
			d.Keys(f.keys...)
			d.Must(f.want)
			d.CheckFrame(w, h)
			if c := colourIn(d.m.View().Content); c != "" {
				t.Errorf("%s at %dx%d sets a colour under NO_COLOR: %q", f.name, w, h, c)
			}
			checkGolden(t, fmt.Sprintf("forms/%s_%dx%d", f.name, w, h), d.Screen())
		}
	}
}

// TestFrameGoldens draws, in the whole frame at 80×24, the screens the
// form tests of ui/pilot and ui/dashboard stop at to compare with these
// golden files when they ran here (the forms drive alone there, without
// the root's app bar and footer): the same keys from the same start.
// "type:" steps type their text; the others are keys.
func TestFrameGoldens(t *testing.T) {
	for _, g := range []struct {
		name  string
		pilot string // "" for the dashboard
		steps []string
		want  string
	}{
		{"form_payback_80x24", "servicedesk-copilot", []string{"7", "e"}, "payback 17.9 mo"},
		{"form_flags_rollback_80x24", "servicedesk-copilot", []string{"2", "down", "down", "down", "down", "m", "enter", "down", "enter", "left", "enter"}, "[•] kb-answers"},
		{"form_pir_80x24", "invoice-matching", []string{"9", "e", "down", "down", "down", "enter"}, "Touchless matching above 70 % from the second month"},
		// a waiver refused for want of a role, then the one of legal's criterion
		{"form_gate_waive_80x24", "claims-triage", []string{"6", "e", "enter", "down", "enter", "type:measured in the canary instead", "enter", "enter", "esc",
			"e", "enter", "down", "down", "down", "down", "enter"}, "> legal"},
		{"delete_pilot_with_observations_80x24", "", []string{"/", "type:claims-triage", "enter", "x"}, "claims-triage holds 171 observations:"},
	} {
		t.Run(g.name, func(t *testing.T) {
			d := newDriver(t, uitest.OpenDemo(t), 80, 24)
			if g.pilot != "" {
				d.openPilot(g.pilot)
			}
			for _, st := range g.steps {
				if text, ok := strings.CutPrefix(st, "type:"); ok {
					d.Type(text)
				} else {
					d.Keys(st)
				}
			}
			d.Must(g.want)
			d.CheckFrame(80, 24)
			checkGolden(t, g.name, d.Screen())
		})
	}
}

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

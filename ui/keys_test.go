package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
)

// cursorRow returns the dashboard row under the cursor mark.
func cursorRow(t *testing.T, screen string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, common.GlyphCursor+" ") {
			return l
		}
	}
	t.Fatalf("no cursor row on screen:\n%s", screen)
	return ""
}

// firstRow returns the dashboard row below the column titles.
func firstRow(t *testing.T, screen string) string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  Pilot") && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	t.Fatalf("no column titles on screen:\n%s", screen)
	return ""
}

func TestCursorKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	tests := []struct {
		keys []string
		want string
	}{
		{nil, "Access review"},
		{[]string{"down"}, "Claims email"},
		{[]string{"j", "j"}, "contract-review"}, // a name that does not fit shows its slug
		{[]string{"down", "down", "up"}, "Claims email"},
		{[]string{"k"}, "Access review"}, // clamps at the top
		{[]string{"end"}, "invoice-matching"},
		{[]string{"G"}, "invoice-matching"},
		{[]string{"G", "g"}, "Access review"},
		{[]string{"pgdown"}, "invoice-matching"}, // 8 rows fit in one page
		// sorting keeps the selected pilot selected
		{[]string{"down", "s", "S"}, "Claims email"},
	}
	for _, tt := range tests {
		d := newDriver(t, s, 100, 30)
		d.Keys(tt.keys...)
		if got := cursorRow(t, d.Screen()); !strings.Contains(got, tt.want) {
			t.Errorf("keys %v: cursor row %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestDashboardKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	tests := []struct {
		name  string
		keys  []string
		typed string
		want  string // a substring of the first row shown
	}{
		{"first row by name", nil, "", "Access review"},
		{"sorted by name", []string{"down"}, "", "Access review"},
		// s cycles name → stage: idea first
		{"sort by stage", []string{"s"}, "", "Access review"},
		// S reverses: stopped last in stage order comes first
		{"reverse stage", []string{"s", "S"}, "", "HR policy"},
		// s s: health, worst first: fail rings (servicedesk canary, kb all) tie; slug order
		{"sort by health", []string{"s", "s"}, "", "Knowledge-base"},
		{"filter fuzzy by owner", []string{"/"}, "dana", "Claims email"},
		{"filter by slug", []string{"/"}, "kbdrafts", "Knowledge-base"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDriver(t, s, 100, 30)
			d.Keys(tt.keys...)
			d.Type(tt.typed)
			if got := firstRow(t, d.Screen()); !strings.Contains(got, tt.want) {
				t.Errorf("first row %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestFilterEscClearsAndEnterKeeps(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("/")
	d.Type("meeting")
	d.Keys("enter")
	if sc := d.Screen(); !strings.Contains(sc, "showing 1") || strings.Contains(sc, "Claims email") {
		t.Fatalf("filter did not keep one row:\n%s", sc)
	}
	// q is a key again once enter left the filter box: but esc first clears
	d.Keys("esc")
	if sc := d.Screen(); strings.Contains(sc, "showing") {
		t.Errorf("esc did not clear the filter:\n%s", sc)
	}
	d.Keys("/")
	d.Type("q")
	if d.Quit {
		t.Fatal("q inside the filter box quit the cockpit")
	}
	d.Keys("backspace", "esc")
	d.Keys("q")
	if !d.Quit {
		t.Error("q did not quit")
	}
}

func TestEnterOpensAndEscReturns(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("down", "enter")
	sc := d.Screen()
	if !strings.Contains(sc, "Overview · claims-triage") || !strings.Contains(sc, "Hypothesis") {
		t.Fatalf("enter did not open claims-triage:\n%s", sc)
	}
	d.Keys("tab")
	if !strings.Contains(d.Screen(), "Rings & KPIs · claims-triage") {
		t.Error("tab did not move to Rings & KPIs")
	}
	d.Keys("shift+tab", "shift+tab")
	if !strings.Contains(d.Screen(), "Operations · claims-triage") {
		t.Error("shift+tab twice from KPIs did not wrap to Operations")
	}
	d.Keys("7")
	if !strings.Contains(d.Screen(), "Cumulative net benefit") {
		t.Errorf("7 did not show Payback:\n%s", d.Screen())
	}
	d.Keys("esc")
	if sc := d.Screen(); !strings.Contains(sc, "ringside · Portfolio ") || strings.Contains(sc, "›  Overview") {
		t.Errorf("esc did not return to the portfolio:\n%s", sc)
	}
	if !strings.Contains(cursorRow(t, d.Screen()), "Claims email") {
		t.Error("the portfolio lost its cursor")
	}
}

func TestKPIChartOpensAndCloses(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("/")
	d.Type("servicedesk")
	d.Keys("enter", "enter", "2", "down", "down", "down", "down", "enter") // past pilot's four KPIs
	sc := d.Screen()
	// servicedesk canary FCR: baseline 62, target >= +5% → 65.1, trigger < -8% → 57.04
	for _, want := range []string{"in ring canary", "baseline 62", "target >= +5% = 65.1", "trigger < -8% = 57.04", "esc closes the chart"} {
		if !strings.Contains(sc, want) {
			t.Errorf("chart lacks %q:\n%s", want, sc)
		}
	}
	d.Keys("esc")
	if sc := d.Screen(); !strings.Contains(sc, "Rings & KPIs") || strings.Contains(sc, "esc closes the chart") {
		t.Errorf("esc did not close the chart but stay on the tab:\n%s", sc)
	}
}

func TestRiskKeys(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("/")
	d.Type("servicedesk")
	d.Keys("enter", "enter", "3")
	if !strings.Contains(d.Screen(), "Heat map (inherent") {
		t.Fatal("risks tab lacks the inherent heat map")
	}
	d.Keys("r")
	if !strings.Contains(d.Screen(), "Heat map (residual") {
		t.Error("r did not switch to residual")
	}
	d.Keys("s")
	if !strings.Contains(d.Screen(), "sorted by due") {
		t.Error("s did not sort by due")
	}
	d.Keys("/")
	d.Type("password")
	sc := d.Screen()
	if !strings.Contains(sc, "Password and MFA") || strings.Contains(sc, "Agents lose") {
		t.Errorf("risk filter did not narrow the register:\n%s", sc)
	}
}

func TestGateSwitch(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("down", "enter", "6")
	if !strings.Contains(d.Screen(), "▸G3") {
		t.Fatalf("gates tab does not start at the next gate G3:\n%s", d.Screen())
	}
	d.Keys("right")
	if !strings.Contains(d.Screen(), "▸G4") {
		t.Error("right did not move to G4")
	}
	d.Keys("[", "[")
	if !strings.Contains(d.Screen(), "▸G2") {
		t.Error("[ [ did not move back to G2")
	}
}

func TestAuditFilterAndTabClick(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("down", "enter", "8")
	sc := d.Screen()
	if !strings.Contains(sc, "entries, newest first") || !strings.Contains(sc, "import") {
		t.Fatalf("audit tab:\n%s", sc)
	}
	d.Keys("/")
	d.Type("pilot.create")
	if sc := d.Screen(); strings.Contains(sc, " import ") {
		t.Errorf("audit filter kept import entries:\n%s", sc)
	}
	d.Keys("esc")
	// click the tab bar (screen row 1) on "1 Overview" at x 2
	d.Send(tea.MouseClickMsg{X: 2, Y: 1, Button: tea.MouseLeft})
	if !strings.Contains(d.Screen(), "Overview · claims-triage") {
		t.Errorf("click on the tab bar did not open Overview:\n%s", d.Screen())
	}
}

func TestHelpPaletteCopyAndQuit(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 100, 30)
	d.Keys("?")
	sc := d.Screen()
	if !strings.Contains(sc, "Help") || !strings.Contains(sc, "sort by next column") || !strings.Contains(sc, "copy status") {
		t.Fatalf("help overlay:\n%s", sc)
	}
	d.Type("sort")
	if sc := d.Screen(); strings.Contains(sc, "copy status") || !strings.Contains(sc, "reverse sort") {
		t.Errorf("help filter did not narrow to sort keys:\n%s", sc)
	}
	d.Keys("esc")
	if strings.Contains(d.Screen(), "filter help") {
		t.Fatal("esc did not close help")
	}
	d.Keys(":")
	d.Type("open meet")
	d.Keys("enter")
	if !strings.Contains(d.Screen(), "meeting-summaries") {
		t.Errorf("palette did not open meeting-summaries:\n%s", d.Screen())
	}
	d.Keys("y")
	if !strings.HasPrefix(d.Clip, "meeting-summaries: hardening 67d") {
		t.Errorf("y copied %q", d.Clip)
	}
	d.Keys(":")
	d.Type("theme light")
	d.Keys("enter")
	if d.m.c.Opt.Theme != "light" || d.m.c.Styles.Theme.Name != "no-color" {
		t.Errorf("theme action: option %q, styles %q (NoColor must win)", d.m.c.Opt.Theme, d.m.c.Styles.Theme.Name)
	}
	d.Keys("ctrl+c")
	if !d.Quit {
		t.Error("ctrl+c did not quit")
	}
}

func TestTooSmallAndResize(t *testing.T) {
	d := newDriver(t, uitest.OpenDemo(t), 79, 24)
	if sc := d.Screen(); !strings.Contains(sc, "terminal too small (need 80×24, have 79×24)") {
		t.Errorf("too small screen:\n%s", sc)
	}
	d.CheckFrame(79, 24)
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.CheckFrame(120, 40)
	if !strings.Contains(d.Screen(), "Access review automation") {
		t.Error("resizing up did not draw the dashboard")
	}
}

func TestWelcomeOnEmptyDatabase(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := newDriver(t, s, 80, 24)
	sc := d.Screen()
	for _, want := range []string{"Welcome to ringside", "ringside demo", "ringside apply -f portfolio.yaml", "n adds a pilot here"} {
		if !strings.Contains(sc, want) {
			t.Errorf("welcome lacks %q:\n%s", want, sc)
		}
	}
}

func TestBackgroundFollowsTerminal(t *testing.T) {
	m := New(common.Options{AsOf: uitest.DemoAsOf})
	m.Update(tea.BackgroundColorMsg{Color: lightGrey{}})
	if m.c.Styles.Theme.Name != "light" {
		t.Errorf("light background gave theme %q", m.c.Styles.Theme.Name)
	}
	fixed := New(common.Options{AsOf: uitest.DemoAsOf, Theme: "high-contrast"})
	fixed.Update(tea.BackgroundColorMsg{Color: lightGrey{}})
	if fixed.c.Styles.Theme.Name != "high-contrast" {
		t.Errorf("an explicit theme followed the terminal: %q", fixed.c.Styles.Theme.Name)
	}
}

type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

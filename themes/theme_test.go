package themes

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

func TestNamed(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"", "dark", ""},
		{"dark", "dark", ""},
		{"Light", "light", ""},
		{"high-contrast", "high-contrast", ""},
		{"no-color", "no-color", ""},
		{"no-colour", "no-color", ""},
		{"solarized", "", `unknown theme "solarized": use one of dark, light, high-contrast, no-color`},
	}
	for _, tt := range tests {
		got, err := Named(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Named(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.Name != tt.want {
			t.Errorf("Named(%q) = %q, %v; want %q", tt.in, got.Name, err, tt.want)
		}
	}
}

// Every coloured theme names every colour, so no status falls back to the
// terminal default by accident.
func TestThemesAreComplete(t *testing.T) {
	for _, th := range []Theme{Dark(), Light(), HighContrast()} {
		for name, c := range map[string]string{"Fg": th.Fg, "Muted": th.Muted, "Accent": th.Accent, "Pass": th.Pass,
			"Warn": th.Warn, "Fail": th.Fail, "NoData": th.NoData, "SelectedBg": th.SelectedBg, "SelectedFg": th.SelectedFg,
			"Low": th.Low, "Medium": th.Medium, "High": th.High, "Critical": th.Critical} {
			if !strings.HasPrefix(c, "#") || len(c) != 7 {
				t.Errorf("theme %s: %s = %q, want #RRGGBB", th.Name, name, c)
			}
		}
	}
}

// The no-colour theme must emit no colour sequence (SGR 30–49, 90–107, 38/48).
func TestNoColorStylesEmitNoColour(t *testing.T) {
	s := NoColor().Styles()
	for name, st := range map[string]interface{ Render(...string) string }{
		"Pass": s.Pass, "Warn": s.Warn, "Fail": s.Fail, "Selected": s.Selected, "Title": s.Title,
		"TabActive": s.TabActive, "Critical": s.Critical, "Muted": s.Muted,
	} {
		out := st.Render("x")
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") || strings.Contains(out, "[3") && !strings.Contains(out, "[3m") {
			t.Errorf("%s renders colour: %q", name, out)
		}
	}
	// The detector itself: a coloured theme's Pass does carry colour.
	if out := Dark().Styles().Pass.Render("x"); !strings.Contains(out, "38;") {
		t.Errorf("dark Pass renders %q, want a 38; colour sequence", out)
	}
}

// Every theme's four heat-map bands stay four after the terminal rounds
// them: rendered through a true-colour, a 256-colour and a 16-colour
// writer, the bands' background codes are pairwise different. (The dark
// theme's medium #854D0E and high #9A3412 both became 256-colour 94, and
// 16-colour 1 with critical: four bands read as three, or as two.) The
// no-colour theme has no background to compare; its bands differ in their
// attributes instead (plain, underline, bold, bold reverse).
func TestHeatBandsStayDistinct(t *testing.T) {
	for _, th := range []Theme{Dark(), Light(), HighContrast(), ProjectorLight(), ProjectorDark(), NoColor()} {
		s := th.Styles()
		profiles := []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI}
		if th.Plain {
			profiles = []colorprofile.Profile{colorprofile.Ascii}
		}
		for _, p := range profiles {
			seen := map[string]string{}
			for band, st := range map[string]lipgloss.Style{"low": s.Low, "medium": s.Medium, "high": s.High, "critical": s.Critical} {
				var b bytes.Buffer
				w := &colorprofile.Writer{Forward: &b, Profile: p}
				if _, err := w.WriteString(st.Render("H")); err != nil {
					t.Fatal(err)
				}
				code, _, _ := strings.Cut(b.String(), "H")
				if !th.Plain && !bgCode.MatchString(code) {
					t.Errorf("%s %v %s: %q sets no background", th.Name, p, band, code)
				}
				if other, dup := seen[code]; dup {
					t.Errorf("%s under %v: %s and %s both draw %q", th.Name, p, band, other, code)
				}
				seen[code] = band
			}
		}
	}
}

// A cell's text is black or white, whichever reads on its band, and it
// reads (WCAG 3:1 at least, the bar for large and bold text).
func TestHeatCellTextReads(t *testing.T) {
	for _, th := range []Theme{Dark(), Light(), HighContrast(), ProjectorLight(), ProjectorDark()} {
		s := th.Styles()
		for band, c := range map[string]struct {
			bg string
			st lipgloss.Style
		}{"low": {th.Low, s.Low}, "medium": {th.Medium, s.Medium}, "high": {th.High, s.High}, "critical": {th.Critical, s.Critical}} {
			r, g, b, _ := c.st.GetForeground().RGBA()
			fg, bg := fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8), c.bg
			if c := Contrast(fg, bg); c < 3 {
				t.Errorf("%s %s: %s on %s, contrast %.2f", th.Name, band, fg, bg, c)
			}
		}
	}
}

// The projector themes paint their own background, and every colour of
// theirs reads on it; the everyday themes keep the terminal's.
func TestProjectorThemesOwnTheirBackground(t *testing.T) {
	for _, th := range []Theme{Projector(true), Projector(false)} {
		if th.Bg == "" || th.Styles().Background == nil {
			t.Errorf("%s has no background of its own", th.Name)
			continue
		}
		for name, c := range map[string]string{"Fg": th.Fg, "Muted": th.Muted, "Accent": th.Accent,
			"Pass": th.Pass, "Warn": th.Warn, "Fail": th.Fail, "SelectedBg": th.SelectedBg} {
			if r := Contrast(c, th.Bg); r < 4.5 {
				t.Errorf("%s: %s %s on its background %s, contrast %.2f, want ≥ 4.5", th.Name, name, c, th.Bg, r)
			}
		}
	}
	for _, th := range []Theme{Dark(), Light(), HighContrast(), NoColor()} {
		if th.Styles().Background != nil {
			t.Errorf("%s sets the terminal background; only the projector themes do", th.Name)
		}
	}
}

// bgCode finds a background in an SGR sequence: 40–47, 100–107 or 48;….
var bgCode = regexp.MustCompile(`[\[;](4[0-7]|10[0-7]|48)[;m]`)

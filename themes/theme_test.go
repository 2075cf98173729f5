package themes

import (
	"strings"
	"testing"
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

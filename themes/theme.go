// Package themes holds ringside's colour sets as data. A Theme is plain
// colours; Styles turns it into lipgloss styles once, and the cockpit
// passes that value down. Nothing here is a package-global style.
package themes

import (
	"fmt"
	"strings"
)

// Theme is a named set of colours, written as hex strings ("" = the
// terminal's default). Every status also has a glyph elsewhere, so a theme
// without colour still reads.
type Theme struct {
	Name   string
	Dark   bool // drawn for a dark background
	Plain  bool // no colour at all (NO_COLOR)
	Fg     string
	Muted  string
	Accent string // titles, active tab, keys in help
	Pass   string
	Warn   string
	Fail   string
	NoData string
	// Selected row: background and text.
	SelectedBg string
	SelectedFg string
	// Heat map cells by risk band. Each band keeps its own colour after a
	// 256- or 16-colour terminal rounds it (TestHeatBandsStayDistinct), so
	// four bands never read as three.
	Low, Medium, High, Critical string
	// Bg is the background the theme paints the whole terminal with ("" =
	// the terminal's own). The projector themes set it, so a meeting is
	// legible on any projector whatever the terminal's background.
	Bg string
}

// Names lists the themes in the order --theme documents them.
var Names = []string{"dark", "light", "high-contrast", "no-color"}

// Dark suits a dark terminal background.
func Dark() Theme {
	return Theme{Name: "dark", Dark: true, Fg: "#E4E4E7", Muted: "#8B8B94", Accent: "#7DD3FC",
		Pass: "#4ADE80", Warn: "#FACC15", Fail: "#F87171", NoData: "#8B8B94",
		SelectedBg: "#334155", SelectedFg: "#F8FAFC",
		Low: "#15803D", Medium: "#9A7B00", High: "#C85000", Critical: "#991B1B"}
}

// Light suits a light terminal background (a projector, a bright room).
func Light() Theme {
	return Theme{Name: "light", Fg: "#1F2937", Muted: "#6B7280", Accent: "#1D4ED8",
		Pass: "#15803D", Warn: "#A16207", Fail: "#B91C1C", NoData: "#6B7280",
		SelectedBg: "#DBEAFE", SelectedFg: "#111827",
		Low: "#BBF7D0", Medium: "#FEF08A", High: "#FDBA74", Critical: "#B91C1C"}
}

// HighContrast uses the strongest pairs for poor projectors and low vision.
func HighContrast() Theme {
	return Theme{Name: "high-contrast", Dark: true, Fg: "#FFFFFF", Muted: "#D4D4D4", Accent: "#00FFFF",
		Pass: "#00FF00", Warn: "#FFFF00", Fail: "#FF3030", NoData: "#D4D4D4",
		SelectedBg: "#FFFFFF", SelectedFg: "#000000",
		Low: "#00A000", Medium: "#A0A000", High: "#C85000", Critical: "#C00000"}
}

// ProjectorLight is the meeting's projector theme on a light background
// (a light terminal, a light theme): the high-contrast pairs, dark on its
// own white, where HighContrast's cyan, white and yellow would vanish.
func ProjectorLight() Theme {
	return Theme{Name: "high-contrast-light", Fg: "#000000", Muted: "#303030", Accent: "#0030B0",
		Pass: "#006400", Warn: "#8A4B00", Fail: "#B00000", NoData: "#303030",
		SelectedBg: "#000000", SelectedFg: "#FFFFFF",
		Low: "#4CAF50", Medium: "#E6C800", High: "#F07800", Critical: "#B91C1C", Bg: "#FFFFFF"}
}

// ProjectorDark is the meeting's projector theme on a dark background:
// HighContrast on its own black, so a dark-grey or tinted terminal does
// not wash it out.
func ProjectorDark() Theme {
	t := HighContrast()
	t.Bg = "#000000"
	return t
}

// Projector is the meeting's theme for a background: ProjectorDark on a
// dark one, ProjectorLight on a light one. Both paint their own background.
func Projector(dark bool) Theme {
	if dark {
		return ProjectorDark()
	}
	return ProjectorLight()
}

// NoColor draws with no colour at all; selection uses reverse video and a
// cursor mark.
func NoColor() Theme { return Theme{Name: "no-color", Plain: true} }

// Named returns the theme called name. "" means "follow the terminal" and
// is resolved by the caller; here it gives Dark.
func Named(name string) (Theme, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "dark":
		return Dark(), nil
	case "light":
		return Light(), nil
	case "high-contrast", "highcontrast", "hc":
		return HighContrast(), nil
	case "no-color", "no-colour", "nocolor", "none":
		return NoColor(), nil
	}
	return Theme{}, fmt.Errorf("unknown theme %q: use one of %s", name, strings.Join(Names, ", "))
}

// ForBackground picks dark or light to follow the terminal.
func ForBackground(dark bool) Theme {
	if dark {
		return Dark()
	}
	return Light()
}

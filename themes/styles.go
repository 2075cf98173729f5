package themes

import (
	"fmt"
	"image/color"
	"math"

	"charm.land/lipgloss/v2"
)

// Styles is a theme turned into lipgloss styles, built once per theme
// change and passed down to every screen.
type Styles struct {
	Theme Theme

	Text      lipgloss.Style
	Muted     lipgloss.Style
	Bold      lipgloss.Style
	Title     lipgloss.Style // the app bar
	Heading   lipgloss.Style // section headings, table headers
	Key       lipgloss.Style // key names in help and footer
	Selected  lipgloss.Style // the cursor row
	TabActive lipgloss.Style
	TabIdle   lipgloss.Style
	Error     lipgloss.Style
	Code      lipgloss.Style
	Match     lipgloss.Style // fuzzy-matched characters

	// Status colours, indexed by what they judge.
	Pass   lipgloss.Style
	Warn   lipgloss.Style
	Fail   lipgloss.Style
	NoData lipgloss.Style

	// Heat map cells by risk band.
	Low, Medium, High, Critical lipgloss.Style

	// Background is the terminal background the theme sets (the cockpit's
	// view asks the terminal for it, and the terminal's own comes back on
	// exit); nil leaves the terminal's.
	Background color.Color
}

func col(hex string) color.Color {
	if hex == "" {
		return lipgloss.NoColor{}
	}
	return lipgloss.Color(hex)
}

// Styles builds the style set of t.
func (t Theme) Styles() Styles {
	s := Styles{Theme: t}
	if t.Bg != "" && !t.Plain {
		s.Background = lipgloss.Color(t.Bg)
	}
	base := lipgloss.NewStyle()
	if t.Plain {
		s.Text, s.Muted, s.Code = base, base, base
		s.Bold = base.Bold(true)
		s.Title = base.Bold(true)
		s.Heading = base.Bold(true)
		s.Key = base.Bold(true)
		s.Selected = base.Reverse(true)
		s.TabActive = base.Bold(true).Reverse(true)
		s.TabIdle = base
		s.Error = base.Bold(true)
		s.Match = base.Underline(true)
		s.Pass, s.Warn, s.NoData = base, base, base
		s.Fail = base.Bold(true)
		s.Low, s.Medium, s.High, s.Critical = base, base.Underline(true), base.Bold(true), base.Bold(true).Reverse(true)
		return s
	}
	fg := func(hex string) lipgloss.Style { return base.Foreground(col(hex)) }
	s.Text = fg(t.Fg)
	s.Muted = fg(t.Muted)
	s.Bold = fg(t.Fg).Bold(true)
	s.Title = fg(t.Accent).Bold(true)
	s.Heading = fg(t.Accent).Bold(true)
	s.Key = fg(t.Accent).Bold(true)
	s.Selected = base.Foreground(col(t.SelectedFg)).Background(col(t.SelectedBg))
	s.TabActive = base.Foreground(col(t.SelectedFg)).Background(col(t.SelectedBg)).Bold(true)
	s.TabIdle = fg(t.Muted)
	s.Error = fg(t.Fail).Bold(true)
	s.Code = fg(t.Accent)
	s.Match = fg(t.Accent).Underline(true)
	s.Pass = fg(t.Pass)
	s.Warn = fg(t.Warn)
	s.Fail = fg(t.Fail).Bold(true)
	s.NoData = fg(t.NoData)
	// a cell's text is black or white, whichever stands out more on its band
	cell := func(bg string) lipgloss.Style {
		if Contrast("#FFFFFF", bg) >= Contrast("#000000", bg) {
			return base.Background(col(bg)).Foreground(lipgloss.Color("#FFFFFF"))
		}
		return base.Background(col(bg)).Foreground(lipgloss.Color("#000000"))
	}
	s.Low, s.Medium, s.High, s.Critical = cell(t.Low), cell(t.Medium), cell(t.High), cell(t.Critical)
	return s
}

// luminance is the relative luminance (WCAG 2) of a #RRGGBB colour, 0 for
// black to 1 for white; "" or a malformed colour counts as black.
func luminance(hex string) float64 {
	var r, g, b uint8
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return 0
	}
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG contrast ratio of two #RRGGBB colours, from 1 (the
// same) to 21 (black on white).
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

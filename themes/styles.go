package themes

import (
	"image/color"

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
		s.Low, s.Medium, s.High, s.Critical = base, base, base.Bold(true), base.Bold(true).Reverse(true)
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
	cell := func(bg string) lipgloss.Style {
		if t.Dark {
			return base.Background(col(bg)).Foreground(lipgloss.Color("#FFFFFF"))
		}
		return base.Background(col(bg)).Foreground(lipgloss.Color("#000000"))
	}
	s.Low, s.Medium, s.High, s.Critical = cell(t.Low), cell(t.Medium), cell(t.High), cell(t.Critical)
	return s
}

package themes

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Huh is the forms' theme built from s, so a form reads like the screen
// under it: typed values in the theme's text colour (under --theme light
// they were the 16-colour theme's white, on white), titles and keys in its
// accent, errors in its fail colour, the focused button as the selected
// row. The terminal's dark-or-light hint huh passes is ignored: the theme
// has already chosen.
func (s Styles) Huh() huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return s.huhStyles() })
}

func (s Styles) huhStyles() *huh.Styles {
	t := huh.ThemeBase(s.Theme.Dark)
	button := lipgloss.NewStyle().Padding(0, 2).MarginRight(1)
	mark := func(st lipgloss.Style, text string) lipgloss.Style { return st.SetString(text) }

	f := &t.Focused
	f.Base = f.Base.BorderForeground(col(s.Theme.Muted))
	f.Card = f.Base
	f.Title = s.Heading
	f.NoteTitle = s.Heading.MarginBottom(1)
	f.Description = s.Muted
	f.ErrorIndicator = mark(s.Error, " *")
	f.ErrorMessage = mark(s.Error, " *")
	f.Directory = s.Code
	f.File = s.Text
	f.SelectSelector = mark(s.Key, "> ")
	f.NextIndicator = mark(s.Key.MarginLeft(1), "→")
	f.PrevIndicator = mark(s.Key.MarginRight(1), "←")
	f.Option = s.Text
	f.MultiSelectSelector = mark(s.Key, "> ")
	f.SelectedOption = s.Pass
	f.SelectedPrefix = mark(s.Pass, "[•] ")
	f.UnselectedOption = s.Text
	f.UnselectedPrefix = mark(s.Muted, "[ ] ")
	f.FocusedButton = button.Inherit(s.Selected).Bold(true)
	f.BlurredButton = button.Inherit(s.Muted)
	if s.Theme.Plain {
		f.BlurredButton = button
	}
	f.Next = f.FocusedButton
	f.TextInput.Cursor = s.Code
	f.TextInput.CursorText = s.Text
	f.TextInput.Placeholder = s.Muted
	f.TextInput.Prompt = s.Key
	f.TextInput.Text = s.Text

	t.Blurred = *f
	b := &t.Blurred
	b.Base = b.Base.BorderStyle(lipgloss.HiddenBorder())
	b.Card = b.Base
	b.Title = s.Muted
	b.NoteTitle = s.Muted
	b.MultiSelectSelector = lipgloss.NewStyle().SetString("  ")
	b.NextIndicator = lipgloss.NewStyle()
	b.PrevIndicator = lipgloss.NewStyle()
	b.TextInput.Prompt = s.Muted

	t.Group.Title = f.Title
	t.Group.Description = f.Description
	t.Help = help.Styles{
		Ellipsis:       s.Muted,
		ShortKey:       s.Key,
		ShortDesc:      s.Muted,
		ShortSeparator: s.Muted,
		FullKey:        s.Key,
		FullDesc:       s.Muted,
		FullSeparator:  s.Muted,
	}
	return t
}

// HuhView repaints what huh's theme cannot reach in a drawn form: huh
// (v2.0.3) themes only a text input's focused state, so a field left
// behind keeps the bubbles default, the terminal's white (SGR 37), for its
// prompt and its typed value: white on white under a light theme. No
// style of ours uses the 16 colours, so every SGR 37 in the form is that
// default and becomes the theme's text colour.
//
// A multi-line text field's blank lines keep the bubbles textarea's
// end-of-buffer style, black (SGR 30) on spaces: invisible, but a colour
// under NO_COLOR; it is dropped.
func (s Styles) HuhView(view string) string {
	const white, black = "\x1b[37m", "\x1b[30m"
	view = strings.ReplaceAll(view, black, "")
	if !strings.Contains(view, white) {
		return view
	}
	text := ""
	if r := s.Text.Render("x"); strings.Contains(r, "x") {
		text = r[:strings.Index(r, "x")]
	}
	return strings.ReplaceAll(view, white, text)
}

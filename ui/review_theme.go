package ui

import (
	"ringside/themes"
	"ringside/ui/review"
)

// A gate review is shown on a projector: while a review screen is on the
// stack the cockpit draws in the high-contrast theme (or stays without
// colour under NO_COLOR), and the user's own theme comes back when the
// last review screen leaves the stack, however it left (esc, the palette's
// "Back to portfolio", a close message).

// syncMeetingTheme switches to or from the projector theme to match the stack.
func (m *Model) syncMeetingTheme() {
	inMeeting := false
	for _, s := range m.stack {
		if _, ok := s.(*review.Screen); ok {
			inMeeting = true
		}
	}
	c := m.c
	switch {
	case inMeeting && c.UserTheme == nil:
		user := c.Styles.Theme
		// the projector's variant follows the background: the terminal's
		// when it said, else the user's theme's
		dark := user.Dark
		if c.Background != nil {
			dark = *c.Background
		}
		projector := themes.Projector(dark)
		if c.Opt.NoColor {
			projector = themes.NoColor()
		}
		c.ApplyTheme(projector)
		c.UserTheme = &user
	case !inMeeting && c.UserTheme != nil:
		user := *c.UserTheme
		c.UserTheme = nil
		c.ApplyTheme(user)
	}
}

// Package ui is ringside's cockpit: a root model that routes keys, sizes
// and messages to a stack of screens (the portfolio dashboard, a pilot's
// detail with its tabs), overlays for help and the command palette, and the
// small components they are made of. Data is read in tea.Cmds and comes
// back as messages; nothing in Update or View touches the database.
package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/themes"
)

// common is what every screen shares: the options, the styles built from
// the current theme, the key map and the body size. Screens hold a pointer,
// so a theme change reaches all of them; gen tells caches to rebuild.
type common struct {
	opt    Options
	styles themes.Styles
	keys   KeyMap
	gen    int // bumped on every theme change
	// ticks is false in tests: the spinner's timer is not started, so
	// commands can be resolved synchronously.
	ticks bool
	// userTheme is the user's theme while a gate review shows the
	// projector theme; nil otherwise (see review_theme.go).
	userTheme *themes.Theme
	// undo is this session's edits from the forms, newest last (forms).
	undo undoStack
	// created is what a form just created, selected by the next reload (live.go).
	created created
	// background is whether the terminal said its background is dark (nil:
	// it has not said); the meeting's projector theme follows it.
	background *bool
}

// date is how the cockpit shows a day: ISO (2026-11-20) unless the
// config file asks for text (20 Nov 2026). Forms keep ISO: they are read back.
func (c *common) date(d model.Date) string {
	if c.opt.Dates == "text" && d != 0 {
		return d.Time().Format("2 Jan 2006")
	}
	return d.String()
}

// now is the clock of sign-offs, ticks and exports.
func (c *common) now() time.Time { return c.opt.Now() }

func (c *common) setTheme(t themes.Theme) {
	if c.userTheme != nil { // a gate review holds the screen: t applies after it
		c.userTheme = &t
		return
	}
	c.applyTheme(t)
}

func (c *common) applyTheme(t themes.Theme) {
	c.styles = t.Styles()
	c.gen++
}

// component is the contract of every screen and pane: it updates on
// messages, draws exactly its size, and names its keys for the help.
type component interface {
	Update(msg tea.Msg) tea.Cmd
	// View draws at most the size given to SetSize: never wider, never taller.
	View() string
	SetSize(width, height int)
	// Keys lists the bindings the component adds, for the help and footer.
	Keys() []key.Binding
}

// screen is a component on the root's stack.
type screen interface {
	component
	// Title names the screen in the breadcrumb.
	Title() string
	// Capturing reports whether a text box has focus: keys then go only to
	// the screen, not to the global bindings.
	Capturing() bool
	// Back handles esc inside the screen (close a chart, clear a filter);
	// false lets the root pop the screen.
	Back() bool
}

// statusLiner is a screen with a selected pilot whose one-line status `y`
// copies to the clipboard.
type statusLiner interface {
	StatusLine() (string, bool)
}

// paletteSource is a screen that offers actions to the command palette.
type paletteSource interface {
	Actions() []action
}

// action is one entry of the command palette.
type action struct {
	Name string
	Help string
	Run  func() tea.Cmd
}

// Package common is what every cockpit screen shares: the component and
// screen contracts, the navigation messages a screen sends the root, the
// key map, the options, the line input, the frame, the scroll pane, the
// glyphs and the session's undo. Screens import it and never each other;
// the root (package ui) wires them together.
package common

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
type Common struct {
	Opt    Options
	Styles themes.Styles
	Keys   KeyMap
	gen    int // bumped on every theme change
	// ticks is false in tests: the spinner's timer is not started, so
	// commands can be resolved synchronously.
	Ticks bool
	// userTheme is the user's theme while a gate review shows the
	// projector theme; nil otherwise (see review_theme.go).
	UserTheme *themes.Theme
	// undo is this session's edits from the forms, newest last (forms).
	Undo undoStack
	// created is what a form just created, selected by the next reload (live.go).
	Created Created
	// background is whether the terminal said its background is dark (nil:
	// it has not said); the meeting's projector theme follows it.
	Background *bool
}

// date is how the cockpit shows a day: ISO (2026-11-20) unless the
// config file asks for text (20 Nov 2026). Forms keep ISO: they are read back.
func (c *Common) Date(d model.Date) string {
	if c.Opt.Dates == "text" && d != 0 {
		return d.Time().Format("2 Jan 2006")
	}
	return d.String()
}

// now is the clock of sign-offs, ticks and exports.
func (c *Common) Now() time.Time { return c.Opt.Now() }

func (c *Common) SetTheme(t themes.Theme) {
	if c.UserTheme != nil { // a gate review holds the screen: t applies after it
		c.UserTheme = &t
		return
	}
	c.ApplyTheme(t)
}

func (c *Common) ApplyTheme(t themes.Theme) {
	c.Styles = t.Styles()
	c.gen++
}

// component is the contract of every screen and pane: it updates on
// messages, draws exactly its size, and names its keys for the help.
type Component interface {
	Update(msg tea.Msg) tea.Cmd
	// View draws at most the size given to SetSize: never wider, never taller.
	View() string
	SetSize(width, height int)
	// Keys lists the bindings the component adds, for the help and footer.
	Keys() []key.Binding
}

// screen is a component on the root's stack.
type Screen interface {
	Component
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
type StatusLiner interface {
	StatusLine() (string, bool)
}

// paletteSource is a screen that offers actions to the command palette.
type PaletteSource interface {
	Actions() []Action
}

// action is one entry of the command palette.
type Action struct {
	Name string
	Help string
	Run  func() tea.Cmd
}

// Keeper is a pane that takes over the state of the pane it replaces on a
// reload: cursor (on the same item), filter, sort, scroll.
type Keeper interface{ Keep(old Component) }

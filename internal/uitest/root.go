package uitest

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Root runs a whole program (the cockpit's root router, package ui)
// without a terminal: every command runs at once and its messages are fed
// back, so a test sees the frame as it stands after a key and everything
// the key started has finished. It presses keys as Driver does.
type Root struct {
	T    testing.TB
	M    tea.Model
	Clip string // the text last copied to the clipboard
	Quit bool
	typing
}

// NewRoot starts m in a terminal of w×h cells.
func NewRoot(t testing.TB, m tea.Model, w, h int) *Root {
	r := Attach(t, m)
	r.Send(tea.WindowSizeMsg{Width: w, Height: h})
	r.Run(m.Init())
	return r
}

// Attach drives m as it stands, not started: a test that runs Init's
// commands itself (to stop half-way) sends the size and the rest.
func Attach(t testing.TB, m tea.Model) *Root {
	r := &Root{T: t, M: m}
	r.typing = typing{r.Send}
	return r
}

// Send gives msg to the program and runs what it starts.
func (r *Root) Send(msg tea.Msg) {
	_, cmd := r.M.Update(msg)
	r.Run(cmd)
}

// Run runs cmd and every command its messages start.
func (r *Root) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.QuitMsg:
		r.Quit = true
	default:
		if cmds, ok := commands(msg); ok {
			for _, c := range cmds {
				r.Run(c)
			}
			return
		}
		if text, ok := clipboard(msg); ok {
			r.Clip = text
			return
		}
		r.Send(msg)
	}
}

// Screen is the frame as plain text, trailing spaces trimmed per line.
func (r *Root) Screen() string { return Plain(r.M.View().Content) }

// CheckFrame asserts the frame is w×h at most: no line wider, no more lines.
func (r *Root) CheckFrame(w, h int) {
	r.T.Helper()
	checkSize(r.T, r.M.View().Content, w, h)
}

// Must stops the test when the frame lacks any of wants.
func (r *Root) Must(wants ...string) {
	r.T.Helper()
	MustContain(r.T, r.Screen(), wants...)
}

// MustSay is Must for sentences the frame may wrap (see Driver.MustSay).
func (r *Root) MustSay(wants ...string) {
	r.T.Helper()
	MustContain(r.T, Flat(r.Screen()), flatAll(wants)...)
}

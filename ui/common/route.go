package common

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
)

// Messages a screen or pane sends to the root to open and close screens on
// top of the stack (a form, the import screen, a drill, a gate review) and
// to say the database changed. They keep screens ignorant of the stack.

// pushMsg asks the root to open a screen on top of the stack.
type PushMsg struct{ Screen Screen }

// closeMsg asks the root to close the top screen; status, if set, shows in
// the footer ("saved", "import cancelled: nothing written").
type CloseMsg struct{ Status string }

// changedMsg says the database changed (a save, an import, an undo): the
// root reloads the portfolio and every open pilot, so every screen shows
// what is now stored. status, if set, shows in the footer.
type ChangedMsg struct{ Status string }

// statusMsg shows a line in the footer.
type StatusMsg struct{ Text string }

// push returns a command that opens s on top of the stack.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }

// closeTop returns a command that closes the top screen.
func CloseTop(status string) tea.Cmd { return func() tea.Msg { return CloseMsg{status} } }

// changed returns a command saying the database changed.
func Changed(status string) tea.Cmd { return func() tea.Msg { return ChangedMsg{status} } }

// LoadMsg asks the root to run a loading command under the spinner.
type LoadMsg struct{ Cmd tea.Cmd }

// ShiftMouse moves a mouse message's row by dy (the app bar above the body).
func ShiftMouse(msg tea.Msg, dy int) tea.Msg {
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		msg.Y += dy
		return msg
	case tea.MouseWheelMsg:
		msg.Y += dy
		return msg
	}
	return msg
}

// OpenPilotMsg asks the root to open a pilot's detail.
type OpenPilotMsg struct{ Slug, Name string }

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// CmdList opens a batch or a sequence (whose type Bubble Tea keeps
// unexported) into its commands.
func CmdList(msg tea.Msg) (cmds []tea.Cmd, seq, ok bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, false, true
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false, false
	}
	cmds = make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true, true
}

package ui

import tea "charm.land/bubbletea/v2"

// Messages a screen or pane sends to the root to open and close screens on
// top of the stack (a form, the import screen, a drill, a gate review) and
// to say the database changed. They keep screens ignorant of the stack.

// pushMsg asks the root to open a screen on top of the stack.
type pushMsg struct{ s screen }

// closeMsg asks the root to close the top screen; status, if set, shows in
// the footer ("saved", "import cancelled: nothing written").
type closeMsg struct{ status string }

// changedMsg says the database changed (a save, an import, an undo): the
// root reloads the portfolio and every open pilot, so every screen shows
// what is now stored. status, if set, shows in the footer.
type changedMsg struct{ status string }

// statusMsg shows a line in the footer.
type statusMsg struct{ text string }

// push returns a command that opens s on top of the stack.
func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

// closeTop returns a command that closes the top screen.
func closeTop(status string) tea.Cmd { return func() tea.Msg { return closeMsg{status} } }

// changed returns a command saying the database changed.
func changed(status string) tea.Cmd { return func() tea.Msg { return changedMsg{status} } }

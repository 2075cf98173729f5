package ui

import (
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/widgets"
)

// lineInput is a one-line text box: typing appends, backspace deletes,
// ctrl+u clears. The owner decides what enter and esc mean.
type lineInput struct {
	prompt string
	value  []rune
	focus  bool
}

// handle applies an editing key and reports whether the value changed.
func (in *lineInput) handle(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "backspace":
		if len(in.value) > 0 {
			in.value = in.value[:len(in.value)-1]
			return true
		}
	case "ctrl+u":
		if len(in.value) > 0 {
			in.value = nil
			return true
		}
	default:
		if msg.Text != "" && !model.HasControl(msg.Text) {
			in.value = append(in.value, []rune(msg.Text)...)
			return true
		}
	}
	return false
}

// filterKey handles a key while the box is a focused list filter: enter
// keeps the filter and leaves the box, esc clears it and leaves, any other
// key edits. It reports whether the filter text changed.
func (in *lineInput) filterKey(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "enter":
		in.focus = false
		return false
	case "esc":
		in.focus = false
		changed := len(in.value) > 0
		in.clear()
		return changed
	}
	return in.handle(msg)
}

func (in *lineInput) String() string { return string(in.value) }

func (in *lineInput) clear() { in.value = nil }

// view draws the prompt and value in width cells, with a cursor block
// while focused.
func (in *lineInput) view(width int) string {
	s := in.prompt + model.Line(string(in.value))
	if in.focus {
		s += "█"
	}
	return widgets.Fit(s, width)
}

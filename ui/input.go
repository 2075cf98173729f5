package ui

import (
	"charm.land/bubbles/v2/key"
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
func (in *lineInput) handle(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Erase):
		if len(in.value) > 0 {
			in.value = in.value[:len(in.value)-1]
			return true
		}
	case key.Matches(msg, k.Clear):
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
func (in *lineInput) filterKey(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Accept):
		in.focus = false
		return false
	case key.Matches(msg, k.Cancel):
		in.focus = false
		changed := len(in.value) > 0
		in.clear()
		return changed
	}
	return in.handle(k, msg)
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

package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/widgets"
)

// lineInput is a one-line text box: typing appends, backspace deletes,
// ctrl+u clears. The owner decides what enter and esc mean.
type LineInput struct {
	Prompt string
	Value  []rune
	Focus  bool
}

// handle applies an editing key and reports whether the value changed.
func (in *LineInput) Handle(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Erase):
		if len(in.Value) > 0 {
			in.Value = in.Value[:len(in.Value)-1]
			return true
		}
	case key.Matches(msg, k.Clear):
		if len(in.Value) > 0 {
			in.Value = nil
			return true
		}
	default:
		if msg.Text != "" && !model.HasControl(msg.Text) {
			in.Value = append(in.Value, []rune(msg.Text)...)
			return true
		}
	}
	return false
}

// filterKey handles a key while the box is a focused list filter: enter
// keeps the filter and leaves the box, esc clears it and leaves, any other
// key edits. It reports whether the filter text changed.
func (in *LineInput) FilterKey(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Accept):
		in.Focus = false
		return false
	case key.Matches(msg, k.Cancel):
		in.Focus = false
		changed := len(in.Value) > 0
		in.Clear()
		return changed
	}
	return in.Handle(k, msg)
}

func (in *LineInput) String() string { return string(in.Value) }

func (in *LineInput) Clear() { in.Value = nil }

// view draws the prompt and value in width cells, with a cursor block
// while focused.
func (in *LineInput) View(width int) string {
	s := in.Prompt + model.Line(string(in.Value))
	if in.Focus {
		s += "█"
	}
	return widgets.Fit(s, width)
}

package uitest

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ringside/ui/common"
)

// What both drivers share: key presses by name, typing, the screen as
// plain text, the size check and the unwrapping of batched commands.

// Key is a key press: names like "enter", "tab", "shift+tab", "esc",
// "down", or single characters.
func Key(name string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft},
		"right": {Code: tea.KeyRight}, "backspace": {Code: tea.KeyBackspace}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
		"pgdown": {Code: tea.KeyPgDown}, "end": {Code: tea.KeyEnd}, "home": {Code: tea.KeyHome},
	}
	if k, ok := special[name]; ok {
		return tea.KeyPressMsg(k)
	}
	if r := []rune(name); len(r) == 1 {
		return tea.KeyPressMsg{Code: r[0], Text: name}
	}
	return common.PressOf(name) // "ctrl+t", "alt+enter": as a binding spells it
}

// typing is the keyboard of a driver: each method sends key messages
// through send.
type typing struct{ send func(tea.Msg) }

// Keys presses each key.
func (k typing) Keys(names ...string) {
	for _, n := range names {
		k.send(Key(n))
	}
}

// Type types s, one key per rune.
func (k typing) Type(s string) {
	for _, r := range s {
		k.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Field types text after clearing the field (ctrl+u clears a huh input).
func (k typing) Field(text string) {
	k.send(Key("ctrl+u"))
	k.Type(text)
}

// Plain is a view as plain text, trailing spaces trimmed per line.
func Plain(view string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// Flat is text with each run of spaces and line breaks made one space,
// and a box's sides (┃, │) read as spaces: a sentence wrapped inside a
// box reads as it was written.
func Flat(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("┃", " ", "│", " ").Replace(s)), " ")
}

func flatAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Flat(s)
	}
	return out
}

// MustContain stops the test when screen lacks any of wants.
func MustContain(t testing.TB, screen string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(screen, w) {
			t.Fatalf("screen lacks %q:\n%s", w, screen)
		}
	}
}

// HuhCursorLine is the line of a huh select under its cursor.
func HuhCursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "> ") {
			return l
		}
	}
	return ""
}

// checkSize fails t when view is more than h lines or a line is wider
// than w cells.
func checkSize(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("the view has %d lines, its size is %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, the size %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}

// commands are the commands of a batch or a sequence (tea.Sequence's
// message type is unexported), to run in order.
func commands(msg tea.Msg) ([]tea.Cmd, bool) {
	cmds, _, ok := common.CmdList(msg)
	return cmds, ok
}

// clipboard is the text of a SetClipboard message (its type is
// unexported).
func clipboard(msg tea.Msg) (string, bool) {
	if v := reflect.ValueOf(msg); v.Kind() == reflect.String && strings.Contains(reflect.TypeOf(msg).String(), "lipboard") {
		return v.String(), true
	}
	return "", false
}

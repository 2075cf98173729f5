package ui

import (
	tea "charm.land/bubbletea/v2"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the cockpit, with its help text. Screens
// use the bindings that apply to them; the help overlay lists them.
type KeyMap struct {
	Quit, ForceQuit, Help, Palette, Back, Filter, Copy key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom, Open      key.Binding
	Sort, Reverse                                      key.Binding
	NextTab, PrevTab, Tab1to9                          key.Binding
	PrevItem, NextItem                                 key.Binding
	Residual                                           key.Binding
	Review                                             key.Binding // gate review (Gates tab)
	// forms: create, edit, delete, owners, ring status, undo
	New, Edit, Delete, Owners, MoveRing, Undo key.Binding
	// import screen and timed drills (issue 7)
	Import, Drill key.Binding
}

// DefaultKeys is the key map the cockpit starts with.
func DefaultKeys() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit now"),
		Help:      b([]string{"?"}, "?", "help"),
		Palette:   b([]string{":", "ctrl+p"}, ":", "commands"),
		Back:      b([]string{"esc"}, "esc", "back"),
		Filter:    b([]string{"/"}, "/", "filter"),
		Copy:      b([]string{"y"}, "y", "copy status"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "page down"),
		Top:       b([]string{"home", "g"}, "g", "first"),
		Bottom:    b([]string{"end", "G"}, "G", "last"),
		Open:      b([]string{"enter"}, "enter", "open"),
		Sort:      b([]string{"s"}, "s", "sort by next column"),
		Reverse:   b([]string{"S"}, "S", "reverse sort"),
		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Tab1to9:   b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", "go to tab"),
		PrevItem:  b([]string{"left", "[", "h"}, "←/[", "previous gate"),
		NextItem:  b([]string{"right", "]", "l"}, "→/]", "next gate"),
		Residual:  b([]string{"r"}, "r", "inherent/residual"),
		Review:    b([]string{"r"}, "r", "gate review"),
		// forms
		New:      b([]string{"n"}, "n", "new"),
		Edit:     b([]string{"e"}, "e", "edit"),
		Delete:   b([]string{"x"}, "x", "delete"),
		Owners:   b([]string{"o"}, "o", "owners"),
		MoveRing: b([]string{"m"}, "m", "move ring"),
		Undo:     b([]string{"u"}, "u", "undo"),
		// import screen and timed drills (issue 7)
		Import: b([]string{"i"}, "i", "import metrics"),
		Drill:  b([]string{"t"}, "t", "timed drill"),
	}
}

// global lists the bindings that work on every screen.
func (k KeyMap) global() []key.Binding {
	return []key.Binding{k.Help, k.Palette, k.Back, k.Copy, k.Quit, k.ForceQuit}
}

// lists are the bindings of every scrolling list.
func (k KeyMap) lists() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// step turns a navigation key into a move of the cursor (or scroll
// offset): one row, one page of page rows, or total rows to reach either
// end; callers clamp. ok is false for any other key.
func (k KeyMap) step(msg tea.KeyPressMsg, page, total int) (delta int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.Top):
		return -total, true
	case key.Matches(msg, k.Bottom):
		return total, true
	}
	return 0, false
}

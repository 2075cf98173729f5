package common

import (
	"reflect"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key the cockpit reacts to, in sections: global, lists,
// detail, form, review, drill and import. Screens match keys only against
// these bindings (never against raw key names), so the help lists every
// key that works and a config file can rebind or unbind any of them by its
// action name, "section.field" in kebab case ("lists.page-down").
//
// The sections are embedded so a binding reads k.Up, not k.Lists.Up; field
// names are unique across sections for that reason.
type KeyMap struct {
	GlobalKeys `section:"global"`
	ListKeys   `section:"lists"`
	DetailKeys `section:"detail"`
	FormKeys   `section:"form"`
	ReviewKeys `section:"review"`
	DrillKeys  `section:"drill"`
	ImportKeys `section:"import"`
}

// GlobalKeys work on every screen (unless a text box has the keys).
type GlobalKeys struct {
	Quit, ForceQuit, Help, Palette, Back, Filter, Copy, Reload key.Binding
}

// ListKeys move through every scrolling list, sort it and open a row.
type ListKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open key.Binding
	Sort, Reverse                                 key.Binding
	// TypingUp and TypingDown move a list while its filter (or the help,
	// or the palette) has the keys: letters type themselves then.
	TypingUp, TypingDown key.Binding
}

// DetailKeys are a pilot's detail and its tabs, and the editing keys the
// dashboard shares.
type DetailKeys struct {
	NextTab, PrevTab, Tab1to9 key.Binding
	PrevItem, NextItem        key.Binding
	Residual                  key.Binding
	Review                    key.Binding // gate review (Gates tab)
	Chart                     key.Binding // chart a KPI's daily values
	New, Edit, Delete         key.Binding
	Owners, MoveRing, Undo    key.Binding
	Import, Drill             key.Binding
	Calendar                  key.Binding // the portfolio's change calendar (dashboard)
}

// FormKeys are the forms' and text boxes' own keys.
type FormKeys struct {
	Accept, Cancel       key.Binding // enter keeps a text box, esc drops it
	Erase, Clear         key.Binding // one character, the whole box
	FieldNext, FieldPrev key.Binding
	OptionPrev           key.Binding
	OptionNext           key.Binding
	OptionToggle         key.Binding // the next option (a yes/no: the other answer)
	NewLine, Editor      key.Binding // a text area's new line; $EDITOR on it
	Mark, MarkAll        key.Binding // a choice of several: mark one, all (or none)
}

// ReviewKeys are the gate review meeting's keys.
type ReviewKeys struct {
	AgendaPrev, AgendaNext key.Binding
	Toggle, AddAttendee    key.Binding
	Note, Waive, Tick, All key.Binding
	Sign                   key.Binding
	Condition, ActionItem  key.Binding
	Decide, Export         key.Binding
	Summary                key.Binding
}

// DrillKeys are the timed drill's keys.
type DrillKeys struct {
	StartClock, BookPrev, BookNext key.Binding
	StepDone, StepFail, StepNote   key.Binding
	Abandon                        key.Binding
	SaveDrill                      key.Binding
	OutcomePrev, OutcomeNext       key.Binding
	DrillNotes, Discard            key.Binding
	Yes, No                        key.Binding
}

// ImportKeys are the import screen's keys.
type ImportKeys struct {
	Pick, IntoFolder, ParentFolder, TypePath key.Binding
	DryRun, ChangePilot, RunImport           key.Binding
	ChangeSource, MapColumn, SaveSource      key.Binding
	StopImport, CloseImport, Another         key.Binding
}

// DefaultKeys is the key map the cockpit starts with.
func DefaultKeys() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		GlobalKeys: GlobalKeys{
			Quit:      b([]string{"q"}, "q", "quit"),
			ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit now"),
			Help:      b([]string{"?"}, "?", "help"),
			Palette:   b([]string{":", "ctrl+p"}, ":", "commands"),
			Back:      b([]string{"esc"}, "esc", "back"),
			Filter:    b([]string{"/"}, "/", "filter"),
			Copy:      b([]string{"y"}, "y", "copy status"),
			Reload:    b([]string{"R"}, "R", "reload"),
		},
		ListKeys: ListKeys{
			Up:         b([]string{"up", "k"}, "↑/k", "up"),
			Down:       b([]string{"down", "j"}, "↓/j", "down"),
			PageUp:     b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
			PageDown:   b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "page down"),
			Top:        b([]string{"home", "g"}, "g", "first"),
			Bottom:     b([]string{"end", "G"}, "G", "last"),
			Open:       b([]string{"enter"}, "enter", "open"),
			Sort:       b([]string{"s"}, "s", "sort by next column"),
			Reverse:    b([]string{"S"}, "S", "reverse sort"),
			TypingUp:   b([]string{"up", "ctrl+k", "ctrl+p"}, "↑", "up (while typing)"),
			TypingDown: b([]string{"down", "ctrl+j", "ctrl+n", "tab"}, "↓", "down (while typing)"),
		},
		DetailKeys: DetailKeys{
			NextTab:  b([]string{"tab"}, "tab", "next tab"),
			PrevTab:  b([]string{"shift+tab"}, "shift+tab", "previous tab"),
			Tab1to9:  b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", "go to tab"),
			PrevItem: b([]string{"left", "[", "h"}, "←/[", "previous gate"),
			NextItem: b([]string{"right", "]", "l"}, "→/]", "next gate"),
			Residual: b([]string{"r"}, "r", "inherent/residual"),
			Review:   b([]string{"r"}, "r", "gate review"),
			Chart:    b([]string{"enter"}, "enter", "chart the KPI's daily values"),
			New:      b([]string{"n"}, "n", "new"),
			Edit:     b([]string{"e"}, "e", "edit"),
			Delete:   b([]string{"x"}, "x", "delete"),
			Owners:   b([]string{"o"}, "o", "owners"),
			MoveRing: b([]string{"m"}, "m", "move ring"),
			Undo:     b([]string{"u"}, "u", "undo"),
			Import:   b([]string{"i"}, "i", "import metrics"),
			Drill:    b([]string{"t"}, "t", "timed drill"),
			Calendar: b([]string{"c"}, "c", "change calendar"),
		},
		FormKeys: FormKeys{
			Accept:       b([]string{"enter"}, "enter", "keep / next / save"),
			Cancel:       b([]string{"esc"}, "esc", "cancel"),
			Erase:        b([]string{"backspace"}, "⌫", "erase a character"),
			Clear:        b([]string{"ctrl+u"}, "ctrl+u", "clear the box"),
			FieldNext:    b([]string{"tab", "down"}, "tab", "next field"),
			FieldPrev:    b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
			OptionPrev:   b([]string{"left"}, "←", "previous option"),
			OptionNext:   b([]string{"right"}, "→", "next option"),
			OptionToggle: b([]string{"space"}, "space", "other option"),
			NewLine:      b([]string{"alt+enter", "ctrl+j"}, "alt+enter", "new line in a text area"),
			Editor:       b([]string{"ctrl+e"}, "ctrl+e", "write a text area in $EDITOR"),
			Mark:         b([]string{"space", "x"}, "space", "mark or unmark a choice"),
			MarkAll:      b([]string{"ctrl+a"}, "ctrl+a", "mark all or none"),
		},
		ReviewKeys: ReviewKeys{
			AgendaPrev:  b([]string{"left", "[", "h"}, "←/[", "agenda back"),
			AgendaNext:  b([]string{"right", "]", "l"}, "→/]", "agenda on"),
			Toggle:      b([]string{"space", "enter"}, "space", "present/absent"),
			AddAttendee: b([]string{"a"}, "a", "add attendee"),
			Note:        b([]string{"n"}, "n", "note"),
			Waive:       b([]string{"w"}, "w", "waive"),
			Tick:        b([]string{"t"}, "t", "tick"),
			All:         b([]string{"v"}, "v", "one/all"),
			Sign:        b([]string{"s", "enter"}, "s", "sign off"),
			Condition:   b([]string{"c"}, "c", "condition"),
			ActionItem:  b([]string{"i"}, "i", "action item"),
			Decide:      b([]string{"d"}, "d", "decide"),
			Export:      b([]string{"x"}, "x", "export checklist + minutes"),
			Summary:     b([]string{"S"}, "S", "summary"),
		},
		DrillKeys: DrillKeys{
			StartClock:  b([]string{"enter"}, "enter", "start the clock"),
			BookPrev:    b([]string{"left", "h", "["}, "←", "previous runbook"),
			BookNext:    b([]string{"right", "l", "]"}, "→", "next runbook"),
			StepDone:    b([]string{"enter", "d"}, "enter/d", "step done"),
			StepFail:    b([]string{"f"}, "f", "step failed"),
			StepNote:    b([]string{"n"}, "n", "note"),
			Abandon:     b([]string{"esc"}, "esc", "abandon"),
			SaveDrill:   b([]string{"enter", "ctrl+s"}, "enter", "save"),
			OutcomePrev: b([]string{"left", "h"}, "←", "previous outcome"),
			OutcomeNext: b([]string{"right", "l"}, "→", "next outcome"),
			DrillNotes:  b([]string{"n"}, "n", "notes"),
			Discard:     b([]string{"esc"}, "esc", "discard"),
			Yes:         b([]string{"y"}, "y", "yes"),
			No:          b([]string{"n", "esc"}, "n", "no"),
		},
		ImportKeys: ImportKeys{
			Pick:         b([]string{"enter"}, "enter", "open/pick"),
			IntoFolder:   b([]string{"right", "l"}, "→", "open folder"),
			ParentFolder: b([]string{"backspace", "left", "h"}, "⌫", "parent folder"),
			TypePath:     b([]string{"tab"}, "tab", "type a path"),
			DryRun:       b([]string{"enter"}, "enter", "dry run"),
			ChangePilot:  b([]string{"p"}, "p", "pilot"),
			ChangeSource: b([]string{"s"}, "s", "source"),
			MapColumn:    b([]string{"m"}, "m", "map a column"),
			SaveSource:   b([]string{"w"}, "w", "save as source"),
			RunImport:    b([]string{"enter"}, "enter", "import"),
			StopImport:   b([]string{"esc"}, "esc", "cancel"),
			CloseImport:  b([]string{"enter"}, "enter", "close"),
			Another:      b([]string{"a"}, "a", "another file"),
		},
	}
}

// NamedBinding is one binding of the key map with its action name.
type NamedBinding struct {
	Section string // "global", "lists", …
	Name    string // "global.quit", "lists.page-down", …
	Binding *key.Binding
}

// Bindings lists every binding of k by action name, section by section in
// the order of the type: the help, the config file and its `init` all
// come from this one list.
func (k *KeyMap) Bindings() []NamedBinding {
	var out []NamedBinding
	v := reflect.ValueOf(k).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sec := t.Field(i).Tag.Get("section")
		sv := v.Field(i)
		for j := 0; j < sv.NumField(); j++ {
			f := sv.Type().Field(j)
			b := sv.Field(j).Addr().Interface().(*key.Binding)
			out = append(out, NamedBinding{Section: sec, Name: sec + "." + kebab(f.Name), Binding: b})
		}
	}
	return out
}

// Section lists the bindings of one section, in order.
func (k *KeyMap) Section(name string) []key.Binding {
	var out []key.Binding
	for _, nb := range k.Bindings() {
		if nb.Section == name {
			out = append(out, *nb.Binding)
		}
	}
	return out
}

// kebab turns a Go field name into an action name: PageDown → page-down.
func kebab(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Rebind gives the action name keys (none unbinds it). It reports whether
// the action exists. The help shows the keys as given, arrows as glyphs.
func (k *KeyMap) Rebind(name string, keys []string) bool {
	for _, nb := range k.Bindings() {
		if nb.Name != name {
			continue
		}
		desc := nb.Binding.Help().Desc
		if len(keys) == 0 {
			*nb.Binding = key.NewBinding(key.WithDisabled(), key.WithHelp("", desc))
			return true
		}
		shown := make([]string, len(keys))
		for i, s := range keys {
			shown[i] = KeyGlyph(s)
		}
		*nb.Binding = key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(shown, "/"), desc))
		return true
	}
	return false
}

// KeyName is b's first key as a sentence names it ("backspace" where the
// help shows ⌫); "" when b has no key.
func KeyName(b key.Binding) string {
	if ks := b.Keys(); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

// Named is how a sentence names b's key: its first key as the help spells
// it ("esc", "u", "←" for ←/[), so a hint or a refusal says the key a
// config file gave the action; "no key" when it is unbound ("close it (no
// key) and try again" tells the truth).
func Named(b key.Binding) string {
	if s := KeyName(b); s != "" {
		return KeyGlyph(s)
	}
	return "no key"
}

// Pair names two keys that go together, as "←/→" names a previous and a
// next one.
func Pair(prev, next key.Binding) string { return Named(prev) + "/" + Named(next) }

// keyGlyph is how the help spells a key name.
func KeyGlyph(s string) string {
	switch s {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "backspace":
		return "⌫"
	}
	return s
}

// global lists the bindings that work on every screen.
func (k KeyMap) GlobalBindings() []key.Binding {
	return []key.Binding{k.Help, k.Palette, k.Back, k.Reload, k.Copy, k.Quit, k.ForceQuit}
}

// lists are the bindings of every scrolling list.
func (k KeyMap) ListBindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// step turns a navigation key into a move of the cursor (or scroll
// offset): one row, one page of page rows, or total rows to reach either
// end; callers clamp. ok is false for any other key.
func (k KeyMap) Step(msg tea.KeyPressMsg, page, total int) (delta int, ok bool) {
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

// typingStep is step while a text box has the keys: only the arrows move.
func (k KeyMap) TypingStep(msg tea.KeyPressMsg) (delta int, ok bool) {
	switch {
	case key.Matches(msg, k.TypingUp):
		return -1, true
	case key.Matches(msg, k.TypingDown):
		return 1, true
	}
	return 0, false
}

// tabIndex is which tab a Tab1to9 key names: its place among the
// binding's keys, so a rebound set of keys still counts from the first.
func (k KeyMap) TabIndex(msg tea.KeyPressMsg) int {
	for i, s := range k.Tab1to9.Keys() {
		if s == msg.String() {
			return i
		}
	}
	return -1
}

// pressOf is a key press for a key name as bindings spell it ("enter",
// "ctrl+s", "S"): the help runs a line by pressing its first key.
func PressOf(name string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "space": tea.KeySpace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"backspace": tea.KeyBackspace, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "delete": tea.KeyDelete,
	}
	var mod tea.KeyMod
	rest := name
	for {
		switch {
		case strings.HasPrefix(rest, "ctrl+") && len(rest) > 5:
			mod |= tea.ModCtrl
			rest = rest[5:]
			continue
		case strings.HasPrefix(rest, "alt+") && len(rest) > 4:
			mod |= tea.ModAlt
			rest = rest[4:]
			continue
		case strings.HasPrefix(rest, "shift+") && len(rest) > 6:
			mod |= tea.ModShift
			rest = rest[6:]
			continue
		}
		break
	}
	if r, ok := named[rest]; ok {
		k := tea.Key{Code: r, Mod: mod}
		if r == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return tea.KeyPressMsg(k)
	}
	r := []rune(rest)
	if len(r) != 1 {
		return tea.KeyPressMsg{}
	}
	if mod != 0 {
		return tea.KeyPressMsg{Code: r[0], Mod: mod}
	}
	return tea.KeyPressMsg{Code: r[0], Text: rest}
}

// ScrollHint names the keys that scroll up ("k/↑, pgup") or down
// ("j/↓, pgdn"), with the first or last key too when ends is set
// (", g", ", G"): a line's keys first, then its arrows, as the hints
// have always said them.
func (k *KeyMap) ScrollHint(up, ends bool) string {
	line, page, end := k.Down, k.PageDown, k.Bottom
	if up {
		line, page, end = k.Up, k.PageUp, k.Top
	}
	var keys, arrows []string
	for _, s := range line.Keys() {
		if g := KeyGlyph(s); g != s {
			arrows = append(arrows, g)
		} else {
			keys = append(keys, s)
		}
	}
	var parts []string
	if named := strings.Join(append(keys, arrows...), "/"); named != "" {
		parts = append(parts, named)
	}
	if page.Help().Key != "" {
		parts = append(parts, page.Help().Key)
	}
	if ends && end.Help().Key != "" {
		parts = append(parts, end.Help().Key)
	}
	return strings.Join(parts, ", ")
}

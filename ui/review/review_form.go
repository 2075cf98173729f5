package review

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// reviewForm is a small form the meeting opens over its screen: typed
// fields (lineInput) and choices among fixed options. enter moves to the
// next field and saves on the last; tab and shift+tab (or ↓/↑) move
// between fields; ←/→ change a choice; esc cancels. Nothing is saved until
// submit accepts every value; its error shows under the fields.
type reviewForm struct {
	title  string
	note   string // one line under the title (how a sign-off is signed)
	fields []*reviewField
	focus  int
	err    string
	// submit checks the values (one per field: the text, or the chosen
	// option) and returns the command that saves them.
	submit func(values []string) (tea.Cmd, error)
}

type reviewField struct {
	label   string
	hint    string // shown muted after the value while it is empty
	input   common.LineInput
	options []string // a choice when set
	choice  int
}

func textField(label, value, hint string) *reviewField {
	return &reviewField{label: label, hint: hint, input: common.LineInput{Value: []rune(value)}}
}

func choiceField(label string, options []string, chosen string) *reviewField {
	f := &reviewField{label: label, options: options}
	for i, o := range options {
		if o == chosen {
			f.choice = i
		}
	}
	return f
}

func (f *reviewField) value() string {
	if f.options != nil {
		return f.options[f.choice]
	}
	return strings.TrimSpace(f.input.String())
}

func (f *reviewForm) values() []string {
	out := make([]string, len(f.fields))
	for i, fl := range f.fields {
		out[i] = fl.value()
	}
	return out
}

// update handles a key; done reports the form closed (saved or cancelled).
func (f *reviewForm) update(k *common.KeyMap, msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	fl := f.fields[f.focus]
	switch {
	case key.Matches(msg, k.Cancel):
		return nil, true
	case key.Matches(msg, k.FieldNext):
		f.focus = (f.focus + 1) % len(f.fields)
		return nil, false
	case key.Matches(msg, k.FieldPrev):
		f.focus = (f.focus + len(f.fields) - 1) % len(f.fields)
		return nil, false
	case key.Matches(msg, k.Accept):
		if f.focus < len(f.fields)-1 {
			f.focus++
			return nil, false
		}
		cmd, err := f.submit(f.values())
		if err != nil {
			f.err = err.Error()
			return nil, false
		}
		return cmd, true
	}
	if fl.options != nil {
		switch {
		case key.Matches(msg, k.OptionPrev):
			fl.choice = (fl.choice + len(fl.options) - 1) % len(fl.options)
		case key.Matches(msg, k.OptionNext), key.Matches(msg, k.OptionToggle):
			fl.choice = (fl.choice + 1) % len(fl.options)
		default:
			// a first letter picks the option: a(pprove), r(eject), g(o)…
			for i, o := range fl.options {
				if msg.Text != "" && strings.HasPrefix(o, msg.Text) {
					fl.choice = i
					break
				}
			}
		}
		return nil, false
	}
	if fl.input.Handle(k, msg) {
		f.err = ""
	}
	return nil, false
}

// lines draws the form in width cells.
func (f *reviewForm) lines(c *common.Common, width int) []string {
	st := &c.Styles
	out := []string{st.Heading.Render(" " + f.title), ""}
	if f.note != "" { // wrapped, never cut: it names a key's whole fingerprint
		for _, l := range widgets.Wrap(model.Line(f.note), width-3) {
			out = append(out, "   "+st.Muted.Render(l))
		}
		out = append(out, "")
	}
	labelW := 0
	for _, fl := range f.fields {
		labelW = max(labelW, widgets.Width(fl.label))
	}
	for i, fl := range f.fields {
		mark := "  "
		if i == f.focus {
			mark = common.GlyphCursor + " "
		}
		label := widgets.Fit(fl.label, labelW) + "  "
		var val string
		if fl.options != nil {
			// the choice stays on the line: the options scroll around it,
			// ‹ › where some are hidden
			val = widgets.OptionsLine(fl.options, fl.choice, width-3-widgets.Width(label), func(o string) string {
				return st.Selected.Render("[" + o + "]")
			})
		} else {
			val = model.Line(fl.input.String())
			if i == f.focus {
				val += "█"
			}
			if fl.input.String() == "" && fl.hint != "" {
				val += st.Muted.Render(" " + fl.hint)
			}
		}
		line := " " + mark + st.Bold.Render(label) + val
		if i == f.focus {
			line = " " + mark + st.Key.Render(label) + val
		}
		out = append(out, widgets.Cut(line, width))
	}
	if f.err != "" {
		out = append(out, "")
		for _, l := range widgets.Wrap("✗ "+model.Line(f.err), width-3) {
			out = append(out, "   "+st.Error.Render(l))
		}
	}
	// The keys come from the key map, so a rebound key is the one named.
	k := &c.Keys
	choose := ""
	for _, fl := range f.fields {
		if fl.options != nil {
			choose = k.OptionPrev.Help().Key + "/" + k.OptionNext.Help().Key + " choose · "
		}
	}
	keys := k.Accept.Help().Key + " next/save · " + fieldKeys(k) + " field · " + choose + k.Cancel.Help().Key + " cancel"
	return append(out, "", st.Muted.Render("   "+keys))
}

// fieldKeys names the keys that move between fields, "tab/↑↓" by
// default: FieldNext's first key, then the glyphs of FieldPrev's and
// FieldNext's arrow keys.
func fieldKeys(k *common.KeyMap) string {
	var arrows strings.Builder
	for _, bd := range []key.Binding{k.FieldPrev, k.FieldNext} {
		for _, ks := range bd.Keys() {
			if ks == "up" || ks == "down" {
				arrows.WriteString(common.KeyGlyph(ks))
			}
		}
	}
	name := common.KeyName(k.FieldNext)
	if arrows.Len() > 0 {
		name += "/" + arrows.String()
	}
	return name
}

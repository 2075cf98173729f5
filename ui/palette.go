package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/ui/common"
	"ringside/ui/widgets"
)

// paletteOverlay is the command palette: every action of the current
// screen and the global ones, fuzzy-filtered as you type.
type paletteOverlay struct {
	c      *common.Common
	all    []common.Action
	shown  []int // indexes into all, best match first
	cursor int
	input  common.LineInput
	width  int
	height int
	closed bool
	hints  map[string]key.Binding // action name → its key (actionKeys)
	title  string                 // "Commands", or what a chooser asks for
	none   string                 // what an empty list says
}

func newPaletteOverlay(c *common.Common, actions []common.Action) *paletteOverlay {
	p := &paletteOverlay{c: c, all: actions, input: common.LineInput{Prompt: ": ", Focus: true}, title: "Commands", none: "no command matches "}
	p.refilter()
	return p
}

// newChooser is the palette over the choices of a common.ChooseMsg: the
// same filter and keys, its own title, the cursor on the preset choice
// until something is typed.
func newChooser(c *common.Common, msg common.ChooseMsg) *paletteOverlay {
	p := &paletteOverlay{c: c, all: msg.Choices, input: common.LineInput{Prompt: "/ ", Focus: true}, title: msg.Title, none: "nothing matches ", hints: map[string]key.Binding{}}
	p.refilter()
	p.cursor = widgets.Clamp(msg.Preset, 0, max(len(p.shown)-1, 0))
	return p
}

func (p *paletteOverlay) SetSize(w, h int) { p.width, p.height = w, h }

func (p *paletteOverlay) Keys() []key.Binding { return nil }

func (p *paletteOverlay) refilter() {
	q := p.input.String()
	type hit struct{ i, score int }
	var hits []hit
	for i, a := range p.all {
		if s, ok := widgets.FuzzyScore(q, a.Name); ok {
			hits = append(hits, hit{i, s})
		} else if s, ok := widgets.FuzzyScore(q, a.Name+" "+a.Help); ok {
			hits = append(hits, hit{i, s - 10})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].score > hits[b].score })
	p.shown = p.shown[:0]
	for _, h := range hits {
		p.shown = append(p.shown, h.i)
	}
	p.cursor = 0
}

func (p *paletteOverlay) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	km := &p.c.Keys
	if d, ok := km.TypingStep(k); ok {
		p.cursor = widgets.Clamp(p.cursor+d, 0, max(len(p.shown)-1, 0))
		return nil
	}
	switch {
	case key.Matches(k, km.Cancel):
		p.closed = true
		return nil
	case key.Matches(k, km.Accept):
		p.closed = true
		if len(p.shown) == 0 {
			return nil
		}
		return p.all[p.shown[p.cursor]].Run()
	}
	if p.input.Handle(km, k) {
		p.refilter()
	}
	return nil
}

func (p *paletteOverlay) View() string {
	st := &p.c.Styles
	lines := []string{st.Title.Render(" "+p.title) + st.Muted.Render(" — type to filter, "+common.Named(p.c.Keys.Accept)+" "+p.enterDoes()+", "+common.Named(p.c.Keys.Cancel)+" closes"), p.input.View(p.width), ""}
	room := p.height - len(lines)
	off := widgets.Scroll(p.cursor, 0, room, len(p.shown))
	// the entries' keys in a column of their own, as lazygit's menus show
	// them, as wide as the widest key on the page
	hw := 0
	for i := off; i < len(p.shown) && i < off+room; i++ {
		hw = max(hw, widgets.Width(p.keyHint(p.all[p.shown[i]])))
	}
	for i := off; i < len(p.shown) && i < off+room; i++ {
		a := p.all[p.shown[i]]
		name := widgets.Fit(a.Name, min(40, p.width/2))
		hint := widgets.Fit(p.keyHint(a), hw)
		q := p.input.String()
		if hw > 0 {
			hint += " "
		}
		line := "  " + st.Key.Render(hint) + common.Highlight(st.Match, name, q) + "  " + a.Help
		if i == p.cursor {
			line = st.Selected.Render(widgets.Fit(common.GlyphCursor+" "+hint+name+"  "+a.Help, p.width))
		}
		lines = append(lines, line)
	}
	if len(p.shown) == 0 {
		lines = append(lines, "  "+p.none+strings.TrimSpace(p.input.String()))
	}
	return common.Frame(lines, p.width, p.height)
}

// enterDoes is what enter does here: runs a command, picks a choice.
func (p *paletteOverlay) enterDoes() string {
	if p.title == "Commands" {
		return "runs"
	}
	return "picks"
}

// actionKeys names the key that does what a palette entry does, so the
// palette can show it beside the entry (by the entry's name; entries
// without a key of their own show none).
func actionKeys(k *common.KeyMap) map[string]key.Binding {
	return map[string]key.Binding{
		"Help": k.Help, "Quit": k.Quit, "Copy status": k.Copy,
		"Reload": k.Reload, "Reload pilot": k.Reload, "Filter pilots": k.Filter,
		"Import metrics…": k.Import, "Start a timed drill": k.Drill, "Start gate review": k.Review,
		"New pilot": k.New, "Edit pilot": k.Edit, "Edit owners": k.Owners, "Delete pilot": k.Delete,
		"Delete …": k.Delete, "Edit the change calendar": k.Calendar, "Move ring…": k.MoveRing, "Undo last edit": k.Undo,
		"Review: one criterion or all at once": k.All, "Review: add an attendee": k.AddAttendee,
		"Review: note on this criterion": k.Note, "Review: waive this criterion": k.Waive,
		"Review: tick this criterion": k.Tick, "Review: add a condition": k.Condition,
		"Review: add an action item": k.ActionItem, "Review: record the decision": k.Decide,
		"Review: go to summary": k.Summary, "Export checklist and minutes": k.Export,
		"Import: change pilot": k.ChangePilot, "Import: another file": k.Another,
	}
}

// keyHint is the key shown beside a palette entry, "" when it has none.
func (p *paletteOverlay) keyHint(a common.Action) string {
	if p.hints == nil {
		p.hints = actionKeys(&p.c.Keys)
	}
	if b, ok := p.hints[a.Name]; ok && b.Enabled() {
		return b.Help().Key
	}
	var n int // "Tab 3: Risks" is the third key of Tab1to9
	if _, err := fmt.Sscanf(a.Name, "Tab %d:", &n); err == nil {
		if ks := p.c.Keys.Tab1to9.Keys(); n >= 1 && n <= len(ks) && p.c.Keys.Tab1to9.Enabled() {
			return ks[n-1]
		}
	}
	return ""
}

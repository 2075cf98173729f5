package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/ui/widgets"
)

// paletteOverlay is the command palette: every action of the current
// screen and the global ones, fuzzy-filtered as you type.
type paletteOverlay struct {
	c      *common
	all    []action
	shown  []int // indexes into all, best match first
	cursor int
	input  lineInput
	width  int
	height int
	closed bool
}

func newPaletteOverlay(c *common, actions []action) *paletteOverlay {
	p := &paletteOverlay{c: c, all: actions, input: lineInput{prompt: ": ", focus: true}}
	p.refilter()
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
	switch k.String() {
	case "esc":
		p.closed = true
		return nil
	case "up", "ctrl+p", "ctrl+k":
		p.cursor = max(p.cursor-1, 0)
		return nil
	case "down", "ctrl+n", "ctrl+j", "tab":
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return nil
	case "enter":
		p.closed = true
		if len(p.shown) == 0 {
			return nil
		}
		return p.all[p.shown[p.cursor]].Run()
	}
	if p.input.handle(k) {
		p.refilter()
	}
	return nil
}

func (p *paletteOverlay) View() string {
	st := &p.c.styles
	lines := []string{st.Title.Render(" Commands") + st.Muted.Render(" — type to filter, enter runs, esc closes"), p.input.view(p.width), ""}
	room := p.height - len(lines)
	off := widgets.Scroll(p.cursor, 0, room, len(p.shown))
	for i := off; i < len(p.shown) && i < off+room; i++ {
		a := p.all[p.shown[i]]
		name := widgets.Fit(a.Name, min(40, p.width/2))
		line := "  " + name + "  " + a.Help
		if i == p.cursor {
			line = st.Selected.Render(widgets.Fit(glyphCursor+" "+name+"  "+a.Help, p.width))
		}
		lines = append(lines, line)
	}
	if len(p.shown) == 0 {
		lines = append(lines, "  no command matches "+strings.TrimSpace(p.input.String()))
	}
	return frame(lines, p.width, p.height)
}

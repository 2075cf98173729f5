package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/ui/widgets"
)

// scrollPane shows lines built for a width, scrolled by keys and the
// wheel. The lines are rebuilt only when the width or the theme changes,
// and only the visible window is drawn.
type scrollPane struct {
	c        *common
	build    func(width int) []string
	lines    []string
	builtW   int
	builtGen int
	offset   int
	width    int
	height   int
	extra    []key.Binding // keys the owner handles, listed in help
}

func newScrollPane(c *common, build func(width int) []string) *scrollPane {
	return &scrollPane{c: c, build: build, builtW: -1}
}

func (p *scrollPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p *scrollPane) Keys() []key.Binding {
	return append(append([]key.Binding{}, p.extra...), p.c.keys.lists()...)
}

// invalidate makes the next View rebuild the lines (the data changed).
func (p *scrollPane) invalidate() { p.builtW = -1 }

func (p *scrollPane) ensure() {
	if p.builtW != p.width || p.builtGen != p.c.gen {
		p.lines = p.build(p.width)
		p.builtW, p.builtGen = p.width, p.c.gen
	}
	p.offset = widgets.Clamp(p.offset, 0, max(len(p.lines)-p.height, 0))
}

func (p *scrollPane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		// View clamps the offset to the lines there are.
		if n, ok := k.step(msg, p.height, 1<<30); ok {
			p.offset += n
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.offset -= 3
		case tea.MouseWheelDown:
			p.offset += 3
		}
	}
	p.ensure()
	return nil
}

func (p *scrollPane) View() string {
	p.ensure()
	end := min(p.offset+p.height, len(p.lines))
	window := p.lines[p.offset:end]
	if len(p.lines) > p.height && p.height > 1 {
		// a scroll hint on the last line when more is below
		more := len(p.lines) - end
		if more > 0 {
			window = append(append([]string{}, window[:len(window)-1]...), p.c.styles.Muted.Render(
				"  ↓ "+itoa(more)+" more lines (j/↓, pgdn)"))
		}
	}
	return frame(window, p.width, p.height)
}

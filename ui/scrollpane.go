package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ringside/ui/widgets"
)

// scrollPane shows lines built for a width, scrolled by keys and the
// wheel. The lines are rebuilt only when the width or the theme changes,
// and only the visible window is drawn. `/` filters the lines (fuzzy, the
// matched characters in the theme's match style); esc clears the filter.
type scrollPane struct {
	c        *common
	build    func(width int) []string
	lines    []string
	plain    []string // lines without styling, for the filter
	builtW   int
	builtGen int
	offset   int
	width    int
	height   int
	extra    []key.Binding // keys the owner handles, listed in help

	filter lineInput
	shown  []int // lines that pass the filter, when one is set
}

func newScrollPane(c *common, build func(width int) []string) *scrollPane {
	return &scrollPane{c: c, build: build, builtW: -1, filter: lineInput{prompt: "/ "}}
}

func (p *scrollPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p *scrollPane) Keys() []key.Binding {
	if p.filter.focus {
		k := p.c.keys
		return []key.Binding{k.Accept, k.Cancel, k.TypingUp, k.TypingDown}
	}
	return append(append(append([]key.Binding{}, p.extra...), p.c.keys.Filter), p.c.keys.lists()...)
}

// Capturing: the filter box has the keys while it is open.
func (p *scrollPane) Capturing() bool { return p.filter.focus }

// Back clears a filter before esc leaves the pilot.
func (p *scrollPane) Back() bool {
	if p.filter.String() == "" {
		return false
	}
	p.filter.clear()
	p.refilter()
	return true
}

// filtering reports whether the filter box shows (open, or set).
func (p *scrollPane) filtering() bool { return p.filter.focus || p.filter.String() != "" }

// invalidate makes the next View rebuild the lines (the data changed).
func (p *scrollPane) invalidate() { p.builtW = -1 }

func (p *scrollPane) ensure() {
	if p.builtW != p.width || p.builtGen != p.c.gen {
		p.lines = p.build(p.width)
		p.plain = nil
		p.builtW, p.builtGen = p.width, p.c.gen
		if p.filter.String() != "" {
			p.refilter()
		}
	}
	p.offset = widgets.Clamp(p.offset, 0, max(p.count()-p.room(), 0))
}

// count is the lines the pane scrolls through: all, or those that match.
func (p *scrollPane) count() int {
	if p.filter.String() != "" {
		return len(p.shown)
	}
	return len(p.lines)
}

// room is the lines shown below the filter box, if it shows.
func (p *scrollPane) room() int {
	if p.filtering() {
		return max(p.height-1, 1)
	}
	return p.height
}

func (p *scrollPane) refilter() {
	q := p.filter.String()
	p.shown = p.shown[:0]
	p.offset = 0
	if q == "" {
		return
	}
	if p.plain == nil {
		p.plain = make([]string, len(p.lines))
		for i, l := range p.lines {
			p.plain[i] = ansi.Strip(l)
		}
	}
	for i, l := range p.plain {
		if lineMatches(q, l) {
			p.shown = append(p.shown, i)
		}
	}
}

func (p *scrollPane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.filter.focus {
			if n, ok := k.typingStep(msg); ok {
				p.offset += n
			} else if p.filter.filterKey(&k, msg) {
				p.ensure()
				p.refilter()
			}
			break
		}
		// View clamps the offset to the lines there are.
		if n, ok := k.step(msg, p.room(), 1<<30); ok {
			p.offset += n
		} else if key.Matches(msg, k.Filter) {
			p.filter.focus = true
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
	var window []string
	room := p.room()
	if p.filtering() {
		q := p.filter.String()
		count := ""
		if q != "" {
			count = fmt.Sprintf("  %d of %d lines match", len(p.shown), len(p.lines))
		}
		window = append(window, " "+p.filter.view(max(p.width-1-widgets.Width(count), 1))+p.c.styles.Muted.Render(count))
		if q != "" {
			end := min(p.offset+room, len(p.shown))
			for _, i := range p.shown[p.offset:end] {
				window = append(window, highlightLine(p.c.styles.Match, p.plain[i], q))
			}
			if len(p.shown) == 0 {
				window = append(window, "  nothing matches "+q+" (esc clears the filter)")
			}
			return frame(window, p.width, p.height)
		}
	}
	end := min(p.offset+room, len(p.lines))
	body := p.lines[p.offset:end]
	if len(p.lines) > room && room > 1 {
		// a scroll hint on the last line when more is below
		more := len(p.lines) - end
		if more > 0 {
			body = append(append([]string{}, body[:len(body)-1]...), p.c.styles.Muted.Render(
				"  ↓ "+itoa(more)+" more line"+plural(more)+" (j/↓, pgdn)"))
		}
	}
	return frame(append(window, body...), p.width, p.height)
}

func (p *scrollPane) Keep(old component) {
	if o, ok := old.(*scrollPane); ok {
		p.keepFrom(o)
	}
}

func (p *scrollPane) keepFrom(o *scrollPane) {
	p.offset = o.offset
	p.filter = o.filter
	p.builtW = -1 // refilters on the first view
}

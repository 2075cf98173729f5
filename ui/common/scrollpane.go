package common

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
type ScrollPane struct {
	C        *Common
	build    func(width int) []string
	lines    []string
	plain    []string // lines without styling, for the filter
	builtW   int
	builtGen int
	Offset   int
	Width    int
	height   int
	Extra    []key.Binding // keys the owner handles, listed in help

	Filter LineInput
	shown  []int // lines that pass the filter, when one is set
}

func NewScrollPane(c *Common, build func(width int) []string) *ScrollPane {
	return &ScrollPane{C: c, build: build, builtW: -1, Filter: LineInput{Prompt: "/ "}}
}

func (p *ScrollPane) SetSize(w, h int) { p.Width, p.height = w, h }

func (p *ScrollPane) Keys() []key.Binding {
	if p.Filter.Focus {
		k := p.C.Keys
		return []key.Binding{k.Accept, k.Cancel, k.TypingUp, k.TypingDown}
	}
	return append(append(append([]key.Binding{}, p.Extra...), p.C.Keys.Filter), p.C.Keys.ListBindings()...)
}

// Capturing: the filter box has the keys while it is open.
func (p *ScrollPane) Capturing() bool { return p.Filter.Focus }

// Back clears a filter before esc leaves the pilot.
func (p *ScrollPane) Back() bool {
	if p.Filter.String() == "" {
		return false
	}
	p.Filter.Clear()
	p.refilter()
	return true
}

// filtering reports whether the filter box shows (open, or set).
func (p *ScrollPane) filtering() bool { return p.Filter.Focus || p.Filter.String() != "" }

// invalidate makes the next View rebuild the lines (the data changed).
func (p *ScrollPane) Invalidate() { p.builtW = -1 }

func (p *ScrollPane) Ensure() {
	if p.builtW != p.Width || p.builtGen != p.C.gen {
		p.lines = p.build(p.Width)
		p.plain = nil
		p.builtW, p.builtGen = p.Width, p.C.gen
		if p.Filter.String() != "" {
			p.refilter()
		}
	}
	p.Offset = widgets.Clamp(p.Offset, 0, max(p.count()-p.room(), 0))
}

// count is the lines the pane scrolls through: all, or those that match.
func (p *ScrollPane) count() int {
	if p.Filter.String() != "" {
		return len(p.shown)
	}
	return len(p.lines)
}

// room is the lines shown below the filter box, if it shows.
func (p *ScrollPane) room() int {
	if p.filtering() {
		return max(p.height-1, 1)
	}
	return p.height
}

func (p *ScrollPane) refilter() {
	q := p.Filter.String()
	p.shown = p.shown[:0]
	p.Offset = 0
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
		if LineMatches(q, l) {
			p.shown = append(p.shown, i)
		}
	}
}

func (p *ScrollPane) Update(msg tea.Msg) tea.Cmd {
	k := p.C.Keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.Filter.Focus {
			if n, ok := k.TypingStep(msg); ok {
				p.Offset += n
			} else if p.Filter.FilterKey(&k, msg) {
				p.Ensure()
				p.refilter()
			}
			break
		}
		// View clamps the offset to the lines there are.
		if n, ok := k.Step(msg, p.room(), 1<<30); ok {
			p.Offset += n
		} else if key.Matches(msg, k.Filter) {
			p.Filter.Focus = true
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.Offset -= 3
		case tea.MouseWheelDown:
			p.Offset += 3
		}
	}
	p.Ensure()
	return nil
}

func (p *ScrollPane) View() string {
	p.Ensure()
	var window []string
	room := p.room()
	if p.filtering() {
		q := p.Filter.String()
		count := ""
		if q != "" {
			count = fmt.Sprintf("  %d of %d lines match", len(p.shown), len(p.lines))
		}
		window = append(window, " "+p.Filter.View(max(p.Width-1-widgets.Width(count), 1))+p.C.Styles.Muted.Render(count))
		if q != "" {
			end := min(p.Offset+room, len(p.shown))
			for _, i := range p.shown[p.Offset:end] {
				window = append(window, HighlightLine(p.C.Styles.Match, p.plain[i], q))
			}
			if len(p.shown) == 0 {
				window = append(window, "  nothing matches "+q+" (esc clears the filter)")
			}
			return Frame(window, p.Width, p.height)
		}
	}
	end := min(p.Offset+room, len(p.lines))
	body := p.lines[p.Offset:end]
	if len(p.lines) > room && room > 1 {
		// a scroll hint on the last line when more is below
		more := len(p.lines) - end
		if more > 0 {
			body = append(append([]string{}, body[:len(body)-1]...), p.C.Styles.Muted.Render(
				"  ↓ "+Itoa(more)+" more line"+Plural(more)+" (j/↓, pgdn)"))
		}
	}
	return Frame(append(window, body...), p.Width, p.height)
}

func (p *ScrollPane) Keep(old Component) {
	if o, ok := old.(*ScrollPane); ok {
		p.KeepFrom(o)
	}
}

func (p *ScrollPane) KeepFrom(o *ScrollPane) {
	p.Offset = o.Offset
	p.Filter = o.Filter
	p.builtW = -1 // refilters on the first view
}

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
//
// A keyed pane (NewKeyedScrollPane) knows which item each line draws: a
// rebuild (a reload that replaced the pane, a new width) keeps the item
// at the top of the view there, however many lines before it came or
// went. An unkeyed pane keeps its offset.
type ScrollPane struct {
	C        *Common
	build    func(width int) (lines, keys []string)
	lines    []string
	lineKeys []string // the item key of each line, "" for none; nil when unkeyed
	plain    []string // lines without styling, for the filter
	builtW   int
	builtGen int
	Offset   int
	Width    int
	height   int
	Extra    []key.Binding // keys the owner handles, listed in help

	Filter LineInput
	shown  []int // lines that pass the filter, when one is set

	want *anchor // where the next build puts the view (Keep)
}

func NewScrollPane(c *Common, build func(width int) []string) *ScrollPane {
	return NewKeyedScrollPane(c, func(w int) ([]string, []string) { return build(w), nil })
}

// NewKeyedScrollPane is a scroll pane whose build returns, beside each
// line, the key of the item the line draws ("" for a line of none, the
// same key on each line of one item).
func NewKeyedScrollPane(c *Common, build func(width int) (lines, keys []string)) *ScrollPane {
	return &ScrollPane{C: c, build: build, builtW: -1, Filter: LineInput{Prompt: "/ "}}
}

// anchor is a place in a keyed pane: the nth line of the item key, delta
// positions below the top of the view.
type anchor struct {
	key        string
	nth, delta int
}

// anchor is the first keyed line in view; false when the view is at the
// top (it stays there) or shows no keyed line.
func (p *ScrollPane) anchor() (*anchor, bool) {
	if p.lineKeys == nil || p.Offset == 0 {
		return nil, false
	}
	for pos := p.Offset; pos < p.count() && pos < p.Offset+p.room(); pos++ {
		i := p.lineAt(pos)
		if i >= len(p.lineKeys) {
			break
		}
		if k := p.lineKeys[i]; k != "" {
			nth := 0
			for j := i - 1; j >= 0 && p.lineKeys[j] == k; j-- {
				nth++
			}
			return &anchor{key: k, nth: nth, delta: pos - p.Offset}, true
		}
	}
	return nil, false
}

// restore scrolls to a: its item's line where it was in the view. It
// reports false, leaving the offset, when the item is gone or does not
// show.
func (p *ScrollPane) restore(a *anchor) bool {
	first := -1
	for i, k := range p.lineKeys {
		if k == a.key {
			first = i
			break
		}
	}
	if first < 0 {
		return false
	}
	last := first
	for last+1 < len(p.lineKeys) && p.lineKeys[last+1] == a.key {
		last++
	}
	line := min(first+a.nth, last)
	for pos := 0; pos < p.count(); pos++ {
		switch l := p.lineAt(pos); {
		case l > last: // the item's lines from there on do not pass the filter
			return false
		case l >= line:
			p.Offset = max(pos-a.delta, 0)
			return true
		}
	}
	return false
}

// lineAt is the line at position pos of what the pane scrolls through.
func (p *ScrollPane) lineAt(pos int) int {
	if p.Filter.String() != "" {
		return p.shown[pos]
	}
	return pos
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
		a, ok := p.want, p.want != nil
		if !ok && p.lines != nil { // a new width: keep the item in view
			a, ok = p.anchor()
		}
		p.want = nil
		p.lines, p.lineKeys = p.build(p.Width)
		p.plain = nil
		p.builtW, p.builtGen = p.Width, p.C.gen
		if p.Filter.String() != "" {
			p.match()
		}
		if ok {
			p.restore(a)
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

// refilter shows the lines that match a new filter text, from the top.
func (p *ScrollPane) refilter() {
	p.Offset = 0
	p.match()
}

// match finds the lines that pass the filter.
func (p *ScrollPane) match() {
	q := p.Filter.String()
	p.shown = p.shown[:0]
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
				window = append(window, "  nothing matches "+q+" ("+p.C.Keys.Back.Help().Key+" clears the filter)")
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
				"  ↓ "+Itoa(more)+" more line"+Plural(more)+" ("+p.C.Keys.ScrollHint(false, false)+")"))
		}
	}
	return Frame(append(window, body...), p.Width, p.height)
}

func (p *ScrollPane) Keep(old Component) {
	if o, ok := old.(*ScrollPane); ok {
		p.KeepFrom(o)
	}
}

// KeepFrom takes over o's filter and scroll: a keyed pane shows the item
// o showed at the top of its view, an unkeyed one o's offset.
func (p *ScrollPane) KeepFrom(o *ScrollPane) {
	p.Offset = o.Offset
	p.Filter = o.Filter
	p.want, _ = o.anchor()
	p.builtW = -1 // refilters on the first view
}

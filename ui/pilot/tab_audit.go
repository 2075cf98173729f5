package pilot

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// auditRow is an audit entry prepared for drawing once, when its page
// arrives, so scrolling never formats times or escapes text again.
type auditRow struct {
	seq                  int64
	seqText, when, actor string
	action, entity, summ string
	hay                  string // lower-case text the filter searches
}

func newAuditRow(e app.AuditEntry) auditRow {
	r := auditRow{seq: e.Seq, seqText: fmt.Sprint(e.Seq), when: e.At.UTC().Format("2006-01-02 15:04"),
		actor: model.Line(e.Actor), action: model.Line(e.Action), entity: model.Line(e.Entity), summ: model.Line(e.Summary)}
	r.hay = strings.ToLower(r.actor + " " + r.action + " " + r.entity + " " + r.summ + " " + r.when)
	return r
}

// auditPane is a pilot's audit log, newest first: virtualized (only the
// visible rows are drawn), filterable, and paged from the store as the
// cursor nears the end of what it holds.
type auditPane struct {
	c       *common.Common
	slug    string
	rows    []auditRow
	shown   []int // indexes into rows when filtered; nil shows all
	cursor  int
	offset  int
	filter  common.LineInput
	loading bool
	done    bool // the store has no older entries
	err     error
	width   int
	height  int
	// keepSeq is the entry the cursor was on before a reload: the first
	// page that holds it puts the cursor back on it.
	keepSeq int64
	diff    *auditDiff // the entry opened with enter, nil on the list
}

func newAuditPane(c *common.Common, slug string) *auditPane {
	return &auditPane{c: c, slug: slug, filter: common.LineInput{Prompt: "/ "}}
}

func (p *auditPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.scroll()
	if p.diff != nil {
		p.diff.SetSize(w, h)
	}
}

func (p *auditPane) Capturing() bool {
	if p.diff != nil {
		return p.diff.Capturing()
	}
	return p.filter.Focus
}

func (p *auditPane) Keys() []key.Binding {
	k := p.c.Keys
	if p.diff != nil {
		return p.diff.Keys()
	}
	return append([]key.Binding{k.Open, k.Filter}, k.ListBindings()...)
}

func (p *auditPane) Back() bool {
	if p.diff != nil {
		if !p.diff.Back() { // esc clears the diff's filter first
			p.diff = nil
		}
		return true
	}
	if p.filter.String() != "" {
		p.filter.Clear()
		p.refilter()
		return true
	}
	return false
}

// reset forgets the loaded entries (the pilot was read again).
func (p *auditPane) reset() {
	p.rows, p.shown, p.cursor, p.offset, p.done, p.loading, p.err = nil, nil, 0, 0, false, false, nil
}

// reload is reset keeping the cursor's entry and the scroll for the
// entries the reload brings back (filter kept: reset leaves it).
func (p *auditPane) reload() {
	seq := int64(0)
	if p.cursor < p.n() {
		seq = p.row(p.cursor).seq
	}
	off := p.offset
	p.reset()
	p.keepSeq, p.offset = seq, off
}

// more asks for the next page of older entries unless one is under way.
func (p *auditPane) more(c *common.Common) tea.Cmd {
	if p.loading || p.done || c.Opt.App == nil {
		return nil
	}
	p.loading = true
	var before int64
	if n := len(p.rows); n > 0 {
		before = p.rows[n-1].seq
	}
	cmd := loadAudit(c.Opt.App, p.slug, before)
	return func() tea.Msg { return common.LoadMsg{Cmd: cmd} }
}

// setRows replaces the entries (benchmarks and tests fill the pane directly).
func (p *auditPane) SetRows(es []app.AuditEntry) {
	p.reset()
	p.append(es)
	p.done = true
}

func (p *auditPane) append(es []app.AuditEntry) {
	for _, e := range es {
		p.rows = append(p.rows, newAuditRow(e))
	}
	if p.filter.String() != "" {
		p.refilter()
	}
	if p.keepSeq != 0 {
		for i := 0; i < p.n(); i++ {
			if p.row(i).seq == p.keepSeq {
				p.cursor, p.keepSeq = i, 0
				p.scroll()
				break
			}
		}
	}
}

func (p *auditPane) n() int {
	if p.shown != nil {
		return len(p.shown)
	}
	return len(p.rows)
}

func (p *auditPane) row(i int) *auditRow {
	if p.shown != nil {
		return &p.rows[p.shown[i]]
	}
	return &p.rows[i]
}

func (p *auditPane) refilter() {
	q := strings.ToLower(p.filter.String())
	if q == "" {
		p.shown = nil
	} else {
		p.shown = p.shown[:0:0]
		for i := range p.rows {
			if strings.Contains(p.rows[i].hay, q) {
				p.shown = append(p.shown, i)
			}
		}
	}
	p.cursor = widgets.Clamp(p.cursor, 0, p.n()-1)
	p.scroll()
}

// listRoom is the rows of the list: the pane less the filter line, the
// header and the two lines about the selected entry.
func (p *auditPane) listRoom() int { return max(p.height-4, 1) }

func (p *auditPane) scroll() {
	p.offset = widgets.Scroll(p.cursor, p.offset, p.listRoom(), p.n())
}

func (p *auditPane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.Keys
	if m, ok := msg.(auditChangeLoaded); ok {
		p.diffLoaded(m)
		return nil
	}
	if p.diff != nil {
		if _, ok := msg.(auditLoaded); !ok {
			return p.diff.Update(msg)
		}
	}
	switch msg := msg.(type) {
	case auditLoaded:
		p.loading = false
		if msg.err != nil {
			p.err = msg.err
			return nil
		}
		if len(msg.entries) < auditPageSize {
			p.done = true
		}
		p.append(msg.entries)
		return nil
	case tea.KeyPressMsg:
		if p.filter.Focus {
			if p.filter.FilterKey(&p.c.Keys, msg) {
				p.refilter()
			}
			return nil
		}
		if n, ok := k.Step(msg, p.listRoom(), p.n()); ok {
			p.move(n)
		} else if key.Matches(msg, k.Filter) {
			p.filter.Focus = true
		} else if key.Matches(msg, k.Open) {
			return p.openDiff()
		}
	case tea.MouseClickMsg:
		if row := msg.Y - 2; row >= 0 && row < p.listRoom() && p.offset+row < p.n() {
			p.cursor = p.offset + row
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.move(-3)
		} else if msg.Button == tea.MouseWheelDown {
			p.move(3)
		}
	}
	// Page in older entries before the cursor reaches the end.
	if p.n()-p.cursor < 2*p.listRoom() {
		return p.more(p.c)
	}
	return nil
}

func (p *auditPane) move(d int) {
	p.cursor = widgets.Clamp(p.cursor+d, 0, p.n()-1)
	p.scroll()
}

func (p *auditPane) View() string {
	if p.diff != nil {
		return p.diff.View()
	}
	st := &p.c.Styles
	w := p.width
	lines := make([]string, 0, p.height)
	more := ""
	if !p.done {
		more = "+"
	}
	pos := "0/0"
	if p.n() > 0 {
		pos = fmt.Sprintf("%d/%d", p.cursor+1, p.n())
	}
	if p.filter.Focus || p.filter.String() != "" {
		pos = fmt.Sprintf("  %s of %d%s", pos, len(p.rows), more)
		lines = append(lines, " "+p.filter.View(max(w-1-widgets.Width(pos), 1))+st.Muted.Render(pos))
	} else {
		lines = append(lines, st.Muted.Render(fmt.Sprintf(" %s%s %s, newest first · enter shows the change · / filter", pos, more, common.Noun(p.n(), "entry"))))
	}
	actorW, actionW := 14, 16
	summW := max(w-2-7-17-actorW-actionW-1, 8)
	lines = append(lines, st.Heading.Render("  "+widgets.FitLeft("seq", 6)+" "+widgets.Fit("when (UTC)", 17)+widgets.Fit("actor", actorW)+widgets.Fit("action", actionW)+"summary"))
	room := p.listRoom()
	for i := p.offset; i < p.n() && i < p.offset+room; i++ {
		r := p.row(i)
		mark, summ := "  ", widgets.Fit(r.summ, summW)
		if i == p.cursor {
			mark = common.GlyphCursor + " "
		}
		// every cell keeps a blank after it: a full cell never runs into the next
		line := mark + widgets.FitLeft(r.seqText, 6) + " " + widgets.Fit(r.when, 16) + " " + widgets.Fit(r.actor, actorW-1) + " " +
			widgets.Fit(r.action, actionW-1) + " " + summ
		if i == p.cursor {
			line = common.SelectRow(st.Selected, line, 0)
		}
		lines = append(lines, line)
	}
	switch {
	case p.err != nil:
		lines = append(lines, st.Error.Render("  could not read the audit log: "+model.Line(p.err.Error())))
	case p.n() == 0 && p.loading:
		lines = append(lines, "  reading the audit log…")
	case p.n() == 0:
		lines = append(lines, "  no entries"+map[bool]string{true: " match the filter", false: ""}[p.filter.String() != ""])
	}
	for len(lines) < room+2 {
		lines = append(lines, "")
	}
	if p.cursor < p.n() {
		r := p.row(p.cursor)
		lines = append(lines[:room+2], st.Muted.Render(widgets.Cut(" #"+r.seqText+" "+r.action+" "+r.entity+" by "+r.actor+" at "+r.when, w)),
			st.Muted.Render(widgets.Cut("   "+r.summ, w)))
	}
	return common.Frame(lines, p.width, p.height)
}

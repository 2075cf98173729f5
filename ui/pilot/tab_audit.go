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
	seq                  int64 // the list's key (seqText)
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
	c    *common.Common
	slug string
	// list holds the entries read so far, newest first, keyed by seq: a
	// reload keeps the cursor's entry, and the first page that holds it
	// again puts the cursor back on it
	list    common.List[auditRow]
	loading bool
	done    bool // the store has no older entries
	err     error
	width   int
	height  int
	diff    *auditDiff // the entry opened with enter, nil on the list
}

func newAuditPane(c *common.Common, slug string) *auditPane {
	return &auditPane{c: c, slug: slug, list: newAuditList(common.LineInput{Prompt: "/ "})}
}

// newAuditList is an empty list of entries with the filter given.
func newAuditList(filter common.LineInput) common.List[auditRow] {
	return common.List[auditRow]{Key: func(r auditRow) string { return r.seqText },
		Match: func(q string, r auditRow) bool { return strings.Contains(r.hay, q) }, Filter: filter}
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
	return p.list.Filter.Focus
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
	if p.list.ClearFilter() {
		p.scroll()
		return true
	}
	return false
}

// reset forgets the loaded entries (the pilot was read again), keeping
// the filter.
func (p *auditPane) reset() {
	p.list = newAuditList(p.list.Filter)
	p.done, p.loading, p.err = false, false, nil
}

// reload is reset keeping the cursor's entry and the scroll for the
// entries the reload brings back (filter kept).
func (p *auditPane) reload() {
	p.list.SetItems(nil)
	p.done, p.loading, p.err = false, false, nil
}

// more asks for the next page of older entries unless one is under way.
func (p *auditPane) more(c *common.Common) tea.Cmd {
	if p.loading || p.done || c.Opt.App == nil {
		return nil
	}
	p.loading = true
	var before int64
	if rows := p.list.Items(); len(rows) > 0 {
		before = rows[len(rows)-1].seq
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
	rows := make([]auditRow, len(es))
	for i, e := range es {
		rows[i] = newAuditRow(e)
	}
	if found := p.list.Append(rows...); found || p.list.Filtering() {
		p.scroll()
	}
}

// n is the number of entries shown; row(i) the i-th.
func (p *auditPane) n() int             { return p.list.Len() }
func (p *auditPane) row(i int) auditRow { return p.list.At(i) }

// listRoom is the rows of the list: the pane less the filter line, the
// header and the two lines about the selected entry.
func (p *auditPane) listRoom() int { return max(p.height-4, 1) }

func (p *auditPane) scroll() { p.list.Scroll(p.listRoom()) }

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
		if p.list.Filter.Focus {
			if p.list.FilterKey(&p.c.Keys, msg) {
				p.scroll()
			}
			return nil
		}
		if n, ok := k.Step(msg, p.listRoom(), p.n()); ok {
			p.move(n)
		} else if key.Matches(msg, k.Filter) {
			p.list.Filter.Focus = true
		} else if key.Matches(msg, k.Open) {
			return p.openDiff()
		}
	case tea.MouseClickMsg:
		if row := msg.Y - 2; row >= 0 && row < p.listRoom() && p.list.Offset()+row < p.n() {
			p.list.SetCursor(p.list.Offset() + row)
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.move(-3)
		} else if msg.Button == tea.MouseWheelDown {
			p.move(3)
		}
	}
	// Page in older entries before the cursor reaches the end.
	if p.n()-p.list.Cursor() < 2*p.listRoom() {
		return p.more(p.c)
	}
	return nil
}

func (p *auditPane) move(d int) {
	p.list.Move(d)
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
	pos, cursor := "0/0", p.list.Cursor()
	if p.n() > 0 {
		pos = fmt.Sprintf("%d/%d", cursor+1, p.n())
	}
	if p.list.Filter.Focus || p.list.Filtering() {
		pos = fmt.Sprintf("  %s of %d%s", pos, p.list.Total(), more)
		lines = append(lines, " "+p.list.Filter.View(max(w-1-widgets.Width(pos), 1))+st.Muted.Render(pos))
	} else {
		lines = append(lines, st.Muted.Render(fmt.Sprintf(" %s%s %s, newest first · %s shows the change · %s filter", pos, more, common.Noun(p.n(), "entry"), p.c.Keys.Open.Help().Key, p.c.Keys.Filter.Help().Key)))
	}
	actorW, actionW := 14, 16
	summW := max(w-2-7-17-actorW-actionW-1, 8)
	lines = append(lines, st.Heading.Render("  "+widgets.FitLeft("seq", 6)+" "+widgets.Fit("when (UTC)", 17)+widgets.Fit("actor", actorW)+widgets.Fit("action", actionW)+"summary"))
	room := p.listRoom()
	// only the rows in the viewport are drawn, so a frame costs the same
	// at a hundred entries as at a million
	from := p.list.Offset()
	for i := from; i < p.n() && i < from+room; i++ {
		r := p.row(i)
		mark, summ := "  ", widgets.Fit(r.summ, summW)
		if i == cursor {
			mark = common.GlyphCursor + " "
		}
		// every cell keeps a blank after it: a full cell never runs into the next
		line := mark + widgets.FitLeft(r.seqText, 6) + " " + widgets.Fit(r.when, 16) + " " + widgets.Fit(r.actor, actorW-1) + " " +
			widgets.Fit(r.action, actionW-1) + " " + summ
		if i == cursor {
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
		lines = append(lines, "  no entries"+map[bool]string{true: " match the filter", false: ""}[p.list.Filtering()])
	}
	for len(lines) < room+2 {
		lines = append(lines, "")
	}
	if r, ok := p.list.Selected(); ok {
		lines = append(lines[:room+2], st.Muted.Render(widgets.Cut(" #"+r.seqText+" "+r.action+" "+r.entity+" by "+r.actor+" at "+r.when, w)),
			st.Muted.Render(widgets.Cut("   "+r.summ, w)))
	}
	return common.Frame(lines, p.width, p.height)
}

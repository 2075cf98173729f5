package pilot

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// auditChangeLoaded carries one audit entry and the fields it changed.
type auditChangeLoaded struct {
	slug string
	seq  int64
	ch   app.AuditChange
	err  error
}

func loadAuditChange(a *app.App, slug string, seq int64) tea.Cmd {
	return func() tea.Msg {
		ch, err := a.AuditChange(context.Background(), seq)
		return auditChangeLoaded{slug: slug, seq: seq, ch: ch, err: err}
	}
}

// auditDiff is an audit entry opened from the Audit tab: who did what and
// when, then the fields its before and after differ in, a removed value
// marked −, an added one +, long values wrapped. It scrolls and filters as
// every text pane does; esc goes back to the list.
type auditDiff struct {
	*common.ScrollPane
	c       *common.Common
	seq     int64
	loading bool
	ch      app.AuditChange
	err     error
}

func newAuditDiff(c *common.Common, seq int64) *auditDiff {
	d := &auditDiff{c: c, seq: seq, loading: true}
	d.ScrollPane = common.NewKeyedScrollPane(c, d.lines)
	return d
}

func (d *auditDiff) set(msg auditChangeLoaded) {
	d.loading, d.ch, d.err = false, msg.ch, msg.err
	d.Invalidate()
}

// lines are the entry's lines and, beside each, the item it draws (a
// field's removed or added value by its path), so a new width keeps the
// diff line in view where it was however the lines before it wrap.
func (d *auditDiff) lines(w int) (out, keys []string) {
	st := &d.c.Styles
	switch {
	case d.loading:
		return []string{"", fmt.Sprintf("  reading audit entry %d…", d.seq)}, nil
	case d.err != nil:
		return []string{"", st.Error.Render("  could not read audit entry " + fmt.Sprint(d.seq) + ": " + model.Line(d.err.Error())), "", "  " + d.c.Keys.Back.Help().Key + " goes back to the list"}, nil
	}
	add := func(key string, ls ...string) {
		out = append(out, ls...)
		for range ls {
			keys = append(keys, key)
		}
	}
	e := d.ch.Entry
	head := fmt.Sprintf("#%d %s %s by %s at %s", e.Seq, model.Line(e.Action), model.Line(e.Entity), model.Line(e.Actor), e.At.UTC().Format("2006-01-02 15:04"))
	for _, l := range widgets.Wrap(head, max(w-2, 8)) {
		add("head", st.Heading.Render(" "+l))
	}
	if e.Summary != "" {
		for _, l := range widgets.Wrap(model.Line(e.Summary), max(w-4, 8)) {
			add("summary", "   "+l)
		}
	}
	n := fieldCount(d.ch.Lines)
	switch {
	case e.Before == "" && e.After == "":
		add("", "", st.Muted.Render("  this entry records no before or after"))
	case n == 0:
		add("", "", st.Muted.Render("  before and after are the same: nothing changed"))
	default:
		what := "changed"
		switch {
		case e.Before == "":
			what = "set"
		case e.After == "":
			what = "removed"
		}
		add("", "", st.Muted.Render(fmt.Sprintf("  %d field%s %s: − before, + after · %s back", n, common.Plural(n), what, d.c.Keys.Back.Help().Key)))
	}
	for _, l := range d.ch.Lines {
		mark, style := "+ ", st.Pass
		if l.Op == '-' {
			mark, style = "− ", st.Fail
		}
		text, item := model.Line(l.Path)+": "+model.Line(l.Value), string(l.Op)+l.Path
		for i, part := range widgets.Wrap(text, max(w-5, 8)) {
			lead := "  " + mark
			if i > 0 {
				lead = "    "
			}
			add(item, style.Render(lead+part))
		}
	}
	return out, keys
}

func (d *auditDiff) Keys() []key.Binding {
	return append(d.ScrollPane.Keys(), d.c.Keys.Back)
}

// openDiff opens the entry under the cursor and starts reading it.
func (p *auditPane) openDiff() tea.Cmd {
	if p.list.Cursor() >= p.n() || p.c.Opt.App == nil {
		return nil
	}
	seq := p.row(p.list.Cursor()).seq
	p.diff = newAuditDiff(p.c, seq)
	p.diff.SetSize(p.width, p.height)
	cmd := loadAuditChange(p.c.Opt.App, p.slug, seq)
	return func() tea.Msg { return common.LoadMsg{Cmd: cmd} }
}

// diffLoaded hands a read entry to the open diff it belongs to.
func (p *auditPane) diffLoaded(msg auditChangeLoaded) {
	if p.diff != nil && p.diff.seq == msg.seq {
		p.diff.set(msg)
	}
}

// fieldCount is the fields a diff touches: a changed field has two lines.
func fieldCount(lines []model.DiffLine) int {
	n := 0
	for i, l := range lines {
		if i == 0 || l.Path != lines[i-1].Path {
			n++
		}
	}
	return n
}

package ui

import (
	"context"
	"ringside/ui/common"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Live data: every pollEvery the cockpit asks the store for SQLite's
// data_version (store.DataVersion, in a command: off the update loop).
// When another process (or this one) committed, the portfolio and every
// open pilot reload in place; a poll that finds nothing changed only
// schedules the next one, and draws nothing.

const pollEvery = 2 * time.Second

// dataVersionMsg is a poll's answer.
type dataVersionMsg struct {
	v   int64
	err error
}

// pollVersion asks for the data version after pollEvery. Tests run
// without timers (c.ticks false) and send dataVersionMsg themselves.
func (m *Model) pollVersion() tea.Cmd {
	s := m.c.Opt.App
	if !m.c.Ticks || s == nil {
		return nil
	}
	return tea.Tick(pollEvery, func(time.Time) tea.Msg {
		v, err := s.DataVersion(context.Background())
		return dataVersionMsg{v, err}
	})
}

// versionChanged takes a poll's answer: true when the data changed since
// the last one (the first answer is the baseline).
func (m *Model) versionChanged(msg dataVersionMsg) bool {
	if msg.err != nil { // a busy or broken poll: ask again next time
		return false
	}
	changed := m.haveVersion && msg.v != m.version
	m.version, m.haveVersion = msg.v, true
	return changed
}

// keeper is a pane that takes over the state of the pane it replaces on a
// reload: cursor (on the same item), filter, sort, scroll.
type keeper interface{ Keep(old common.Component) }

func (g *gatePane) Keep(old common.Component) {
	o, ok := old.(*gatePane)
	if !ok {
		return
	}
	g.ScrollPane.KeepFrom(o.ScrollPane)
	if o.sel < len(o.d.gates) {
		for i, r := range g.d.gates {
			if r.id == o.d.gates[o.sel].id {
				g.sel = i
			}
		}
	}
}

func (p *kpiPane) Keep(old common.Component) {
	o, ok := old.(*kpiPane)
	if !ok {
		return
	}
	p.filter, p.chart = o.filter, o.chart
	ring, kpi := "", ""
	if o.cursor < len(o.shown) {
		r := o.rows[o.shown[o.cursor]]
		ring, kpi = r.ring, r.kpi.Key
	}
	p.shown = p.shown[:0]
	p.refilter()
	p.cursor = min(o.cursor, max(len(p.shown)-1, 0))
	for i, j := range p.shown {
		if p.rows[j].ring == ring && p.rows[j].kpi.Key == kpi {
			p.cursor = i
		}
	}
	p.offset = o.offset
}

// selectKPI puts the cursor on the first row of KPI key.
func (p *kpiPane) selectKPI(key string) {
	for i, j := range p.shown {
		if p.rows[j].kpi.Key == key {
			p.cursor = i
			return
		}
	}
}

func (p *riskPane) Keep(old common.Component) {
	o, ok := old.(*riskPane)
	if !ok {
		return
	}
	p.filter, p.sortBy, p.residual = o.filter, o.sortBy, o.residual
	title := ""
	if o.cursor < len(o.shown) {
		title = o.risks[o.shown[o.cursor]].Title
	}
	p.cursor = o.cursor
	p.refilter()
	p.selectRisk(title)
	p.offset = o.offset
}

// selectRisk puts the cursor on the risk with title, if it shows.
func (p *riskPane) selectRisk(title string) {
	for i, j := range p.shown {
		if p.risks[j].Title == title {
			p.cursor = i
			return
		}
	}
}

// firstVersion reads the baseline at once, then the polls follow.
func (m *Model) firstVersion() tea.Cmd {
	s := m.c.Opt.App
	if !m.c.Ticks || s == nil {
		return nil
	}
	return func() tea.Msg {
		v, err := s.DataVersion(context.Background())
		return dataVersionMsg{v, err}
	}
}

// reloadAll reloads the portfolio and every pilot open on the stack.
func (m *Model) reloadAll() tea.Cmd {
	cmds := []tea.Cmd{m.startLoad(loadPortfolio(m.c.Opt.App, m.c.Opt.AsOf))}
	for _, s := range m.stack {
		if d, ok := s.(*detail); ok {
			cmds = append(cmds, m.startLoad(loadPilot(m.c.Opt.App, d.slug, m.c.Opt.AsOf)))
		}
	}
	return tea.Batch(cmds...)
}

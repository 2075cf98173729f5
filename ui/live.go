package ui

import (
	"context"
	"ringside/ui/dashboard"
	"ringside/ui/pilot"
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
	cmds := []tea.Cmd{m.startLoad(dashboard.LoadPortfolio(m.c.Opt.App, m.c.Opt.AsOf))}
	for _, s := range m.stack {
		if d, ok := s.(*pilot.Screen); ok {
			cmds = append(cmds, m.startLoad(pilot.Load(m.c.Opt.App, d.Slug, m.c.Opt.AsOf)))
		}
	}
	return tea.Batch(cmds...)
}

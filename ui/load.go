package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/store"
)

// auditPageSize is how many audit entries one read brings; the list asks
// for the next page as the cursor nears the end of what it holds.
const auditPageSize = 500

// portfolioLoaded carries every pilot's assessment to the dashboard.
type portfolioLoaded struct {
	rows     []pilotRow
	err      error
	calendar string // next change window or freeze in force (calendar.go)
}

// pilotLoaded carries one pilot's full assessment to its detail screen.
type pilotLoaded struct {
	slug string
	data *pilotData
	err  error
}

// auditLoaded carries one page of audit entries, newest first.
type auditLoaded struct {
	slug    string
	before  int64 // the page was read below this seq (0: from the newest)
	entries []store.AuditEntry
	err     error
}

// pilotData is everything the detail tabs show about one pilot.
type pilotData struct {
	in    assess.Input
	a     assess.Assessment
	gates []gateResult // every gate, G1 … PRG
}

type gateResult struct {
	id  model.GateID
	r   gates.Readiness
	err error
}

// loadPortfolio reads and assesses every pilot.
func loadPortfolio(s *store.Store, asOf model.Date) tea.Cmd {
	return func() tea.Msg {
		ins, err := s.AssessInputs(context.Background(), asOf)
		if err != nil {
			return portfolioLoaded{err: err}
		}
		rows := make([]pilotRow, len(ins))
		for i, in := range ins {
			rows[i] = newPilotRow(in, assess.Pilot(in))
		}
		return portfolioLoaded{rows: rows, calendar: calendarHeadline(s, asOf)}
	}
}

// loadPilot reads and assesses one pilot, every gate included.
func loadPilot(s *store.Store, slug string, asOf model.Date) tea.Cmd {
	return func() tea.Msg {
		in, err := s.AssessInput(context.Background(), slug, asOf)
		if err != nil {
			return pilotLoaded{slug: slug, err: err}
		}
		return pilotLoaded{slug: slug, data: assessPilot(in)}
	}
}

func assessPilot(in assess.Input) *pilotData {
	d := &pilotData{in: in, a: assess.Pilot(in)}
	for _, id := range model.GateIDs {
		r, err := assess.Gate(in, d.a.Health, id)
		d.gates = append(d.gates, gateResult{id: id, r: r, err: err})
	}
	return d
}

// loadAudit reads one page of a pilot's audit entries below seq before.
func loadAudit(s *store.Store, slug string, before int64) tea.Cmd {
	return func() tea.Msg {
		es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: slug, Before: before, Limit: auditPageSize})
		return auditLoaded{slug: slug, before: before, entries: es, err: err}
	}
}

package ui

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
)

// auditPageSize is how many audit entries one read brings; the list asks
// for the next page as the cursor nears the end of what it holds.
const auditPageSize = 500

// portfolioLoaded carries the pilots to the dashboard, as soon as they are
// read: rows with what the pilots themselves say (name, stage, owners,
// risks), their verdicts pending until assess runs and brings
// portfolioAssessed.
type portfolioLoaded struct {
	gen      uint64 // which load this is: a late assessment of an older one is dropped
	rows     []pilotRow
	err      error
	calendar string  // next change window or freeze in force (calendar.go)
	assess   tea.Cmd // judges the pilots: health, next gate, payback, triage
}

// portfolioAssessed carries every pilot's assessment to the dashboard.
type portfolioAssessed struct {
	gen  uint64
	rows []pilotRow
	err  error
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
	entries []app.AuditEntry
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

// portfolioGen numbers the portfolio loads.
var portfolioGen atomic.Uint64

// loadPortfolio reads every pilot; the message it brings carries the
// command that assesses them.
func loadPortfolio(s *app.App, asOf model.Date) tea.Cmd {
	gen := portfolioGen.Add(1)
	return func() tea.Msg {
		// The rows need the pilots' names, stages, owners and risks only:
		// the whole pilots (gates, runbooks, sign-offs…) are read by the
		// assessment, after the rows are on screen.
		pilots, err := s.ReadPilotsListed(context.Background())
		if err != nil {
			return portfolioLoaded{gen: gen, err: err}
		}
		rows := make([]pilotRow, len(pilots))
		for i := range pilots {
			rows[i] = pendingPilotRow(&pilots[i], asOf)
		}
		return portfolioLoaded{gen: gen, rows: rows, calendar: calendarHeadline(s, asOf), assess: assessPortfolio(s, gen, asOf)}
	}
}

// assessPortfolio reads the pilots' recent observations and judges every
// pilot, on every core: a thousand pilots are a thousand gate checks.
func assessPortfolio(s *app.App, gen uint64, asOf model.Date) tea.Cmd {
	return func() tea.Msg {
		pilots, err := s.ReadPilots(context.Background())
		if err != nil {
			return portfolioAssessed{gen: gen, err: err}
		}
		ins, err := s.PortfolioInputsOf(context.Background(), pilots, asOf)
		if err != nil {
			return portfolioAssessed{gen: gen, err: err}
		}
		rows := make([]pilotRow, len(ins))
		workers := min(runtime.GOMAXPROCS(0), max(len(ins), 1))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(ins); i += workers {
					rows[i] = newPilotRow(ins[i], assess.Pilot(ins[i]))
				}
			}()
		}
		wg.Wait()
		return portfolioAssessed{gen: gen, rows: rows}
	}
}

// loadPilot reads and assesses one pilot, every gate included.
func loadPilot(s *app.App, slug string, asOf model.Date) tea.Cmd {
	return func() tea.Msg {
		v, err := s.Detail(context.Background(), slug, asOf)
		if err != nil {
			return pilotLoaded{slug: slug, err: err}
		}
		return pilotLoaded{slug: slug, data: pilotDataOf(v)}
	}
}

// assessPilot assesses an input already read (app.ViewOf).
func assessPilot(in assess.Input) *pilotData { return pilotDataOf(app.ViewOf(in)) }

func pilotDataOf(v *app.PilotView) *pilotData {
	d := &pilotData{in: v.Input, a: v.Assessment}
	for _, g := range v.Gates {
		d.gates = append(d.gates, gateResult{id: g.ID, r: g.Readiness, err: g.Err})
	}
	return d
}

// loadAudit reads one page of a pilot's audit entries below seq before.
func loadAudit(s *app.App, slug string, before int64) tea.Cmd {
	return func() tea.Msg {
		es, err := s.Audit(context.Background(), app.AuditFilter{Pilot: slug, Before: before, Limit: auditPageSize})
		return auditLoaded{slug: slug, before: before, entries: es, err: err}
	}
}

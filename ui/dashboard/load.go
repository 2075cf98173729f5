package dashboard

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/ui/common"
)

// portfolioLoaded carries the pilots to the dashboard, as soon as they are
// read: rows with what the pilots themselves say (name, stage, owners,
// risks), their verdicts pending until assess runs and brings
// portfolioAssessed.
type portfolioLoaded struct {
	gen      uint64 // which load this is: a late assessment of an older one is dropped
	rows     []common.PilotRow
	err      error
	calendar string  // next change window or freeze in force (calendar.go)
	assess   tea.Cmd // judges the pilots: health, next gate, payback, triage
}

// portfolioAssessed carries every pilot's assessment to the dashboard.
type PortfolioAssessed struct {
	Gen  uint64
	rows []common.PilotRow
	err  error
}

// portfolioGen numbers the portfolio loads.
var portfolioGen atomic.Uint64

// loadPortfolio reads every pilot; the message it brings carries the
// command that assesses them.
func LoadPortfolio(s *app.App, asOf model.Date) tea.Cmd {
	gen := portfolioGen.Add(1)
	return func() tea.Msg {
		// The rows need the pilots' names, stages, owners and risks only:
		// the whole pilots (gates, runbooks, sign-offs…) are read by the
		// assessment, after the rows are on screen.
		pilots, err := s.ReadPilotsListed(context.Background())
		if err != nil {
			return portfolioLoaded{gen: gen, err: err}
		}
		rows := make([]common.PilotRow, len(pilots))
		for i := range pilots {
			rows[i] = common.PendingPilotRow(&pilots[i], asOf)
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
			return PortfolioAssessed{Gen: gen, err: err}
		}
		ins, err := s.PortfolioInputsOf(context.Background(), pilots, asOf)
		if err != nil {
			return PortfolioAssessed{Gen: gen, err: err}
		}
		rows := make([]common.PilotRow, len(ins))
		workers := min(runtime.GOMAXPROCS(0), max(len(ins), 1))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(ins); i += workers {
					rows[i] = common.NewPilotRow(ins[i], assess.Pilot(ins[i]))
				}
			}()
		}
		wg.Wait()
		return PortfolioAssessed{Gen: gen, rows: rows}
	}
}

package pilot

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/ui/pilot/lines"
)

// Reading one pilot for its detail: the pilot, every gate judged, and its
// audit log a page at a time, each in a command that answers with a message.

// auditPageSize is how many audit entries one read brings; the list asks
// for the next page as the cursor nears the end of what it holds.
const auditPageSize = 500

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

// Load reads and assesses one pilot, every gate included.
func Load(s *app.App, slug string, asOf model.Date) tea.Cmd {
	return func() tea.Msg {
		v, err := s.Detail(context.Background(), slug, asOf)
		if err != nil {
			return pilotLoaded{slug: slug, err: err}
		}
		return pilotLoaded{slug: slug, data: pilotDataOf(v)}
	}
}

// assessPilot assesses an input already read (app.ViewOf).
func AssessPilot(in assess.Input) *pilotData { return pilotDataOf(app.ViewOf(in)) }

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

// lines is the data as the tab line builders (ui/pilot/lines) read it.
func (d *pilotData) lines() *lines.Data {
	out := &lines.Data{In: d.in, A: d.a, Gates: make([]lines.Gate, len(d.gates))}
	for i, g := range d.gates {
		out.Gates[i] = lines.Gate{ID: g.id, R: g.r, Err: g.err}
	}
	return out
}

package app

import (
	"context"
	"time"

	"ringside/model"
	"ringside/model/assess"
	"ringside/store"
)

// seriesDays is how many days of each series a pilot's detail gets, for
// its sparklines and charts; more when a KPI's window is longer.
const seriesDays = 90

// PilotInput gathers everything the engines need about one pilot.
func (a *App) PilotInput(ctx context.Context, slug string, asOf model.Date) (assess.Input, error) {
	return pilotInput(ctx, a.store.Reader(), slug, asOf)
}

// PortfolioInputs gathers the inputs of every pilot, sorted by slug, for a
// portfolio view: series are read for all pilots at once and only as far
// back as the longest KPI window needs (a pilot's detail view reads more,
// for its charts, through PilotInput).
func (a *App) PortfolioInputs(ctx context.Context, asOf model.Date) ([]assess.Input, error) {
	pilots, err := a.store.Reader().Pilots(ctx)
	if err != nil {
		return nil, err
	}
	return a.PortfolioInputsOf(ctx, pilots, asOf)
}

// PortfolioInputsOf is PortfolioInputs for pilots already read (a view
// that shows the pilots first and their assessment after); the inputs
// point into pilots.
func (a *App) PortfolioInputsOf(ctx context.Context, pilots []model.Pilot, asOf model.Date) ([]assess.Input, error) {
	r := a.store.Reader()
	act, err := r.LastActivity(ctx, asOf)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*model.Pilot, len(pilots))
	for i := range pilots {
		ptrs[i] = &pilots[i]
	}
	all, err := r.AllSeries(ctx, asOf, model.LongestWindow(ptrs...))
	if err != nil {
		return nil, err
	}
	out := make([]assess.Input, 0, len(pilots))
	for i := range pilots {
		p := &pilots[i]
		in := assess.Input{Pilot: p, AsOf: asOf}
		if ps := all[p.Slug]; ps != nil {
			in.Obs, in.BaselineMeans, in.Baselines = ps.Obs, ps.BaselineMeans, ps.Baselines
		}
		setActivity(&in, act)
		out = append(out, in)
	}
	return out, nil
}

// Portfolio assesses every pilot (health, readiness of the next gate,
// triage), sorted by slug.
func (a *App) Portfolio(ctx context.Context, asOf model.Date) ([]assess.Input, []assess.Assessment, error) {
	ins, err := a.PortfolioInputs(ctx, asOf)
	if err != nil {
		return nil, nil, err
	}
	as := make([]assess.Assessment, len(ins))
	for i, in := range ins {
		as[i] = assess.Pilot(in)
	}
	return ins, as, nil
}

// pilotInput reads one pilot's input through r: the database as it
// stands, or the write transaction a change is judged in.
func pilotInput(ctx context.Context, r store.Reader, slug string, asOf model.Date) (assess.Input, error) {
	p, err := r.Pilot(ctx, slug)
	if err != nil {
		return assess.Input{}, err
	}
	return inputFor(ctx, r, &p, asOf)
}

// inputFor reads p's series and last activity through r.
func inputFor(ctx context.Context, r store.Reader, p *model.Pilot, asOf model.Date) (assess.Input, error) {
	act, err := r.LastActivity(ctx, asOf)
	if err != nil {
		return assess.Input{}, err
	}
	ps, err := r.PilotSeriesFor(ctx, p.Slug, asOf, max(seriesDays, model.LongestWindow(p)))
	if err != nil {
		return assess.Input{}, err
	}
	in := assess.Input{Pilot: p, AsOf: asOf, Obs: ps.Obs, BaselineMeans: ps.BaselineMeans, Baselines: ps.Baselines}
	setActivity(&in, act)
	return in, nil
}

func setActivity(in *assess.Input, act map[string]time.Time) {
	if t, ok := act[in.Pilot.Slug]; ok {
		in.LastActivity = model.DateOf(t)
	}
}

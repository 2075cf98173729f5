package store

import (
	"context"
	"time"

	"ringside/model"
	"ringside/model/assess"
)

// seriesDays is how many days of each series a pilot's detail gets, for
// its sparklines and charts; more when a KPI's window is longer.
const seriesDays = 90

// AssessInput gathers everything the engines need about one pilot.
func (s *Store) AssessInput(ctx context.Context, slug string, asOf model.Date) (assess.Input, error) {
	p, err := s.Pilot(ctx, slug)
	if err != nil {
		return assess.Input{}, err
	}
	act, err := s.LastActivity(ctx)
	if err != nil {
		return assess.Input{}, err
	}
	return s.assessInput(ctx, &p, asOf, act)
}

// AssessInputs gathers the inputs of every pilot, sorted by slug, for a
// portfolio view: series are read for all pilots at once and only as far
// back as the longest KPI window needs (a pilot's detail view reads more,
// for its charts, through AssessInput).
func (s *Store) AssessInputs(ctx context.Context, asOf model.Date) ([]assess.Input, error) {
	pilots, err := s.Pilots(ctx)
	if err != nil {
		return nil, err
	}
	return s.AssessInputsOf(ctx, pilots, asOf)
}

// AssessInputsOf is AssessInputs for pilots already loaded (a view that
// shows the pilots first and their assessment after); the inputs point
// into pilots.
func (s *Store) AssessInputsOf(ctx context.Context, pilots []model.Pilot, asOf model.Date) ([]assess.Input, error) {
	act, err := s.LastActivity(ctx)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*model.Pilot, len(pilots))
	for i := range pilots {
		ptrs[i] = &pilots[i]
	}
	all, err := s.AllSeries(ctx, asOf, model.LongestWindow(ptrs...))
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
		if t, ok := act[p.Slug]; ok {
			in.LastActivity = model.DateOf(t)
		}
		out = append(out, in)
	}
	return out, nil
}

func (s *Store) assessInput(ctx context.Context, p *model.Pilot, asOf model.Date, act map[string]time.Time) (assess.Input, error) {
	ps, err := s.PilotSeriesFor(ctx, p.Slug, asOf, max(seriesDays, model.LongestWindow(p)))
	if err != nil {
		return assess.Input{}, err
	}
	in := assess.Input{Pilot: p, AsOf: asOf, Obs: ps.Obs, BaselineMeans: ps.BaselineMeans, Baselines: ps.Baselines}
	if t, ok := act[p.Slug]; ok {
		in.LastActivity = model.DateOf(t)
	}
	return in, nil
}

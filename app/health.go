package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"ringside/model"
	"ringside/model/health"
	"ringside/store"
)

// Verdict is one pilot's health as a front end renders it.
type Verdict struct {
	Pilot  string
	Failed bool   // a ring fails or a rollback trigger fired
	Out    []byte // what render made of it (a JSON object, a text block)
}

// HealthEach is the portfolio health evaluator: it judges one pilot (slug)
// or all (slug "") as of asOf and calls emit in slug order with what
// render made of each verdict. Pilots stream from the database one at a
// time while the recent observations of all are read in one pass beside
// them; they are judged and rendered in parallel, a few at a time, so
// memory holds the pilots in flight, not the portfolio and its verdicts.
// An unknown slug is an error wrapping ErrNotFound.
func (a *App) HealthEach(ctx context.Context, slug string, asOf model.Date, render func(health.PilotHealth) ([]byte, error), emit func(Verdict) error) error {
	s := a.store
	judge := func(p *model.Pilot, ps *store.PilotSeries) (Verdict, error) {
		in := health.Input{Pilot: p, AsOf: asOf}
		// A KPI with a window longer than the default needs more days.
		if window := model.LongestWindow(p); window > model.DefaultWindow {
			more, err := seriesOf(ctx, s, p.Slug, asOf, window)
			if err != nil {
				return Verdict{}, err
			}
			ps = more[p.Slug]
		}
		if ps != nil {
			in.Obs, in.BaselineMeans, in.Baselines = ps.Obs, ps.BaselineMeans, ps.Baselines
		}
		ph := health.Evaluate(in)
		out, err := render(ph)
		return Verdict{Pilot: ph.Pilot, Failed: ph.Failed(), Out: out}, err
	}

	type result struct {
		v   Verdict
		err error
	}
	type job struct {
		p   *model.Pilot // by pointer: a pilot is a large struct, copied at every hand-over otherwise
		ps  *store.PilotSeries
		out chan result
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 2*workers)
	order := make(chan chan result, 2*workers) // results in slug order
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				v, err := judge(j.p, j.ps)
				j.out <- result{v, err}
			}
		}()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var loadErr error
	go func() {
		defer close(order)
		defer close(jobs)
		send := func(p *model.Pilot, ps *store.PilotSeries) error {
			j := job{p, ps, make(chan result, 1)}
			select {
			case order <- j.out:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- j
			return nil
		}
		if slug != "" {
			p, err := s.Pilot(ctx, slug)
			var series map[string]*store.PilotSeries
			if err == nil {
				series, err = seriesOf(ctx, s, slug, asOf, model.DefaultWindow)
			}
			if err == nil {
				err = send(&p, series[slug])
			}
			loadErr = err
			return
		}
		// The recent observations are read a group of pilots at a time,
		// so memory holds the series of one group, not of the database
		// (100,000 series: 280 MB when read in one pass).
		// A database without a single series has no observations to read
		// for any pilot: one query instead of one or more a group.
		anySeries, err := s.HasSeries(ctx)
		if err != nil {
			loadErr = err
			return
		}
		var group []*model.Pilot
		flush := func() error {
			if len(group) == 0 {
				return nil
			}
			if !anySeries {
				for _, p := range group {
					if err := send(p, nil); err != nil {
						return err
					}
				}
				group = group[:0]
				return nil
			}
			slugs := make([]string, len(group))
			for i := range group {
				slugs[i] = group[i].Slug
			}
			series, err := s.SeriesOfPilots(ctx, slugs, asOf, model.DefaultWindow)
			if err != nil {
				return fmt.Errorf("health: read observations: %w", err)
			}
			for _, p := range group {
				if err := send(p, series[p.Slug]); err != nil {
					return err
				}
			}
			group = group[:0]
			return nil
		}
		loadErr = s.EachPilotJudged(ctx, func(p model.Pilot) error { // rings and KPIs are all the engine reads
			if group = append(group, &p); len(group) == healthGroup {
				return flush()
			}
			return nil
		})
		if loadErr == nil {
			loadErr = flush()
		}
	}()
	var emitErr error
	for out := range order {
		r := <-out
		if emitErr == nil {
			if emitErr = r.err; emitErr == nil {
				emitErr = emit(r.v)
			}
			if emitErr != nil {
				cancel() // stop loading; drain what is in flight
			}
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	return loadErr
}

// healthGroup is how many pilots' observations HealthEach reads at once:
// a few queries per group, and the series of one group in memory.
const healthGroup = 250

// seriesOf reads the recent observations of one pilot, or of all.
func seriesOf(ctx context.Context, s *store.Store, slug string, asOf model.Date, window int) (map[string]*store.PilotSeries, error) {
	if slug == "" {
		all, err := s.AllSeries(ctx, asOf, window)
		if err != nil {
			return nil, fmt.Errorf("health: read observations: %w", err)
		}
		return all, nil
	}
	ps, err := s.PilotSeriesFor(ctx, slug, asOf, window)
	if err != nil {
		return nil, fmt.Errorf("health: read observations of %s: %w", model.Line(slug), err)
	}
	return map[string]*store.PilotSeries{slug: ps}, nil
}

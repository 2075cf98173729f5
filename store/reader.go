package store

import (
	"context"
	"time"

	"ringside/model"
	"ringside/model/health"
)

// Reader reads the database: as it stands (Store.Reader), or inside the
// write transaction of UpdatePilotReading, so a use case that judges and
// then writes judges exactly what it writes over.
type Reader struct{ q querier }

// Reader reads outside any write.
func (s *Store) Reader() Reader { return Reader{q: s.read()} }

// Pilot loads one pilot with everything recorded about it.
func (r Reader) Pilot(ctx context.Context, slug string) (model.Pilot, error) {
	return loadPilot(ctx, r.q, slug)
}

// Pilots loads every pilot, sorted by slug.
func (r Reader) Pilots(ctx context.Context) ([]model.Pilot, error) {
	var out []model.Pilot
	err := eachPilot(ctx, r.q, nil, func(p model.Pilot) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// SeriesFor is Store.SeriesFor through r.
func (r Reader) SeriesFor(ctx context.Context, slug string, asOf model.Date, days int) (map[string]map[string]health.Series, map[string]float64, error) {
	all, err := loadSeries(ctx, r.q, slug, asOf, days)
	if err != nil {
		return nil, nil, err
	}
	ps := all[slug]
	if ps == nil {
		return map[string]map[string]health.Series{}, map[string]float64{}, nil
	}
	return ps.Obs, ps.BaselineMeans, nil
}

// PilotSeriesFor is Store.PilotSeriesFor through r: a pilot's series and
// its baseline ring's samples.
func (r Reader) PilotSeriesFor(ctx context.Context, slug string, asOf model.Date, days int) (*PilotSeries, error) {
	all, err := loadSeries(ctx, r.q, slug, asOf, days)
	if err != nil {
		return nil, err
	}
	if ps := all[slug]; ps != nil {
		return ps, nil
	}
	return &PilotSeries{Obs: map[string]map[string]health.Series{}, BaselineMeans: map[string]float64{}}, nil
}

// AllSeries is Store.AllSeries through r.
func (r Reader) AllSeries(ctx context.Context, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	return loadSeries(ctx, r.q, "", asOf, days)
}

// LastActivity is Store.LastActivity through r.
func (r Reader) LastActivity(ctx context.Context, asOf model.Date) (map[string]time.Time, error) {
	return lastActivity(ctx, r.q, asOf)
}

// HeadHash is Store.HeadHash through r.
func (r Reader) HeadHash(ctx context.Context) (string, error) { return headHash(ctx, r.q) }

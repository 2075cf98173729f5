package store

// Reading observations back for the health engine: series summaries and
// the recent days of each series, set-based (a fixed number of queries for
// one pilot or the whole portfolio).

import (
	"context"
	"strings"

	"ringside/model"
	"ringside/model/health"
)

// PilotSeries is one pilot's observations as the health engine wants them.
type PilotSeries struct {
	Obs           map[string]map[string]health.Series // ring → metric → recent days
	BaselineMeans map[string]float64                  // metric → mean of all ring "baseline" observations
	Baselines     map[string]health.Series            // metric → ring "baseline" observations on or before asOf (baseline_samples.go)
}

// SeriesFor returns a pilot's observations per ring and metric as the
// health engine wants them: for each series, its latest day on or before
// asOf and the days up to `days` before it (pass the longest KPI window, or
// more for sparklines); plus, per metric, the mean of all observations of
// ring "baseline", from the series summaries. A series costs one or two
// primary-key seeks, whatever the size of the table.
func (s *Store) SeriesFor(ctx context.Context, slug string, asOf model.Date, days int) (map[string]map[string]health.Series, map[string]float64, error) {
	all, err := s.loadSeries(ctx, slug, asOf, days)
	if err != nil {
		return nil, nil, err
	}
	ps := all[slug]
	if ps == nil {
		return map[string]map[string]health.Series{}, map[string]float64{}, nil
	}
	return ps.Obs, ps.BaselineMeans, nil
}

// AllSeries is SeriesFor for every pilot at once, by slug: two queries in
// all, which is what makes health over a whole portfolio fast.
func (s *Store) AllSeries(ctx context.Context, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	return s.loadSeries(ctx, "", asOf, days)
}

// loadSeries reads the series of one pilot (slug) or of all (slug "").
func (s *Store) loadSeries(ctx context.Context, slug string, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	days = max(days, 1)
	filter := ""
	var args []any
	if slug != "" {
		filter = " WHERE s.pilot_id = (SELECT id FROM pilots WHERE slug = ?)"
		args = append(args, slug)
	}
	type named struct {
		pilot, ring, metric string
		s                   health.Series
	}
	byID := map[int64]*named{}
	var order []int64
	out := map[string]*PilotSeries{}
	rows, err := s.db.QueryContext(ctx, "SELECT s.id, p.slug, s.ring, s.metric, s.n, s.sum FROM series s JOIN pilots p ON p.id = s.pilot_id"+filter, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var n int
		var sum float64
		nm := &named{}
		if err := rows.Scan(&id, &nm.pilot, &nm.ring, &nm.metric, &n, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		byID[id] = nm
		order = append(order, id)
		ps := out[nm.pilot]
		if ps == nil {
			ps = &PilotSeries{Obs: map[string]map[string]health.Series{}, BaselineMeans: map[string]float64{}}
			out[nm.pilot] = ps
		}
		if nm.ring == model.BaselineRing && n > 0 {
			ps.BaselineMeans[nm.metric] = sum / float64(n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Series first, then each one's range by primary key (CROSS JOIN fixes
	// that order); the latest day comes from the summary unless it lies
	// after asOf, and only then from a seek.
	rows, err = s.db.QueryContext(ctx, `SELECT o.series_id, o.day, o.value FROM series s CROSS JOIN observations o
		ON o.series_id = s.id AND o.day <= min(s.last_day, ?1)
		AND o.day > (CASE WHEN s.last_day <= ?1 THEN s.last_day
			ELSE (SELECT max(day) FROM observations WHERE series_id = s.id AND day <= ?1) END) - ?2`+strings.Replace(filter, "?", "?3", 1),
		append([]any{int64(asOf), days}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, day int64
		var v float64
		if err := rows.Scan(&id, &day, &v); err != nil {
			return nil, err
		}
		if nm := byID[id]; nm != nil {
			nm.s.Days = append(nm.s.Days, model.Date(day))
			nm.s.Values = append(nm.s.Values, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range order {
		nm := byID[id]
		obs := out[nm.pilot].Obs
		if obs[nm.ring] == nil {
			obs[nm.ring] = map[string]health.Series{}
		}
		obs[nm.ring][nm.metric] = nm.s
	}
	samples, err := s.baselineSamples(ctx, slug, asOf)
	if err != nil {
		return nil, err
	}
	for pilot, byMetric := range samples {
		if ps := out[pilot]; ps != nil {
			ps.Baselines = byMetric
		}
	}
	return out, nil
}

// ObservationCount returns how many observations are stored (for verify and tests).
func (s *Store) ObservationCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM observations").Scan(&n)
	return n, err
}

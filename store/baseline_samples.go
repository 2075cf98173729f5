package store

import (
	"context"
	"strings"

	"ringside/model"
	"ringside/model/health"
)

// The baseline ring's observations, for the interval of a KPI's change
// against a baseline that is a sample: a ring "baseline" is a
// short run of days before the pilot, so it is read whole, up to asOf.

// baselineSamples reads every ring "baseline" observation dated on or
// before asOf, of one pilot (slug) or all (""), as pilot → metric → series.
func baselineSamples(ctx context.Context, q querier, set pilotSet, asOf model.Date) (map[string]map[string]health.Series, error) {
	query := `SELECT p.slug, s.metric, o.day, o.value FROM series s JOIN pilots p ON p.id = s.pilot_id
		CROSS JOIN observations o ON o.series_id = s.id AND o.day <= ?
		WHERE s.ring = ?`
	args := []any{int64(asOf), model.BaselineRing}
	if set != nil {
		where, more := set.where() // " WHERE p.slug …"
		query += " AND" + strings.TrimPrefix(where, " WHERE")
		args = append(args, more...)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY s.id, o.day", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]health.Series{}
	for rows.Next() {
		var pilot, metric string
		var day int64
		var v float64
		if err := rows.Scan(&pilot, &metric, &day, &v); err != nil {
			return nil, err
		}
		if out[pilot] == nil {
			out[pilot] = map[string]health.Series{}
		}
		sr := out[pilot][metric]
		sr.Days = append(sr.Days, model.Date(day))
		sr.Values = append(sr.Values, v)
		out[pilot][metric] = sr
	}
	return out, rows.Err()
}

// PilotSeriesFor is SeriesFor with the baseline ring's samples: everything
// the health engine takes for one pilot.
func (s *Store) PilotSeriesFor(ctx context.Context, slug string, asOf model.Date, days int) (*PilotSeries, error) {
	return s.Reader().PilotSeriesFor(ctx, slug, asOf, days)
}

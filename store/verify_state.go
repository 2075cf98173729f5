package store

import (
	"context"
	"database/sql"
	"strconv"

	"ringside/model"
)

// What verify compares with the log, read from the tables: everything but
// the observations, which the observation scan digests. verify loads it
// beside that scan (loadState, loadSeriesRows), on the core the scan's
// workers leave free now and then, and compares once both are done; the
// write lock the page scan holds keeps the two reads one snapshot.

// stateNow is the state of everything the log vouches for but the
// observations: the digest of each pilot (and its JSON, for naming what
// differs), the calendar, the saved sources and each import; and each
// series' state key ("series/slug/ring/metric") in the order the series
// table returned them, with the series each key names (the last of that
// key) and every series id a row names.
type stateNow struct {
	state  map[string]string
	pilots map[string]string
	series []stateSeries
	ids    map[string]int64
	named  map[int64]bool
}

type stateSeries struct {
	id  int64
	key string // keySeries and slug/ring/metric, "#<pilot_id>" for a slug when no pilot row names it
}

// currentState digests everything the log vouches for as it is now.
// pilots holds each pilot's JSON, for naming what differs.
func (s *Store) currentState(ctx context.Context, q querier, obs map[int64]obsDigest) (state map[string]string, pilots map[string]string, err error) {
	n, err := s.loadState(ctx, q, nil)
	if err != nil {
		return nil, nil, err
	}
	digests := make(map[int64]seriesDigests, len(obs))
	for id, d := range obs {
		digests[id] = seriesDigests{v3: d}
	}
	state, pilots = n.withSeries(digests)
	return state, pilots, nil
}

// loadState reads the state of everything but the observations; each, if
// set, is called with every pilot as loaded.
func (s *Store) loadState(ctx context.Context, q querier, each func(model.Pilot)) (*stateNow, error) {
	n := &stateNow{state: map[string]string{}, pilots: map[string]string{}, ids: map[string]int64{}, named: map[int64]bool{}}
	// Every pilot in one set-based load (a fixed number of queries).
	err := eachPilot(ctx, q, nil, func(p model.Pilot) error {
		j := pilotJSON(p)
		n.state[keyPilot+p.Slug], n.pilots[p.Slug] = sha(j), j
		if each != nil {
			each(p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c, err := loadCalendar(ctx, q, nil); err != nil {
		return nil, err
	} else if c != nil {
		n.state[keyCalendar] = sha(calendarJSON(c))
	}
	if srcs, err := loadSources(ctx, q); err != nil {
		return nil, err
	} else if len(srcs) > 0 {
		n.state[keySources] = sha(sourcesJSON(srcs))
	}
	rows, err := q.QueryContext(ctx, importRowsQuery)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		id, _, d, err := scanImportRow(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		n.state[keyImport+strconv.FormatInt(id, 10)] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT s.id, coalesce(p.slug, '#' || s.pilot_id) || '/' || s.ring || '/' || s.metric
		FROM series s LEFT JOIN pilots p ON p.id = s.pilot_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k stateSeries
		if err := rows.Scan(&k.id, &k.key); err != nil {
			rows.Close()
			return nil, err
		}
		k.key = keySeries + k.key
		n.series = append(n.series, k)
		n.ids[k.key], n.named[k.id] = k.id, true
	}
	rows.Close()
	return n, rows.Err()
}

// withSeries is the whole state: n's, and the version-3 digest of each
// series' observations in obs, under its key ("#<id>" for observations of
// no series row).
func (n *stateNow) withSeries(obs map[int64]seriesDigests) (state map[string]string, pilots map[string]string) {
	state = make(map[string]string, len(n.state)+len(n.series))
	for k, d := range n.state {
		state[k] = d
	}
	for _, k := range n.series {
		if d, ok := obs[k.id]; ok {
			state[k.key] = d.v3.V3()
		}
	}
	for id, d := range obs {
		if !n.named[id] {
			state[keySeries+"#"+strconv.FormatInt(id, 10)] = d.v3.V3()
		}
	}
	return state, n.pilots
}

// seriesSummary is a series row's summary, which verifySeriesSummaries
// compares with its observations.
type seriesSummary struct {
	id, n       int64
	key, kept   string
	first, last sql.NullInt64
}

// loadSeriesRows reads every series row's summary, in id order.
func (s *Store) loadSeriesRows(ctx context.Context) ([]seriesSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, coalesce(p.slug, '#' || s.pilot_id) || '/' || s.ring || '/' || s.metric,
			s.n, s.first_day, s.last_day, s.digest
		FROM series s LEFT JOIN pilots p ON p.id = s.pilot_id ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seriesSummary
	for rows.Next() {
		var x seriesSummary
		if err := rows.Scan(&x.id, &x.key, &x.n, &x.first, &x.last, &x.kept); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"ringside/model"
)

// Health's series list, for the whole run at once. The read ahead
// (app/health_series.go) lists the series of the pilots with any, a
// group of pilots at a time, under the page lock it holds: before, a
// query found the pilots with series, on a connection of its own (a
// parse of the schema), then each group read the whole series table's
// pages again and asked for its pilots' slugs and aggregations (the
// bench's 76 metric pilots, in 3 groups: 63 pages and a query each).
// Now the table's pages are read once, for every pilot, and one query on
// the lock's connection names the pilots found; each group's series
// come from memory. A table too big for the page read (series_pages.go),
// or no lock to be had, lists through SQL as before, a group at a time.

// SeriesGroups lists the series of the pilots with any, a group at a
// time (List), beside the portfolio's definitions.
type SeriesGroups struct {
	s    *Store
	asOf model.Date
	days int
	// Slugs are the pilots with a series, in slug order.
	Slugs []string
	// From the one read of the series table: each pilot's series by
	// slug, and the pilots' names; nil: each group is listed through SQL.
	bySlug map[string][]seriesListing
	names  seriesPilots
	ids    string                      // the pilots with series, a JSON array
	aggs   map[kpiOf]model.Aggregation // their KPIs' aggregations, once asked for
	spare  seriesSpare                 // what a group's list hands on to the next
	left   int                         // the series in bySlug
}

// spareMost bounds the series a group's memory is made for ahead of the
// groups to come (seriesSpare): 8,192 series are 2 MB of it, most never
// written (a page not written is never touched), all counted by the
// collector's soft limit.
const spareMost = 8192

// ListSeriesGroups finds the pilots with series, and lists all of their
// series when the series table's pages can be read (for List), under the
// page lock the caller holds (HoldPages), and on its connection.
func (s *Store) ListSeriesGroups(ctx context.Context, asOf model.Date, days int) (*SeriesGroups, error) {
	g := &SeriesGroups{s: s, asOf: asOf, days: days}
	var q querier = s.read()
	if ps, release := s.sharePagesHeld(); ps != nil {
		defer release()
		q = ps.conn
		list, err := s.seriesFromPages(ctx, nil)
		if err == nil {
			err = g.name(ctx, q, list)
			return g, err
		}
	}
	slugs, err := pilotsWithSeries(ctx, q)
	g.Slugs = slugs
	return g, err
}

// name reads the slugs and aggregations of the pilots of list (every
// series of the database), and keeps the series by slug: each pilot's a
// part of list, sorted by pilot (one allocation, not one a pilot).
func (g *SeriesGroups) name(ctx context.Context, q querier, list []seriesListing) error {
	slices.SortStableFunc(list, func(a, b seriesListing) int { return cmp.Compare(a.pilot, b.pilot) })
	ids := []byte{'['}
	for i, l := range list {
		if i == 0 || l.pilot != list[i-1].pilot {
			if i > 0 {
				ids = append(ids, ',')
			}
			ids = strconv.AppendInt(ids, l.pilot, 10)
		}
	}
	ids = append(ids, ']')
	var err error
	g.ids = string(ids)
	if g.names, err = namePilots(ctx, q, g.ids); err != nil {
		return err
	}
	g.names.aggsOf = g.aggregations
	g.bySlug = make(map[string][]seriesListing, len(g.names.slugs))
	for i := 0; i < len(list); {
		j := i + 1
		for j < len(list) && list[j].pilot == list[i].pilot {
			j++
		}
		if slug, ok := g.names.slugs[list[i].pilot]; ok { // else a series of no pilot: as the join left it out
			g.bySlug[slug] = list[i:j:j]
			g.left += j - i
			g.Slugs = append(g.Slugs, slug)
		}
		i = j
	}
	slices.Sort(g.Slugs)
	return nil
}

// namePilots is listPilots for the pilots of ids (a JSON array) but for
// their KPIs' aggregations, asked for apart (aggregations) and only when
// a day of several readings is met: the only day an aggregation changes
// (dayValue). Joined with the KPIs, the query cost SQLite 740 µs on the
// bench's 76 pilots; the slugs alone 94, the aggregations 334.
func namePilots(ctx context.Context, q querier, ids string) (seriesPilots, error) {
	names := seriesPilots{slugs: map[int64]string{}}
	rows, err := q.QueryContext(ctx, `SELECT id, slug FROM pilots WHERE id IN (SELECT value FROM json_each(?))`, ids)
	if err != nil {
		return names, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return names, err
		}
		names.slugs[id] = slug
	}
	return names, rows.Err()
}

// aggregations are the aggregations of the KPIs of the pilots with
// series that have one, asked for once, on the connection of the page
// lock held if any.
func (g *SeriesGroups) aggregations(ctx context.Context) (map[kpiOf]model.Aggregation, error) {
	if g.aggs != nil {
		return g.aggs, nil
	}
	var q querier = g.s.read()
	if ps, release := g.s.sharePagesHeld(); ps != nil {
		defer release()
		q = ps.conn
	}
	rows, err := q.QueryContext(ctx, `SELECT pilot_id, kpi_key, aggregation FROM kpis WHERE pilot_id IN (SELECT value FROM json_each(?)) AND aggregation != ''`, g.ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	aggs := map[kpiOf]model.Aggregation{}
	for rows.Next() {
		var id int64
		var key string
		var agg model.Aggregation
		if err := rows.Scan(&id, &key, &agg); err != nil {
			return nil, err
		}
		aggs[kpiOf{id, key}] = agg
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	g.aggs = aggs
	return aggs, nil
}

// List lists the series of the pilots of slugs (some of Slugs) as
// ListSeriesOfPilots does, on the connection of the page lock held, if
// any; each pilot's series are listed once.
func (g *SeriesGroups) List(ctx context.Context, slugs []string) (*SeriesListed, error) {
	s := g.s
	var q querier = s.read()
	if ps, release := s.sharePagesHeld(); ps != nil {
		defer release()
		q = ps.conn
	}
	set := pilotSet(slugs)
	if g.bySlug == nil {
		l, err := listSeriesOf(ctx, q, set, g.asOf, g.days, s)
		if l != nil {
			l.q = s.read() // the lock's connection may be gone by Windows
		}
		return l, err
	}
	n := 0
	for _, slug := range slugs {
		n += len(g.bySlug[slug])
	}
	// The memory of the group before, made at the first group for the
	// groups to come (up to spareMost series), so that it is written
	// over, not new to the run, for each.
	room := max(n, min(g.left, spareMost))
	g.left -= n
	if cap(g.spare.named) < n {
		g.spare.named = make([]seriesNamed, 0, room)
	}
	list := g.spare.list[:0]
	if cap(list) < n {
		list = make([]seriesListing, 0, room)
	}
	for _, slug := range slugs {
		list = append(list, g.bySlug[slug]...)
		delete(g.bySlug, slug)
	}
	filter, args := seriesFilter(set)
	names := g.names
	if g.aggs != nil { // asked for by a group before
		names.aggs, names.aggsOf = g.aggs, nil
	}
	names.spare = &g.spare
	l, err := namedSeries(ctx, q, set, filter, args, list, names, g.asOf, g.days, s)
	g.spare.list = list[:0] // named holds what it needs of it
	if l != nil {
		l.q = s.read()
	}
	return l, err
}

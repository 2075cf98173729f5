package store

// Reading observations back for the health engine: series summaries and
// the recent days of each series, set-based (a fixed number of queries for
// one pilot or the whole portfolio).

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"sync/atomic"

	"ringside/model"
	"ringside/model/health"
)

// PilotSeries is one pilot's observations as the health engine wants them.
type PilotSeries struct {
	Obs           map[string]map[string]health.Series // ring → metric → recent days
	BaselineMeans map[string]float64                  // metric → mean of ring "baseline" observations on or before the as-of day
	Baselines     map[string]health.Series            // metric → ring "baseline" observations on or before asOf (baseline_samples.go)
}

// SeriesFor returns a pilot's observations per ring and metric as the
// health engine wants them: for each series, its latest day on or before
// asOf and the days up to `days` before it (pass the longest KPI window, or
// more for sparklines); plus, per metric, the mean of all observations of
// ring "baseline", from the series summaries. A series costs one or two
// primary-key seeks, whatever the size of the table.
func (s *Store) SeriesFor(ctx context.Context, slug string, asOf model.Date, days int) (map[string]map[string]health.Series, map[string]float64, error) {
	return s.Reader().SeriesFor(ctx, slug, asOf, days)
}

// AllSeries is SeriesFor for every pilot at once, by slug: two queries in
// all, which is what makes health over a whole portfolio fast.
func (s *Store) AllSeries(ctx context.Context, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	return loadSeries(ctx, s.read(), "", asOf, days)
}

// SeriesOfPilots is AllSeries for the pilots named (at least one): a
// portfolio read a group of pilots at a time holds their series only, not
// every series of the database.
func (s *Store) SeriesOfPilots(ctx context.Context, slugs []string, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	return loadSeriesOf(ctx, s.db, pilotSet(slugs), asOf, days, s)
}

// loadSeries reads the series of one pilot (slug) or of all (slug "").
// A day's value is what its KPI's aggregation makes of its readings (the
// mean unless the KPI says sum, min, max or last); for a mean, a series
// with any day of several readings also carries Counts, Sums and SumSqs,
// so the window's current value is the mean of its observations.
func loadSeries(ctx context.Context, q querier, slug string, asOf model.Date, days int) (map[string]*PilotSeries, error) {
	var set pilotSet
	if slug != "" {
		set = pilotSet{slug}
	}
	return loadSeriesOf(ctx, q, set, asOf, days, nil)
}

// loadSeriesOf is loadSeries for the pilots of set (nil: all of them).
// With a store to read pages from, the windows come from the
// observations' pages when they can (window_pages.go), else through SQL.
func loadSeriesOf(ctx context.Context, q querier, set pilotSet, asOf model.Date, days int, pages *Store) (map[string]*PilotSeries, error) {
	l, err := listSeriesOf(ctx, q, set, asOf, days, pages)
	if err != nil {
		return nil, err
	}
	return l.windows(ctx)
}

// SeriesListed is a read of some pilots' series up to their windows: the
// series, their KPIs' aggregations, the baseline means and samples.
// Windows reads the rest. Health lists the next groups' series while it
// reads a group's windows, both beside the portfolio's definitions
// (health_series.go in app).
type SeriesListed struct {
	q      querier
	filter string
	args   []any
	asOf   model.Date
	days   int
	pages  *Store
	named  []seriesNamed // by id
	out    map[string]*PilotSeries
	// aggsOf gives the KPIs' aggregations when they are not known yet
	// (each series' agg "" until then), or is nil (seriesPilots).
	aggsOf func(context.Context) (map[kpiOf]model.Aggregation, error)
	// spare takes named back once the windows are read, for the next
	// group's list (SeriesGroups), or is nil; done once it has.
	spare *seriesSpare
	done  bool
}

// seriesSpare is the memory a group's list hands on to the next group's
// once its windows are read: its series (named) and its listings. The
// bench's groups of 4, 12, 24 and 36 pilots took 656 kB of series, all
// of it memory new to the run; reused, the largest group's 311 kB.
type seriesSpare struct {
	named []seriesNamed
	list  []seriesListing
}

// seriesNamed is one series being read: its names, its KPI's
// aggregation, its window and its baseline's sums.
type seriesNamed struct {
	id, pilotID         int64
	pilot, ring, metric string
	agg                 model.Aggregation
	s                   health.Series
	last                sql.NullInt64 // the series' last day
	n                   int           // baseline: readings (or days, for a daily aggregate) on or before asOf
	sum                 float64       // baseline: their sum
}

// ListSeriesOfPilots is the first half of SeriesOfPilots: everything but
// the windows, which Windows reads.
func (s *Store) ListSeriesOfPilots(ctx context.Context, slugs []string, asOf model.Date, days int) (*SeriesListed, error) {
	return listSeriesOf(ctx, s.db, pilotSet(slugs), asOf, days, s)
}

// PilotsWithSeries lists the slugs of the pilots that have a series, in
// slug order: the pilots whose windows health reads.
func (s *Store) PilotsWithSeries(ctx context.Context) ([]string, error) {
	return pilotsWithSeries(ctx, s.read())
}

func pilotsWithSeries(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.slug FROM pilots p WHERE EXISTS (SELECT 1 FROM series s WHERE s.pilot_id = p.id) ORDER BY p.slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var slugs []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		slugs = append(slugs, slug)
	}
	return slugs, rows.Err()
}

// listSeriesOf is the first half of loadSeriesOf.
func listSeriesOf(ctx context.Context, q querier, set pilotSet, asOf model.Date, days int, pages *Store) (*SeriesListed, error) {
	filter, args := seriesFilter(set)
	// The series alone, then their pilots' slugs and the KPIs that say
	// how a day aggregates: joined here, not by SQLite (the joins, a seek
	// into pilots and one into kpis a series, were most of the query).
	// With pages to read, the pilots first and their series from the
	// series table's pages (series_pages.go), else through SQL.
	listSQL := func() ([]seriesListing, error) {
		var list []seriesListing
		rows, err := q.QueryContext(ctx, `SELECT s.id, s.pilot_id, s.ring, s.metric, s.last_day FROM series s`+filter, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var l seriesListing
			if err := rows.Scan(&l.id, &l.pilot, &l.ring, &l.metric, &l.last); err != nil {
				return nil, err
			}
			list = append(list, l)
		}
		return list, rows.Err()
	}
	where, more := set.where() // " WHERE p.slug …"
	pilotsOf := func() (seriesPilots, error) { return listPilots(ctx, q, where, more) }
	var list []seriesListing
	var names seriesPilots
	var err error
	if pages != nil && set != nil {
		if names, err = pilotsOf(); err != nil {
			return nil, err
		}
		ids := make(map[int64]bool, len(names.slugs))
		for id := range names.slugs {
			ids[id] = true
		}
		if list, err = pages.seriesFromPages(ctx, ids); err != nil {
			list, err = listSQL()
		}
		if err != nil {
			return nil, err
		}
	} else {
		if list, err = listSQL(); err != nil {
			return nil, err
		}
		if len(list) > 0 {
			if names, err = pilotsOf(); err != nil {
				return nil, err
			}
		}
	}
	return namedSeries(ctx, q, set, filter, args, list, names, asOf, days, pages)
}

// seriesFilter is the condition on s (the series table) for the pilots
// of set, and its argument.
func seriesFilter(set pilotSet) (filter string, args []any) {
	switch {
	case len(set) == 1:
		filter = " WHERE s.pilot_id = (SELECT id FROM pilots WHERE slug = ?)"
		args = append(args, set[0])
	case set != nil:
		b, _ := json.Marshal([]string(set))
		filter = " WHERE s.pilot_id IN (SELECT id FROM pilots WHERE slug IN (SELECT value FROM json_each(?)))"
		args = append(args, string(b))
	}
	return filter, args
}

// seriesPilots are the pilots of a series list: their slugs by id, and
// the aggregations of their KPIs that have one.
type seriesPilots struct {
	slugs map[int64]string
	aggs  map[kpiOf]model.Aggregation
	spare *seriesSpare // memory of the group before, or nil
	// aggsOf, when not nil, gives aggs, not read yet: asked for only
	// where a day of several readings needs them (SeriesListed.aggsOf).
	aggsOf func(context.Context) (map[kpiOf]model.Aggregation, error)
}

// kpiOf names a pilot's KPI.
type kpiOf struct {
	pilot int64
	key   string
}

// listPilots reads the pilots where says (a condition on p, the pilots
// table, with its arguments) for a series list.
func listPilots(ctx context.Context, q querier, where string, args []any) (seriesPilots, error) {
	names := seriesPilots{slugs: map[int64]string{}, aggs: map[kpiOf]model.Aggregation{}}
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.slug, coalesce(k.kpi_key, ''), coalesce(k.aggregation, '') FROM pilots p
		LEFT JOIN kpis k ON k.pilot_id = p.id AND k.aggregation != ''`+where, args...)
	if err != nil {
		return names, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug, key string
		var agg model.Aggregation
		if err := rows.Scan(&id, &slug, &key, &agg); err != nil {
			return names, err
		}
		names.slugs[id] = slug
		if agg != "" {
			names.aggs[kpiOf{id, key}] = agg
		}
	}
	return names, rows.Err()
}

// namedSeries is the rest of listSeriesOf, once the series of set are
// listed and their pilots known: each series named, the baseline means
// and samples read (through q; filter and args are seriesFilter's).
func namedSeries(ctx context.Context, q querier, set pilotSet, filter string, args []any, list []seriesListing, names seriesPilots, asOf model.Date, days int, pages *Store) (*SeriesListed, error) {
	days = max(days, 1)
	// The series in one slice, by id (found by binary search), not one
	// allocation each in a map: the bench's 2,736 series were a tenth of
	// reading their windows.
	var named []seriesNamed
	if sp := names.spare; sp != nil && cap(sp.named) >= len(list) {
		named, sp.named = sp.named[:0], nil
	} else {
		named = make([]seriesNamed, 0, len(list))
	}
	out := map[string]*PilotSeries{}
	for _, l := range list {
		slug, ok := names.slugs[l.pilot]
		if !ok {
			continue // a series of no pilot (the foreign key forbids it): as the join left it out
		}
		named = append(named, seriesNamed{id: l.id, pilotID: l.pilot, pilot: slug, ring: l.ring, metric: l.metric, agg: names.aggs[kpiOf{l.pilot, l.metric}], last: l.last})
		if out[slug] == nil {
			out[slug] = &PilotSeries{Obs: map[string]map[string]health.Series{}, BaselineMeans: map[string]float64{}}
		}
	}
	slices.SortFunc(named, func(a, b seriesNamed) int { return cmp.Compare(a.id, b.id) })
	l := &SeriesListed{q: q, filter: filter, args: args, asOf: asOf, days: days, pages: pages, named: named, out: out, aggsOf: names.aggsOf, spare: names.spare}
	if len(named) == 0 {
		// Pilots without a series have no observations to read: the
		// three queries below would each be prepared to find nothing (a
		// portfolio without data spent a fifth of a 10-pilot run on them).
		return l, nil
	}
	baseline := false
	for i := range named {
		baseline = baseline || named[i].ring == model.BaselineRing
	}
	if !baseline {
		// No series of the baseline ring: the two queries below would
		// each scan the group's series to find nothing (the bench's
		// pilots have none; a fifth of the listing).
		return l, nil
	}
	if err := l.knowAggregations(ctx); err != nil {
		return nil, err
	}
	type stored = windowDay
	// The baseline ring's mean over its readings on or before asOf: a
	// view as of a day knows nothing recorded after it.
	rows, err := q.QueryContext(ctx, `SELECT o.series_id, o.value, o.n, o.sum, o.sumsq, o.min, o.max, o.last FROM series s CROSS JOIN observations o
		ON o.series_id = s.id AND o.day <= ?1 WHERE s.ring = '`+model.BaselineRing+`'`+strings.Replace(strings.Replace(filter, "WHERE", "AND", 1), "?", "?2", 1),
		append([]any{int64(asOf)}, args...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var o stored
		if err := rows.Scan(&id, &o.value, &o.n, &o.sum, &o.sumsq, &o.lo, &o.hi, &o.latest); err != nil {
			rows.Close()
			return nil, err
		}
		nm := l.find(id)
		if nm == nil {
			continue
		}
		if o.n.Valid && (nm.agg == "" || nm.agg == model.AggMean) {
			nm.n += int(o.n.Int64)
			nm.sum += o.sum.Float64
		} else {
			nm.n++
			nm.sum += dayValue(nm.agg, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range named {
		if nm := &named[i]; nm.n > 0 {
			out[nm.pilot].BaselineMeans[nm.metric] = nm.sum / float64(nm.n)
		}
	}
	samples, err := baselineSamples(ctx, q, set, asOf)
	if err != nil {
		return nil, err
	}
	for pilot, byMetric := range samples {
		if ps := out[pilot]; ps != nil {
			ps.Baselines = byMetric
		}
	}
	return l, nil
}

// dayValue applies the KPI's aggregation to one stored day.
func dayValue(agg model.Aggregation, o windowDay) float64 {
	if !o.n.Valid {
		return o.value
	}
	switch agg {
	case model.AggSum:
		return o.sum.Float64
	case model.AggMin:
		return o.lo.Float64
	case model.AggMax:
		return o.hi.Float64
	case model.AggLast:
		return o.latest.Float64
	}
	return o.value
}

// Len is how many series are listed.
func (l *SeriesListed) Len() int { return len(l.named) }

// knowAggregations gives each series its KPI's aggregation, if not known
// yet.
func (l *SeriesListed) knowAggregations(ctx context.Context) error {
	if l.aggsOf == nil {
		return nil
	}
	aggs, err := l.aggsOf(ctx)
	if err != nil {
		return err
	}
	for i := range l.named {
		nm := &l.named[i]
		nm.agg = aggs[kpiOf{nm.pilotID, nm.metric}]
	}
	l.aggsOf = nil
	return nil
}

// find is the series id, or nil.
func (l *SeriesListed) find(id int64) *seriesNamed {
	i, ok := slices.BinarySearchFunc(l.named, id, func(nm seriesNamed, id int64) int { return cmp.Compare(nm.id, id) })
	if !ok {
		return nil
	}
	return &l.named[i]
}

// Windows reads the windows of the series listed, from the pages when it
// can, and gives each pilot's series by slug (a pilot without a series
// is not in it). It is called once.
func (l *SeriesListed) Windows(ctx context.Context) (map[string]*PilotSeries, error) {
	return l.windows(ctx)
}

func (l *SeriesListed) windows(ctx context.Context) (map[string]*PilotSeries, error) {
	named, out, pages, q, asOf, days := l.named, l.out, l.pages, l.q, l.asOf, l.days
	if len(named) == 0 || l.done {
		return out, nil
	}
	if pages != nil {
		// SQL, when the pages cannot give the windows, on the connection
		// of the page lock held (health's, app/health_series.go): a
		// connection of its own would cost a parse of the schema.
		if ps, release := pages.sharePagesHeld(); ps != nil {
			defer release()
			q = ps.conn
		}
	}
	var several atomic.Bool // a day of several readings met (the windows are read on every core)
	add := func(nm *seriesNamed, day int64, o *windowDay) {
		if o.n.Valid {
			several.Store(true)
		}
		ser := &nm.s
		ser.Days = append(ser.Days, model.Date(day))
		ser.Values = append(ser.Values, dayValue(nm.agg, *o))
		if nm.agg != "" && nm.agg != model.AggMean {
			return // one observation a day: the day's aggregate
		}
		if o.n.Valid && ser.Counts == nil {
			// The first day of several readings: the days before had one.
			ser.Counts, ser.Sums, ser.SumSqs = make([]int, 0, len(ser.Values)), make([]float64, 0, len(ser.Values)), make([]float64, 0, len(ser.Values))
			for _, v := range ser.Values[:len(ser.Values)-1] {
				ser.Counts = append(ser.Counts, 1)
				ser.Sums = append(ser.Sums, v)
				ser.SumSqs = append(ser.SumSqs, v*v)
			}
		}
		if ser.Counts != nil {
			if o.n.Valid {
				ser.Counts = append(ser.Counts, int(o.n.Int64))
				ser.Sums = append(ser.Sums, o.sum.Float64)
				ser.SumSqs = append(ser.SumSqs, o.sumsq.Float64)
			} else {
				ser.Counts = append(ser.Counts, 1)
				ser.Sums = append(ser.Sums, o.value)
				ser.SumSqs = append(ser.SumSqs, o.value*o.value)
			}
		}
	}
	// A window holds at most a day a day: the days and values of all the
	// group's series in one allocation each, not four or five as each
	// series' slices grow; for health's windows (a week), not for long
	// ones, whose days a series may mostly lack.
	arena := func() {
		if days > 2*model.DefaultWindow {
			return
		}
		dayArena, valueArena := make([]model.Date, len(named)*days), make([]float64, len(named)*days)
		for i := range named {
			ser := &named[i].s
			ser.Days, ser.Values = dayArena[i*days:i*days:(i+1)*days], valueArena[i*days:i*days:(i+1)*days]
		}
	}
	read := func() error {
		arena()
		if pages != nil {
			wins, ok := seriesWindows(len(named), func(i int) (int64, int64, bool) { nm := &named[i]; return nm.id, nm.last.Int64, nm.last.Valid }, int64(asOf), days)
			if ok {
				emit := func(r *windowRange, day int64, o *windowDay) { add(&named[r.at], day, o) }
				if err := pages.windowRows(ctx, wins, emit); err == nil {
					return nil
				}
				for i := range named {
					named[i].s = health.Series{} // what the pages gave: read again below
				}
				arena()
			}
		}
		return windowsSQL(ctx, q, l.filter, l.args, asOf, days, func(id, day int64, o windowDay) {
			if nm := l.find(id); nm != nil {
				add(nm, day, &o)
			}
		})
	}
	if err := read(); err != nil {
		return nil, err
	}
	if several.Load() && l.aggsOf != nil {
		// A day of several readings, read as a mean: right unless its
		// KPI says otherwise. The aggregations known, the windows are
		// read again if any series has one.
		if err := l.knowAggregations(ctx); err != nil {
			return nil, err
		}
		for i := range named {
			if agg := named[i].agg; agg != "" && agg != model.AggMean {
				for i := range named {
					named[i].s = health.Series{}
				}
				if err := read(); err != nil {
					return nil, err
				}
				break
			}
		}
	}
	for i := range named {
		nm := &named[i]
		if len(nm.s.Days) == 0 {
			nm.s.Days, nm.s.Values = nil, nil // no day in the window: as without the arena
		}
		obs := out[nm.pilot].Obs
		m := obs[nm.ring]
		if m == nil {
			// Sized for the ring's series that follow in a row (nearly
			// always all of them: a ring's series are made together), not
			// grown from 8 to 16 entries of 144 bytes: 900 kB of fresh
			// memory for the bench's 228 rings of 12 series, now 560.
			n := 1
			for j := i + 1; j < len(named) && named[j].pilot == nm.pilot && named[j].ring == nm.ring; j++ {
				n++
			}
			m = make(map[string]health.Series, n)
			obs[nm.ring] = m
		}
		m[nm.metric] = nm.s
	}
	if l.spare != nil {
		// Nothing read from named is kept (the series are copied into
		// out): the next group's list may write over it.
		clear(named)
		l.spare.named, l.done = named[:0], true
	}
	return out, nil
}

// HasSeries reports whether any series is stored: without one there are
// no observations for health to read.
func (s *Store) HasSeries(ctx context.Context) (bool, error) {
	var found bool
	err := s.read().QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM series)").Scan(&found)
	return found, err
}

// ObservationCount returns how many observations are stored (for verify and tests).
func (s *Store) ObservationCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.read().QueryRowContext(ctx, "SELECT count(*) FROM observations").Scan(&n)
	return n, err
}

// windowsSQL reads the windows through SQL, each row to add. Series first,
// then each one's range by primary key (CROSS JOIN fixes that order); the
// latest day comes from the summary unless it lies after asOf, and only
// then from a seek.
func windowsSQL(ctx context.Context, q querier, filter string, args []any, asOf model.Date, days int, add func(id, day int64, o windowDay)) error {
	rows, err := q.QueryContext(ctx, `SELECT o.series_id, o.day, o.value, o.n, o.sum, o.sumsq, o.min, o.max, o.last FROM series s CROSS JOIN observations o
		ON o.series_id = s.id AND o.day <= min(s.last_day, ?1)
		AND o.day > (CASE WHEN s.last_day <= ?1 THEN s.last_day
			ELSE (SELECT max(day) FROM observations WHERE series_id = s.id AND day <= ?1) END) - ?2`+strings.Replace(filter, "?", "?3", 1),
		append([]any{int64(asOf), days}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, day int64
		var o windowDay
		if err := rows.Scan(&id, &day, &o.value, &o.n, &o.sum, &o.sumsq, &o.lo, &o.hi, &o.latest); err != nil {
			return err
		}
		add(id, day, o)
	}
	return rows.Err()
}

package store

// The import's read stage: what the database holds before the rows come
// (pilots, their KPI keys and rings, the series already stored).

import (
	"database/sql"

	"ringside/model"
)

// load reads the pilots, their KPI keys and rings, and the series already stored.
func (imp *importer) load() error {
	if err := imp.loadPilots(); err != nil {
		return err
	}
	imp.stored = map[seriesKey]storedSeries{}
	return imp.query("SELECT id, pilot_id, ring, metric, n, coalesce(first_day, 0), coalesce(last_day, 0) FROM series", func(r *sql.Rows) error {
		var k seriesKey
		var ss storedSeries
		var lo, hi int64
		if err := r.Scan(&ss.id, &k.pilotID, &k.ring, &k.metric, &ss.n, &lo, &hi); err != nil {
			return err
		}
		ss.lo, ss.hi = model.Date(lo), model.Date(hi)
		imp.stored[k] = ss
		return nil
	})
}

// query runs a query on the import's transaction (or, before one, on q)
// and scans each row.
func (imp *importer) query(query string, scan func(*sql.Rows) error) error {
	q := imp.q
	if imp.tx != nil {
		q = imp.tx
	}
	rows, err := q.QueryContext(imp.ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// loadPilots reads the pilots with their KPI keys (SLO counts included)
// and rings.
func (imp *importer) loadPilots() error {
	imp.pilots, imp.byID = map[string]*pilotInfo{}, map[int64]*pilotInfo{}
	q := imp.query
	err := q("SELECT id, slug FROM pilots", func(r *sql.Rows) error {
		p := &pilotInfo{}
		if err := r.Scan(&p.id, &p.slug); err != nil {
			return err
		}
		imp.pilots[p.slug], imp.byID[p.id] = p, p
		return nil
	})
	if err != nil {
		return err
	}
	err = q("SELECT pilot_id, kpi_key FROM kpis ORDER BY pilot_id, ord", func(r *sql.Rows) error {
		var id int64
		var key string
		if err := r.Scan(&id, &key); err != nil {
			return err
		}
		if p := imp.byID[id]; p != nil {
			p.kpis = append(p.kpis, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = q("SELECT pilot_id, name FROM rings ORDER BY pilot_id, ord", func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		if p := imp.byID[id]; p != nil {
			p.rings = append(p.rings, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return imp.loadSLOs()
}

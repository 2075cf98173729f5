package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
)

// The observations' digests verify compares with the log: per series, both
// digest versions and its first and last day, read through SQL (the page
// scan in pagescan.go reads the same from the file).

// seriesDigests are both versions of a series' digest: v1 over day and
// value, which entries from before schema v14 recorded, and v2, which
// covers the per-day columns too. They differ only when a day holds those
// columns.
//
// first and last are the series' first and last day among the rows added
// (meaningful when v2.n > 0), which verify compares with the series row's
// summary without a lookup of its own.
type seriesDigests struct {
	v1, v2      obsDigest
	first, last int64
}

// addRow adds a row to both versions.
func (d *seriesDigests) addRow(h *rowHasher, day int64, v float64, c *obsCols) {
	if d.v2.n == 0 || day < d.first {
		d.first = day
	}
	if d.v2.n == 0 || day > d.last {
		d.last = day
	}
	hi, lo := h.v1(day, v)
	d.v1.addHash(hi, lo)
	if !c.none() {
		hi, lo = rowHashV2(day, v, c)
	}
	d.v2.addHash(hi, lo)
}

func (d seriesDigests) plus(e seriesDigests) seriesDigests {
	switch {
	case e.v2.n == 0:
		return d
	case d.v2.n == 0:
		return e
	}
	return seriesDigests{d.v1.plus(e.v1), d.v2.plus(e.v2), min(d.first, e.first), max(d.last, e.last)}
}

// observationDigests digests every series' observations in one scan. The
// scan reads a million rows: it reads them from the driver itself, one
// reused row of values, past database/sql's per-row locking and copying.
func (s *Store) observationDigests(ctx context.Context) (map[int64]seriesDigests, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	out := map[int64]seriesDigests{}
	err = conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("the SQLite driver cannot run queries directly")
		}
		rows, err := q.QueryContext(ctx, "SELECT series_id, day, value, n, sum, sumsq, min, max, last FROM observations", nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur int64 = -1
		var d seriesDigests
		dest := make([]driver.Value, 9)
		var cols obsCols
		var h rowHasher
		for {
			if err := rows.Next(dest); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
			id, okID := dest[0].(int64)
			day, okDay := dest[1].(int64)
			v, okV := dest[2].(float64)
			if i, isInt := dest[2].(int64); isInt {
				v, okV = float64(i), true
			}
			if !okID || !okDay || !okV {
				return fmt.Errorf("observations: a row holds %v, %v, %v where numbers belong: edited beside ringside", dest[0], dest[1], dest[2])
			}
			if id != cur {
				if cur >= 0 {
					out[cur] = d
				}
				cur, d = id, out[id]
			}
			for i := range cols {
				cols[i] = dest[3+i]
			}
			d.addRow(&h, day, v, &cols)
		}
		if cur >= 0 {
			out[cur] = d
		}
		return nil
	})
	return out, err
}

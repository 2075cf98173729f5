package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
)

// The observations' digests verify compares with the log: per series, every
// digest version and its first and last day, read through SQL (the page
// scan in pagescan.go reads the same from the file).

// seriesDigests are the three versions of a series' digest: v1 over day
// and value, which entries from before schema v14 recorded; v2, which
// covers the per-day columns too (v1 and v2 differ only when a day holds
// those columns); and v3, which also covers each day's import_id
// (digest_v3.go).
//
// first and last are the series' first and last day among the rows added
// (meaningful when v2.n > 0), which verify compares with the series row's
// summary without a lookup of its own.
//
// old says v1 and v2 were computed (rowHasher.old); without it they are
// zero, and inVersion reads the series again for them.
type seriesDigests struct {
	v1, v2, v3  obsDigest
	first, last int64
	old         bool
}

// addRow adds a row to every version.
func (d *seriesDigests) addRow(h *rowHasher, day int64, v float64, imp obsImport, c *obsCols) {
	if h.old {
		hi, lo := h.v1(day, v)
		d.v1.addHash(hi, lo)
		if !c.none() {
			hi, lo = rowHashV2(day, v, c)
		}
		d.v2.addHash(hi, lo)
		d.old = true
	}
	hi, lo := h.v3(day, v, imp, c)
	d.addV3(day, hi, lo)
}

// addV3 adds a row of the day given, whose version-3 hash is hi, lo, to
// version 3 and the first and last day (versions 1 and 2 are addRow's).
func (d *seriesDigests) addV3(day int64, hi, lo uint64) {
	if d.v3.n == 0 || day < d.first {
		d.first = day
	}
	if d.v3.n == 0 || day > d.last {
		d.last = day
	}
	d.v3.addHash(hi, lo)
}

// version is the digest in the version given (digestVersion) as its text.
func (d seriesDigests) version(v int) string {
	switch v {
	case 3:
		return d.v3.V3()
	case 2:
		return d.v2.V2()
	}
	return d.v1.String()
}

func (d seriesDigests) plus(e seriesDigests) seriesDigests {
	switch {
	case e.v3.n == 0:
		return d
	case d.v3.n == 0:
		return e
	}
	return seriesDigests{d.v1.plus(e.v1), d.v2.plus(e.v2), d.v3.plus(e.v3), min(d.first, e.first), max(d.last, e.last), d.old && e.old}
}

// observationDigests digests every series' observations in one scan. The
// scan reads a million rows: it reads them from the driver itself, one
// reused row of values, past database/sql's per-row locking and copying.
func (s *Store) observationDigests(ctx context.Context) (map[int64]seriesDigests, error) {
	return s.observationDigestsIn(ctx, true, "")
}

// observationDigestsIn is observationDigests with versions 1 and 2 only
// when old is set, of the rows that where (a condition on series_id, or
// "") selects.
func (s *Store) observationDigestsIn(ctx context.Context, old bool, where string) (map[int64]seriesDigests, error) {
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
		rows, err := q.QueryContext(ctx, "SELECT series_id, day, value, import_id, n, sum, sumsq, min, max, last FROM observations"+where, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur int64 = -1
		var d seriesDigests
		dest := make([]driver.Value, 10)
		var cols obsCols
		h := rowHasher{old: old}
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
				cols[i] = dest[4+i]
			}
			d.addRow(&h, day, v, importOf(dest[3]), &cols)
		}
		if cur >= 0 {
			out[cur] = d
		}
		return nil
	})
	return out, err
}

// versionsWanted says whether verify needs versions 1 and 2 of the
// digests: whether any series keeps a digest of another version than 3
// (or none). It only saves time: a series whose newest entry records an
// older version is read again for it (inVersion) when the scan left the
// older versions out, so a kept digest edited to look like version 3
// costs a read, never a finding.
func (s *Store) versionsWanted(ctx context.Context) (bool, error) {
	var old bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM series WHERE digest NOT LIKE 'v3:%')").Scan(&old)
	return old, err
}

// inVersion is series id's digest text in version v, read again through
// SQL, every version, when d lacks the older ones.
func (s *Store) inVersion(ctx context.Context, id int64, d seriesDigests, v int) (string, error) {
	if v == 3 || d.old || d.v3.n == 0 {
		return d.version(v), nil
	}
	m, err := s.observationDigestsIn(ctx, true, " WHERE series_id = "+strconv.FormatInt(id, 10))
	if err != nil {
		return "", err
	}
	return m[id].version(v), nil
}

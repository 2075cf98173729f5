package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"ringside/model"
)

// verifySeriesSummaries checks each series row's summary (its count, first
// and last day, and kept digest) against the observations verify read.
// Imports build on the summary: the kept digest is where the next import's
// digest starts from and the count decides whether a pilot holds readings,
// so a summary edited beside ringside would surface only later, blamed on
// that import's entry. The first and last day come from the same scan as
// the digests (no lookup per series). A series whose observations verify already named
// is not named twice.
func (s *Store) verifySeriesSummaries(ctx context.Context, r *VerifyReport, obs map[int64]seriesDigests, summaries []seriesSummary) error {
	named := map[string]bool{} // series whose observations already differ from the log: one finding each
	for _, f := range r.Findings {
		named[f.Entity] = true
	}
	for _, x := range summaries {
		id, key, n, first, last, kept := x.id, x.key, x.n, x.first, x.last, x.kept
		var lo, hi sql.NullInt64
		d := obs[id]
		if d.v3.n > 0 { // the first and last day the scan met
			lo, hi = sql.NullInt64{Int64: d.first, Valid: true}, sql.NullInt64{Int64: d.last, Valid: true}
		}
		var wrong []string
		if n != d.v3.n {
			wrong = append(wrong, fmt.Sprintf("counts %d observations, %d are stored", n, d.v3.n))
		}
		if first != lo || last != hi {
			wrong = append(wrong, fmt.Sprintf("gives days %s to %s, the observations run %s to %s", dayText(first), dayText(last), dayText(lo), dayText(hi)))
		}
		want, err := s.inVersion(ctx, id, d, digestVersion(kept))
		if err != nil {
			return err
		}
		if kept != "" && kept != want {
			wrong = append(wrong, fmt.Sprintf("keeps digest %s, the observations give %s", kept, want))
		}
		if len(wrong) > 0 && !named["observations "+key] {
			r.find(Finding{Entity: "observations " + key, Problem: "the series row " + strings.Join(wrong, "; ") + ": its summary was edited beside ringside"})
		}
	}
	r.Checked = append(r.Checked, "series: each series row's count, first and last day and kept digest compared with its observations")
	return nil
}

func dayText(d sql.NullInt64) string {
	if !d.Valid {
		return "none"
	}
	return model.Date(d.Int64).String()
}

// importsInTheirVersion puts, in now, the version-1 digest of each import
// whose newest entry recorded version 1 (a bare hex SHA-256, written before
// the digest covered how the file was read): such an entry vouches only
// for the row's file, checksum, time, actor and counts.
func (s *Store) importsInTheirVersion(ctx context.Context, now map[string]string, latest latestState) error {
	var stmt *sql.Stmt
	for k, l := range latest {
		if !strings.HasPrefix(k, keyImport) || l.digest == "" || strings.HasPrefix(l.digest, digestV2) {
			continue
		}
		if _, ok := now[k]; !ok {
			continue
		}
		if stmt == nil {
			var err error
			if stmt, err = s.db.PrepareContext(ctx, importRowsQuery+" WHERE id = ?"); err != nil {
				return err
			}
			defer stmt.Close()
		}
		_, v1, _, err := scanImportRow(stmt.QueryRowContext(ctx, strings.TrimPrefix(k, keyImport)))
		if err != nil {
			return err
		}
		now[k] = v1
	}
	return nil
}

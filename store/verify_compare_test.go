package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// verifyStateWhole is verifyState as it was before the comparison was
// made ready beside the scan: every step after it, on maps of the whole
// state. Kept as the oracle of TestStateComparedAsWhole.
func (s *Store) verifyStateWhole(ctx context.Context, r *VerifyReport, latest latestState, obs map[int64]seriesDigests, loaded *stateNow) error {
	now, pilots := loaded.withSeries(obs)
	var err error
	for k, id := range loaded.ids {
		if l, ok := latest[k]; ok {
			if v := digestVersion(l.digest); v != 3 {
				if d, ok := obs[id]; ok {
					if now[k], err = s.inVersion(ctx, id, d, v); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := s.importsInTheirVersion(ctx, now, latest); err != nil {
		return err
	}
	keys := map[string]bool{}
	for k := range now {
		keys[k] = true
	}
	for k, l := range latest {
		if l.digest != "" {
			keys[k] = true
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		cur, exists := now[k]
		l, logged := latest[k]
		r.Entities++
		switch {
		case !logged:
			r.find(Finding{Entity: entityName(k), Problem: "no audit entry records it: it was written beside ringside (or the entries that recorded it were removed)"})
		case !exists:
			r.find(Finding{Entity: entityName(k), Seq: l.seq, Problem: fmt.Sprintf("audit entry %d records it, but it is gone from the database: deleted beside ringside", l.seq)})
		case cur != l.digest:
			r.find(Finding{Entity: entityName(k), Seq: l.seq, Problem: s.whatDiffers(ctx, k, l.seq, l.digest, cur, pilots)})
		}
	}
	r.Checked = append(r.Checked, fmt.Sprintf("state: %d entities (pilots with everything in them, imports, observation series, calendar) recomputed and compared with the newest audit entry of each", r.Entities))
	return nil
}

// bothWays compares the state with the log the way verify does now and
// the way it did (verifyStateWhole), and says whether the reports differ.
func bothWays(t *testing.T, s *Store) VerifyReport {
	t.Helper()
	ctx := context.Background()
	now := VerifyReport{OK: true, Findings: []Finding{}}
	latest, err := s.verifyChain(ctx, &now)
	if err != nil {
		t.Fatal(err)
	}
	was := now
	was.Findings = slices.Clone(now.Findings)
	was.Checked = slices.Clone(now.Checked)
	n, err := s.loadState(ctx, s.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := s.observationDigests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.prepareState(ctx, latest, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.verifyState(ctx, &now, c, obs); err != nil {
		t.Fatal(err)
	}
	if err := s.verifyStateWhole(ctx, &was, latest, obs, n); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(now, was) {
		t.Fatalf("made ready beside the scan:\n%+v\nas a whole after it:\n%+v", now, was)
	}
	return now
}

// The comparison made ready beside the scan reports what the whole
// comparison after it reported, entity for entity and in the same order:
// on a sound database, on tampers of every kind of key (a value, a series
// row deleted so its observations belong to none, observations of a
// series id no row has, every observation of a series deleted, a pilot
// deleted, an import's row edited), and on databases written by older
// schemas whose entries hold older digest versions.
func TestStateComparedAsWhole(t *testing.T) {
	s := openObs(t, "ct", "dd")
	importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.5),
		row(4, "pilot", "misroute_pct", "2026-01-27", 1.5),
		row(5, "canary", "triage_min", "2026-01-27", 2.5),
	)...)
	if r := bothWays(t, s); !r.OK || r.Entities < 6 {
		t.Fatalf("sound: %+v", r)
	}
	for _, tamper := range []string{
		"UPDATE observations SET value = 7.4 WHERE value = 7.5;",
		"DELETE FROM series WHERE id = (SELECT min(series_id) FROM observations);",
		"INSERT INTO observations(series_id, day, value, import_id) VALUES (999, 20000, 1.5, 1);",
		"DELETE FROM observations WHERE series_id = (SELECT max(series_id) FROM observations);",
		"DELETE FROM pilots WHERE slug = 'dd';",
		"UPDATE imports SET rows = rows + 1;",
	} {
		sqlite3CLI(t, s.path, tamper)
		if r := bothWays(t, s); r.OK {
			t.Fatalf("after %s: no finding", tamper)
		}
	}
	for _, dump := range []string{"v10-full-entries.sql", "v13-multi-readings.sql", "v14-import-ids.sql"} {
		path := loadDump(t, dump)
		old, err := Open(path, testClock)
		if err != nil {
			t.Fatal(err)
		}
		if r := bothWays(t, old); !r.OK {
			t.Errorf("%s: %+v", dump, r.Findings)
		}
		sqlite3CLI(t, path, "UPDATE observations SET value = value + 1 WHERE (series_id, day) = (SELECT series_id, day FROM observations LIMIT 1);")
		if r := bothWays(t, old); r.OK {
			t.Errorf("%s with a value changed: no finding", dump)
		}
		old.Close()
	}
}

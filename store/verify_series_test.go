package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A series row's summary (count, first and last day, kept digest) edited
// with the sqlite3 shell is named by verify, though the observations and
// the log are untouched: imports build on that summary, so before this
// check the edit passed verify and surfaced only at the next import,
// blamed on that import's entry.
func TestVerifyNamesAnEditedSeriesSummary(t *testing.T) {
	ctx := context.Background()
	// ct/pilot/triage_min holds Jan 26 and Jan 27 (two rows); ct/canary/misroute_pct one.
	tm := " WHERE ring = 'pilot' AND metric = 'triage_min'"
	for _, c := range []struct{ name, sql, want string }{
		{"count doubled", "UPDATE series SET n = 4" + tm, "the series row counts 4 observations, 2 are stored"},
		{"count zeroed", "UPDATE series SET n = 0" + tm, "the series row counts 0 observations, 2 are stored"},
		{"first day moved", "UPDATE series SET first_day = first_day + 1" + tm, "gives days 2026-01-27 to 2026-01-27, the observations run 2026-01-26 to 2026-01-27"},
		{"last day cleared", "UPDATE series SET last_day = NULL" + tm, "gives days 2026-01-26 to none"},
		{"kept digest replaced", "UPDATE series SET digest = (SELECT digest FROM series WHERE metric = 'misroute_pct')" + tm, "keeps digest v3:1:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openObs(t, "ct")
			importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
				row(2, "pilot", "triage_min", "2026-01-26", 7.9),
				row(3, "pilot", "triage_min", "2026-01-27", 7.5),
				row(4, "canary", "misroute_pct", "2026-01-27", 8.3),
			)...)
			if r, err := s.Verify(ctx); err != nil || !r.OK {
				t.Fatalf("verify before the edit: %+v %v", r.Findings, err)
			}
			sqlite3CLI(t, s.path, c.sql+";")
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || len(r.Findings) != 1 {
				t.Fatalf("verify after the series row's %s: %+v, want one finding", c.name, r.Findings)
			}
			if f := r.Findings[0]; f.Entity != "observations ct/pilot/triage_min" || !strings.Contains(f.Problem, c.want) || !strings.Contains(f.Problem, "edited beside ringside") {
				t.Errorf("finding = %+v, want the series named and %q", f, c.want)
			}
		})
	}
}

// How an import read its file (options, size) and what the unchanged-file
// check answers from (series, context, report) are in the import's digest
// (version 2): each edited with the sqlite3 shell is named by verify. The
// version-1 digest covered only the file, checksum, time, actor and counts,
// so each of these passed verify, and a re-import of the file could then be
// answered "unchanged" from the edited row.
func TestVerifyNamesAnEditedImportRow(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, set string }{
		{"options", `options = '{"options":{"Ring":"canary"}}'`},
		{"size", "size = size + 1"},
		{"series", "series = '1-99'"},
		{"context", "context = ''"},
		{"report", `report = '{"notes":["all clean"]}'`},
		{"rejected", "rejected = rejected + 3"}, // version 1 covered it already
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openObs(t, "ct")
			importRows(t, s, ImportMeta{File: "a.csv", Options: `{"options":{}}`, Size: 120}, rowsOf(
				row(2, "pilot", "triage_min", "2026-01-26", 7.9),
				row(3, "pilot", "triage_min", "2026-01-27", 7.5),
			)...)
			var state string
			if err := s.db.QueryRow("SELECT state FROM audit WHERE action = 'import'").Scan(&state); err != nil || !strings.Contains(state, `"import/1":"v2:`) {
				t.Fatalf("the import's entry records %q (%v), want a version-2 digest", state, err)
			}
			if r, err := s.Verify(ctx); err != nil || !r.OK {
				t.Fatalf("verify before the edit: %+v %v", r.Findings, err)
			}
			sqlite3CLI(t, s.path, "UPDATE imports SET "+c.set+" WHERE id = 1;")
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || len(r.Findings) != 1 || r.Findings[0].Entity != "import 1" || !strings.Contains(r.Findings[0].Problem, "changed beside ringside") {
				t.Fatalf("verify after the import's %s was edited: %+v, want import 1 named", c.name, r.Findings)
			}
		})
	}
}

// An import whose newest entry recorded a version-1 digest (a bare hex
// SHA-256) is compared in version 1: it still verifies, and an edit of a
// field version 1 covers is still named.
func TestImportWithAVersion1DigestStillVerifies(t *testing.T) {
	ctx := context.Background()
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{File: "a.csv", Options: `{"options":{}}`, Size: 120}, rowsOf(row(2, "pilot", "triage_min", "2026-01-26", 7.9))...)
	// Rewrite the import's entry as an older ringside wrote it, and rechain
	// it (it is the newest entry), so only the digest's version differs.
	_, v1, _, err := scanImportRow(s.db.QueryRow(importRowsQuery + " WHERE id = 1"))
	if err != nil {
		t.Fatal(err)
	}
	var e AuditEntry
	var at string
	if err := s.db.QueryRow("SELECT seq, at, actor, action, pilot, entity, summary, before, after, state, origin, prev_hash FROM audit ORDER BY seq DESC LIMIT 1").
		Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Pilot, &e.Entity, &e.Summary, &e.Before, &e.After, &e.State, &e.Origin, &e.PrevHash); err != nil || e.Action != "import" {
		t.Fatalf("newest entry %+v %v, want the import", e, err)
	}
	if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
		t.Fatal(err)
	}
	e.State = strings.Replace(e.State, `"import/1":"v2:`, `"import/1":"`, 1)
	e.State = strings.Replace(e.State, e.State[strings.Index(e.State, `"import/1":"`)+12:][:64], v1, 1)
	hash := entryHash(e.PrevHash, e, true)
	sqlite3CLI(t, s.path, "DROP TRIGGER audit_no_update; UPDATE audit SET state = '"+e.State+"', hash = '"+hash+"' WHERE seq = "+strconv.FormatInt(e.Seq, 10)+";"+
		"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\nBEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;")
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify of an import recorded in version 1: %+v %v", r.Findings, err)
	}
	sqlite3CLI(t, s.path, "UPDATE imports SET options = 'other' WHERE id = 1;") // not in version 1
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify after a field version 1 does not cover: %+v %v", r.Findings, err)
	}
	sqlite3CLI(t, s.path, "UPDATE imports SET rows = 7 WHERE id = 1;")
	if r, err := s.Verify(ctx); err != nil || r.OK || r.Findings[0].Entity != "import 1" {
		t.Fatalf("verify after a version-1 field was edited: %+v %v", r.Findings, err)
	}
}

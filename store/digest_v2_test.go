package store

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/sqlite3cli"
)

// sqlite3CLI runs script on the file with the real sqlite3 shell, as an
// attacker beside ringside would.
func sqlite3CLI(t *testing.T, path, script string) { t.Helper(); sqlite3cli.Run(t, path, script) }

// Editing any per-day column of a stored day with the sqlite3 shell is
// named by verify: the version-2 digest covers n, sum, sumsq, min, max and
// last, not only day and value (which version 1 covered: every case but
// "value" passed verify before).
func TestVerifyNamesEachPerDayColumnEdited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// ct/pilot/triage_min: Jan 26 holds 3 readings (7.9, 8.1, 8.6: n 3,
	// sum 24.6, sumsq 62.41 + 65.61 + 73.96 = 201.98, min 7.9, max 8.6,
	// last 8.6, value 8.2); Jan 27 one (7.5, its six columns NULL).
	day26 := "series_id = (SELECT id FROM series WHERE ring = 'pilot' AND metric = 'triage_min') AND day = 20479"
	day27 := "series_id = (SELECT id FROM series WHERE ring = 'pilot' AND metric = 'triage_min') AND day = 20480"
	for _, c := range []struct{ name, set, where string }{
		{"n", "n = 4", day26},
		{"sum", "sum = 25.6", day26},
		{"sumsq", "sumsq = 200", day26},
		{"min", "min = 7.0", day26},
		{"max", "max = 9.6", day26},
		{"last", "last = 7.9", day26},
		{"n as text", "n = '3 readings'", day26},
		{"one reading given six", "n = 2, sum = 15, sumsq = 112.5, min = 7.5, max = 7.5, last = 7.5", day27},
		{"value", "value = 8.3", day26},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openObs(t, "ct")
			importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
				row(2, "pilot", "triage_min", "2026-01-26", 7.9),
				row(3, "pilot", "triage_min", "2026-01-26", 8.1),
				row(4, "pilot", "triage_min", "2026-01-26", 8.6),
				row(5, "pilot", "triage_min", "2026-01-27", 7.5),
				row(6, "canary", "misroute_pct", "2026-01-27", 8.3),
			)...)
			var n, sum, last string
			if err := s.db.QueryRow("SELECT n, sum, last FROM observations WHERE "+day26).Scan(&n, &sum, &last); err != nil || n != "3" || sum != "24.6" || last != "8.6" {
				t.Fatalf("Jan 26 stored n %s, sum %s, last %s (%v); want 3, 24.6, 8.6", n, sum, last, err)
			}
			if r, err := s.Verify(ctx); err != nil || !r.OK {
				t.Fatalf("verify before the edit: %+v %v", r.Findings, err)
			}
			sqlite3CLI(t, s.path, "UPDATE observations SET "+c.set+" WHERE "+c.where+";")
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || len(r.Findings) != 1 {
				t.Fatalf("verify after %s was edited: %+v, want one finding", c.name, r.Findings)
			}
			if f := r.Findings[0]; f.Entity != "observations ct/pilot/triage_min" || !strings.Contains(f.Problem, "2 observations as audit entry 2 recorded") || !strings.Contains(f.Problem, "per-day readings") {
				t.Errorf("finding = %+v, want the series named and its per-day readings", f)
			}
		})
	}
}

// A database written before schema v14 (by the build before it: entries
// with version-1 series digests over days of several readings) still
// verifies after the upgrade; the next import records version 2, from when
// on a per-day column edited beside ringside is named.
func TestOldDigestsStillVerifyAndNewOnesCoverTheColumns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := loadDump(t, "v13-multi-readings.sql")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Verify(ctx)
	if err != nil || !r.OK || r.Entries != 2 || r.Entities != 4 {
		t.Fatalf("the v13 database after the upgrade: %+v %v", r, err)
	}
	var state string
	if err := s.db.QueryRow("SELECT state FROM audit WHERE seq = 2").Scan(&state); err != nil || strings.Contains(state, digestV2) {
		t.Fatalf("the old entry's state %q (%v): want version-1 digests", state, err)
	}
	// Both series hold a day of several readings: their kept digests stay
	// version 1 (the upgrade relabels only series without per-day columns).
	var kept int
	if err := s.db.QueryRow("SELECT count(*) FROM series WHERE digest LIKE 'v2:%'").Scan(&kept); err != nil || kept != 0 {
		t.Fatalf("%d kept digests relabelled version 2 (%v), want 0", kept, err)
	}
	// A new day for triage_min: the import reads the series once and
	// records its digest in the newest version (3, which covers the
	// per-day columns as 2 did, and the import: digest_v3_test.go).
	importRows(t, s, ImportMeta{File: "b.csv"}, rowsOf(row(2, "pilot", "triage_min", "2026-01-29", 7.2))...)
	var digest string
	if err := s.db.QueryRow("SELECT digest FROM series WHERE metric = 'triage_min'").Scan(&digest); err != nil || !strings.HasPrefix(digest, "v3:3:") {
		t.Fatalf("triage_min's kept digest %q (%v), want version 3 over 3 days", digest, err)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("after a version-3 entry: %+v %v", r.Findings, err)
	}
	if _, err := s.db.Exec("UPDATE observations SET sum = 30 WHERE sum = 24.6"); err != nil {
		t.Fatal(err)
	}
	r, err = s.Verify(ctx)
	if err != nil || r.OK || len(r.Findings) != 1 || r.Findings[0].Entity != "observations ct/pilot/triage_min" {
		t.Fatalf("after a sum edited beside ringside: %+v %v", r.Findings, err)
	}
}

// The upgrade relabels a kept version-1 digest as version 2 when no day of
// the series holds per-day columns: the two versions are the same sum.
func TestRowHashV2EqualsV1WithoutPerDayColumns(t *testing.T) {
	t.Parallel()
	var a, b obsDigest
	a.add(20479, 7.9)
	b.addRow(20479, 7.9, &obsCols{})
	b.addRow(20480, 8, nil)
	a.add(20480, 8)
	if a != b {
		t.Fatalf("v1 %v, v2 %v: want equal for rows without per-day columns", a, b)
	}
	c := a
	c.addRow(20481, 8, &obsCols{int64(2), 16.0, 128.0, 8.0, 8.0, 8.0})
	d := a
	d.addRow(20481, 8, &obsCols{2.0, 16.0, 128.0, 8.0, 8.0, 8.0}) // n a real, not an integer
	e := a
	e.add(20481, 8)
	if c == d || c == e || d == e {
		t.Fatalf("per-day columns do not move the digest: %v %v %v", c, d, e)
	}
}

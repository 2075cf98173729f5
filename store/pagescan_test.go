package store

import (
	"context"
	"database/sql"

	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// oldAndNewRows builds, on a raw file, observations as every schema wrote
// them: rows from schema v7 (four columns: the per-day ones did not exist),
// then at the current schema rows with per-day columns, integral values
// (SQLite stores them as integers), negative and large values, text where
// a number belongs in a per-day column: enough rows for a B-tree of three
// levels.
func oldAndNewRows(t testing.TB) *Store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rows.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &Store{db: db, path: path, Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }}
	ms, _ := migrations()
	if err := s.migrateWith(ctx, ms[:7]); err != nil {
		t.Fatal(err)
	}
	tx, _ := db.Begin()
	for id := 1; id <= 40; id++ {
		for day := 20000; day < 20400; day++ {
			if _, err := tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,1)", id, day, float64(day%97)/10); err != nil {
				t.Fatal(err)
			}
		}
	}
	tx.Commit()
	if err := s.migrateWith(ctx, ms); err != nil {
		t.Fatal(err)
	}
	tx, _ = db.Begin()
	for id := 41; id <= 60; id++ {
		for day := 20000; day < 20400; day++ {
			var err error
			switch day % 5 {
			case 0: // several readings
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id, n, sum, sumsq, min, max, last) VALUES (?,?,?,2,3,?,?,?,?,?)",
					id, day, 7.5, 22.5, 170.25, 7, 8, 7.5)
			case 1: // integral values, stored as integers
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,2)", id, day, float64(day))
			case 2:
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,2)", id, day, -1e300*float64(day%3))
			case 3: // what an edit beside ringside could leave
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id, n, last) VALUES (?,?,?,2,'three',x'00ff')", id, day, 0.1)
			default:
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id, sum) VALUES (?,?,?,2,?)", id, -day, 1.5, 1<<40)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	tx.Commit()
	return s
}

// The page scan reads the rows SQLite returns: the same digests, both
// versions, for every series, on a tree of several levels.
func TestPageScanReadsWhatSQLReads(t *testing.T) {
	ctx := context.Background()
	s := oldAndNewRows(t)
	want, err := s.observationDigests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 60 {
		t.Fatalf("%d series, want 60", len(want))
	}
	ps, err := s.beginPageScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ps.old = true // every version, as observationDigests computes them
	got, err := ps.digests(s.file)
	ps.end()
	if err != nil {
		t.Fatal(err)
	}
	if ps.pages < 100 {
		t.Errorf("%d pages: the test wants a tree of several levels", ps.pages)
	}
	if !reflect.DeepEqual(got, want) {
		for id := range want {
			if got[id] != want[id] {
				t.Errorf("series %d: pages %v, SQL %v", id, got[id], want[id])
			}
		}
		t.Fatalf("the page scan differs from SQL (%d series against %d)", len(got), len(want))
	}
	// One value changed with the sqlite3 shell moves the page scan's
	// digest of that series alone.
	sqlite3CLI(t, s.path, "UPDATE observations SET value = 7.6 WHERE series_id = 41 AND day = 20005;")
	ps, err = s.beginPageScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ps.old = true
	after, err := ps.digests(s.file)
	ps.end()
	if err != nil {
		t.Fatal(err)
	}
	for id := range want {
		if (after[id] != want[id]) != (id == 41) {
			t.Errorf("series %d: digest before %v, after %v", id, want[id], after[id])
		}
	}
}

// verify reads the observations page by page and says so; where it cannot
// (a reader holds the write-ahead log, the table's columns are not as the
// migrations make them), it reads them through SQL and says why, and a
// tamper is named either way. --full reads through SQL.
func TestVerifySaysHowItReadTheObservations(t *testing.T) {
	ctx := context.Background()
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.5),
	)...)
	r, err := s.Verify(ctx)
	if err != nil || !r.OK || r.ObservationScan != "pages" || r.IntegrityScope != scopeTables || !strings.Contains(strings.Join(r.Checked, "\n"), "read from the file, every row decoded") {
		t.Fatalf("verify: %+v %v; want ok, observations read page by page", r, err)
	}
	r, err = s.VerifyWith(ctx, VerifyOptions{Full: true})
	if err != nil || !r.OK || r.ObservationScan != "sql" || r.IntegrityCheck != "integrity_check" || r.IntegrityScope != scopeFile {
		t.Fatalf("verify --full: %+v %v; want ok, integrity_check of the file, observations through SQL", r, err)
	}
	sqlite3CLI(t, s.path, "UPDATE observations SET value = 7.4 WHERE value = 7.5;")
	// Another connection reading holds the log: the scan cannot take the
	// file as its snapshot.
	other, err := sql.Open("sqlite", "file:"+s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := s.db.Exec("INSERT INTO meta(key, value) VALUES ('probe', 'x') ON CONFLICT(key) DO UPDATE SET value = 'y'"); err != nil {
		t.Fatal(err)
	}
	otx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := otx.QueryRow("SELECT count(*) FROM observations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE meta SET value = 'z' WHERE key = 'probe'"); err != nil {
		t.Fatal(err)
	}
	r, err = s.Verify(ctx)
	otx.Rollback()
	if err != nil || r.OK || r.ObservationScan != "sql" || r.IntegrityScope != scopeAllTables || !strings.Contains(strings.Join(r.Checked, "\n"), "the page scan could not") {
		t.Fatalf("verify while another connection reads: %+v %v; want the tamper named, the rows read through SQL and why", r, err)
	}
	if !strings.Contains(r.Problem, "observations ct/pilot/triage_min") {
		t.Errorf("problem = %q, want the series named", r.Problem)
	}
	r, err = s.Verify(ctx)
	if err != nil || r.OK || r.ObservationScan != "pages" || !strings.Contains(r.Problem, "observations ct/pilot/triage_min") {
		t.Fatalf("verify page by page: %+v %v; want the tamper named", r, err)
	}
	// Columns renamed in the schema (a swap SQL would honour and a page
	// scan by position would not): the scan refuses, SQL names the tamper.
	sqlite3CLI(t, s.path, "UPDATE observations SET value = 7.5 WHERE value = 7.4;")
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify after the value is put back: %+v %v", r.Findings, err)
	}
	sqlite3CLI(t, s.path, "ALTER TABLE observations RENAME COLUMN value TO v0; ALTER TABLE observations RENAME COLUMN last TO value; ALTER TABLE observations RENAME COLUMN v0 TO last;")
	r, err = s.Verify(ctx)
	if err == nil && (r.OK || r.ObservationScan == "pages") {
		t.Fatalf("verify with value and last swapped in the schema: %+v; want the scan refused and a finding", r)
	}
}

// A page of the observations that is not what SQLite writes makes verify
// run the whole file's integrity_check and report what it found.
func TestVerifyNamesADamagedObservationPage(t *testing.T) {
	ctx := context.Background()
	s := oldAndNewRows(t)
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	var root int64
	if err := s.db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'observations'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	// The root is an interior page: its cell count made larger than the
	// page can hold.
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0x7f, 0xff}, (root-1)*4096+3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.IntegrityCheck != "integrity_check" || len(r.Findings) == 0 || r.Findings[0].Entity != "database" {
		t.Fatalf("verify of a damaged observation page: %+v; want integrity_check's findings", r)
	}
}

// The whole page scan, rows of every form (go test ./store -run X -bench
// PageScan): one op is one scan of the 24,000 rows of oldAndNewRows.
func BenchmarkPageScan(b *testing.B) {
	s := oldAndNewRows(b)
	ctx := context.Background()
	for b.Loop() {
		ps, err := s.beginPageScan(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ps.digests(s.file); err != nil {
			b.Fatal(err)
		}
		ps.end()
	}
}

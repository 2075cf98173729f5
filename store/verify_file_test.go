package store

import (
	"context"
	"database/sql"
	"os"
	"reflect"
	"testing"
)

// The tables' quick checks run on every core and report in table order:
// two tables damaged give the findings a check of one table after the
// other gives, in the same order, and the file's check says so.
func TestQuickCheckTablesInTableOrder(t *testing.T) {
	ctx := context.Background()
	s := openObs(t, "ct", "dd")
	importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.5),
	)...)
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"pilots", "series"} {
		var root int64
		if err := s.db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", table).Scan(&root); err != nil {
			t.Fatal(err)
		}
		// The root's first cell pointer sent past the page's end.
		if _, err := f.WriteAt([]byte{0xff, 0xf0}, (root-1)*4096+8); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	s.Close()
	db, err := sql.Open("sqlite", "file:"+s.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name != 'observations' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"sqlite_schema"}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	var want []string
	for _, n := range names {
		if f := quickCheckTable(ctx, db, n); !sound(f) {
			want = append(want, f...)
		}
	}
	got := quickCheckTables(ctx, db)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("quick checks on every core:\n%q\none after the other:\n%q", got, want)
	}
	if len(want) < 2 || sound(want) {
		t.Fatalf("findings %q: want both damaged tables named", want)
	}
	check, findings, err := CheckFile(ctx, s.path, false)
	if err != nil || check != "integrity_check" || sound(findings) {
		t.Fatalf("CheckFile: %s %q %v; want integrity_check's findings", check, findings, err)
	}
}

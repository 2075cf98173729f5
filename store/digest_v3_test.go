package store

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// twoImports imports a.csv (Jan 26 of three readings, Jan 27 of one for
// triage_min; Jan 27 for misroute_pct), then b.csv, which replaces Jan 27
// of triage_min and adds Jan 28: triage_min's days then name import 1
// (Jan 26) and import 2 (Jan 27 and 28).
func twoImports(t *testing.T) *Store {
	t.Helper()
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-26", 8.1),
		row(4, "pilot", "triage_min", "2026-01-26", 8.6),
		row(5, "pilot", "triage_min", "2026-01-27", 7.5),
		row(6, "canary", "misroute_pct", "2026-01-27", 8.3),
	)...)
	importRows(t, s, ImportMeta{File: "b.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-27", 7.1),
		row(3, "pilot", "triage_min", "2026-01-28", 7.3),
	)...)
	var ids string
	if err := s.db.QueryRow("SELECT group_concat(day || ':' || import_id, ' ') FROM (SELECT day, import_id FROM observations WHERE series_id = 1 ORDER BY day)").Scan(&ids); err != nil || ids != "20479:1 20480:2 20481:2" {
		t.Fatalf("triage_min's days and imports %q (%v), want Jan 26 from import 1, Jan 27 and 28 from import 2", ids, err)
	}
	return s
}

// A day's import_id reassigned with the sqlite3 shell is named by verify,
// read from the pages and through SQL: the version-3 digest covers which
// import wrote each day. Before it, every case here passed verify.
func TestVerifyNamesAnObservationsImportReassigned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := "series_id = (SELECT id FROM series WHERE metric = 'triage_min')"
	for _, c := range []struct{ name, sql string }{
		{"to the other import", "UPDATE observations SET import_id = 1 WHERE import_id = 2 AND " + tm},
		{"one day of several readings", "UPDATE observations SET import_id = 2 WHERE day = 20479 AND " + tm},
		{"two days swapped", "UPDATE observations SET import_id = CASE day WHEN 20479 THEN 2 ELSE 1 END WHERE day IN (20479, 20480) AND " + tm},
		{"to an import that does not exist", "UPDATE observations SET import_id = 99 WHERE day = 20481 AND " + tm},
		{"to a real", "UPDATE observations SET import_id = 2.5 WHERE day = 20481 AND " + tm},
		{"to text", "UPDATE observations SET import_id = 'b.csv' WHERE day = 20481 AND " + tm},
		{"to a blob", "UPDATE observations SET import_id = x'02' WHERE day = 20481 AND " + tm},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := twoImports(t)
			for _, full := range []bool{false, true} {
				if r, err := s.VerifyWith(ctx, VerifyOptions{Full: full}); err != nil || !r.OK {
					t.Fatalf("verify before the edit (full %v): %+v %v", full, r.Findings, err)
				}
			}
			sqlite3CLI(t, s.path, c.sql+";")
			sql, err := s.observationDigests(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := s.beginPageScan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ps.old = true // every version, as observationDigests computes them
			pages, err := ps.digests(s.file)
			ps.end()
			if err != nil || !reflect.DeepEqual(pages, sql) {
				t.Fatalf("the page scan %v (%v), SQL %v: want the same digests", pages, err, sql)
			}
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || len(r.Findings) != 1 {
				t.Fatalf("verify after the import_id was reassigned: %+v, want one finding", r.Findings)
			}
			if f := r.Findings[0]; f.Entity != "observations ct/pilot/triage_min" || f.Seq != 3 || !strings.Contains(f.Problem, "3 observations as audit entry 3 recorded") || !strings.Contains(f.Problem, "import_id") {
				t.Errorf("finding = %+v, want the series, the entry that recorded it and import_id named", f)
			}
		})
	}
}

// Re-importing the same file and a changed one keeps verify passing: the
// digest follows each day to the import that last wrote it, and a day
// kept unchanged keeps the import it had.
func TestReimportsKeepVersion3DigestsCurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := twoImports(t)
	b := rowsOf(row(2, "pilot", "triage_min", "2026-01-27", 7.1), row(3, "pilot", "triage_min", "2026-01-28", 7.3))
	if st := importRows(t, s, ImportMeta{File: "b.csv"}, b...); st.Unchanged != 2 {
		t.Fatalf("b.csv again: %+v, want 2 unchanged", st)
	}
	changed := rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.0), // Jan 26 of three readings replaced by one
		row(3, "pilot", "triage_min", "2026-01-28", 7.3), // unchanged: stays import 2's
		row(4, "pilot", "triage_min", "2026-01-29", 7.4),
		row(5, "pilot", "triage_min", "2026-01-29", 7.6),
	)
	if st := importRows(t, s, ImportMeta{File: "c.csv"}, changed...); st.Updated != 1 || st.New != 2 || st.Unchanged != 1 {
		t.Fatalf("c.csv: %+v, want 1 updated, 2 new, 1 unchanged", st)
	}
	var ids, digest string
	if err := s.db.QueryRow("SELECT group_concat(day || ':' || import_id, ' ') FROM (SELECT day, import_id FROM observations WHERE series_id = 1 ORDER BY day)").Scan(&ids); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := s.db.QueryRow("SELECT max(id) FROM imports").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if want := "20479:" + strconv.FormatInt(id, 10) + " 20480:2 20481:2 20482:" + strconv.FormatInt(id, 10); ids != want {
		t.Fatalf("triage_min's days and imports %q, want %q", ids, want)
	}
	if err := s.db.QueryRow("SELECT digest FROM series WHERE id = 1").Scan(&digest); err != nil || !strings.HasPrefix(digest, "v3:4:") {
		t.Fatalf("kept digest %q (%v), want version 3 over 4 days", digest, err)
	}
	d, err := seriesDigest(ctx, s.db, 1)
	if err != nil || d.V3() != digest {
		t.Fatalf("kept digest %s, read back %s (%v)", digest, d.V3(), err)
	}
	for _, full := range []bool{false, true} {
		if r, err := s.VerifyWith(ctx, VerifyOptions{Full: full}); err != nil || !r.OK {
			t.Fatalf("verify after the re-imports (full %v): %+v %v", full, r.Findings, err)
		}
	}
}

// A database written before version 3 (by the build of commit e7655d6:
// entries with version-2 series digests, days of two imports) verifies
// after the upgrade, and says nothing false: its entries vouch for no
// import_id, so an import_id reassigned then is not named (docs/audit.md
// says so). The next import that touches a series records version 3, from
// when on a reassigned import_id is named. The fixture was written with
// that build, at RINGSIDE_NOW=2026-02-01T12:00:00Z (b.csv a day later):
//
//	ringside --db f.db apply -f p.yaml   # pilot ct, rings pilot and canary,
//	                                     # KPIs triage_min and misroute_pct
//	ringside --db f.db import metrics a.csv
//	ringside --db f.db import metrics b.csv
//	sqlite3 f.db .dump
//
// a.csv (pilot,ring,metric,date,value): ct,pilot,triage_min 2026-01-26
// 7.9, 8.1 and 8.6, 2026-01-27 7.5; ct,canary,misroute_pct 2026-01-27 8.3,
// 2026-01-28 7.0. b.csv: ct,pilot,triage_min 2026-01-27 7.1, 2026-01-28
// 7.3; ct,canary,misroute_pct 2026-01-29 6.9 and 6.5.
func TestOldDigestsStillVerifyAndNewOnesCoverImportIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := loadDump(t, "v14-import-ids.sql")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, full := range []bool{false, true} {
		r, err := s.VerifyWith(ctx, VerifyOptions{Full: full})
		if err != nil || !r.OK || r.Entries != 3 || r.Entities != 5 {
			t.Fatalf("the v14 database after the upgrade (full %v): %+v %v", full, r, err)
		}
	}
	var states string
	if err := s.db.QueryRow("SELECT group_concat(state, ' ') FROM audit WHERE action = 'import'").Scan(&states); err != nil || strings.Contains(states, digestV3) || !strings.Contains(states, `"series/ct/pilot/triage_min":"v2:3:`) {
		t.Fatalf("the old entries' states %q (%v): want version-2 series digests", states, err)
	}
	// What a version-2 entry does vouch for is still checked.
	sqlite3CLI(t, path, "UPDATE observations SET sum = 30 WHERE sum = 24.6;")
	if r, err := s.Verify(ctx); err != nil || r.OK || len(r.Findings) != 1 || r.Findings[0].Entity != "observations ct/pilot/triage_min" || !strings.Contains(r.Findings[0].Problem, "per-day readings") {
		t.Fatalf("a sum edited under a version-2 entry: %+v %v", r.Findings, err)
	}
	sqlite3CLI(t, path, "UPDATE observations SET sum = 24.6 WHERE sum = 30;")
	// An import_id reassigned under a version-2 entry is not named: the
	// entry never recorded it.
	sqlite3CLI(t, path, "UPDATE observations SET import_id = 1 WHERE series_id = 1 AND day = 20481;")
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("an import_id reassigned under a version-2 entry: %+v %v, want ok (the entry vouches for no import_id)", r.Findings, err)
	}
	sqlite3CLI(t, path, "UPDATE observations SET import_id = 2 WHERE series_id = 1 AND day = 20481;")
	// A new day for triage_min: the import reads the series once and
	// records version 3; misroute_pct stays version 2.
	importRows(t, s, ImportMeta{File: "c.csv"}, rowsOf(row(2, "pilot", "triage_min", "2026-01-29", 7.2))...)
	var tm, mp string
	if err := s.db.QueryRow("SELECT (SELECT digest FROM series WHERE metric = 'triage_min'), (SELECT digest FROM series WHERE metric = 'misroute_pct')").Scan(&tm, &mp); err != nil || !strings.HasPrefix(tm, "v3:4:") || !strings.HasPrefix(mp, "v2:3:") {
		t.Fatalf("kept digests %q and %q (%v), want triage_min version 3 over 4 days, misroute_pct still version 2", tm, mp, err)
	}
	for _, full := range []bool{false, true} {
		if r, err := s.VerifyWith(ctx, VerifyOptions{Full: full}); err != nil || !r.OK {
			t.Fatalf("after a version-3 entry (full %v): %+v %v", full, r.Findings, err)
		}
	}
	// misroute_pct's kept digest made to look like version 3: verify then
	// leaves versions 1 and 2 out of its scan (versionsWanted), reads
	// misroute_pct again for the version-2 entry, and names the kept
	// digest alone.
	sqlite3CLI(t, path, "UPDATE series SET digest = 'v3:' || substr(digest, 4) WHERE metric = 'misroute_pct';")
	if old, err := s.versionsWanted(ctx); err != nil || old {
		t.Fatalf("versions 1 and 2 wanted: %v %v, want false", old, err)
	}
	for _, full := range []bool{false, true} {
		r, err := s.VerifyWith(ctx, VerifyOptions{Full: full})
		if err != nil || r.OK || len(r.Findings) != 1 || r.Findings[0].Entity != "observations ct/canary/misroute_pct" || !strings.Contains(r.Findings[0].Problem, "keeps digest v3:3:") {
			t.Fatalf("a kept digest relabelled version 3 (full %v): %+v %v, want the kept digest named alone", full, r.Findings, err)
		}
	}
	sqlite3CLI(t, path, "UPDATE series SET digest = 'v2:' || substr(digest, 4) WHERE metric = 'misroute_pct';")
	sqlite3CLI(t, path, "UPDATE observations SET import_id = 1 WHERE series_id = 1 AND day = 20481;")
	r, err := s.Verify(ctx)
	if err != nil || r.OK || len(r.Findings) != 1 || r.Findings[0].Entity != "observations ct/pilot/triage_min" || !strings.Contains(r.Findings[0].Problem, "import_id") {
		t.Fatalf("an import_id reassigned under a version-3 entry: %+v %v", r.Findings, err)
	}
}

// The row hash of version 3 moves with the import and with nothing else
// that version 2 does not cover; the AES path and the SHA-256 path never
// give one row's hash to another, and the importer's hash is verify's.
func TestRowHashV3CoversTheImport(t *testing.T) {
	t.Parallel()
	var h rowHasher
	cols := &obsCols{int64(3), 24.6, 201.98, 7.9, 8.6, 8.6}
	type hash struct{ hi, lo uint64 }
	at := func(day int64, v float64, imp obsImport, c *obsCols) hash {
		hi, lo := h.v3(day, v, imp, c)
		return hash{hi, lo}
	}
	one, two := obsImport{id: 1, isInt: true}, obsImport{id: 2, isInt: true}
	seen := map[hash]string{}
	for name, x := range map[string]hash{
		"import 1":                 at(20479, 8.2, one, nil),
		"import 2":                 at(20479, 8.2, two, nil),
		"import 1 as a real":       at(20479, 8.2, importOf(1.0), nil),
		"import 1 as text":         at(20479, 8.2, importOf("1"), nil),
		"import NULL":              at(20479, 8.2, importOf(nil), nil),
		"another day":              at(20480, 8.2, one, nil),
		"another value":            at(20479, 8.3, one, nil),
		"a day beyond int32":       at(20479+1<<32, 8.2, one, nil),
		"several readings, imp 1":  at(20479, 8.2, one, cols),
		"several readings, imp 2":  at(20479, 8.2, two, cols),
		"import 2^32+1":            at(20479, 8.2, obsImport{id: 1<<32 + 1, isInt: true}, nil),
		"import -1":                at(20479, 8.2, obsImport{id: -1, isInt: true}, nil),
		"import 1 (v2's row hash)": func() hash { hi, lo := h.v2(20479, 8.2, nil); return hash{hi, lo} }(),
	} {
		if other, ok := seen[x]; ok {
			t.Errorf("%s hashes as %s", name, other)
		}
		seen[x] = name
	}
	if a, b := at(20479, 8.2, one, &obsCols{}), at(20479, 8.2, one, nil); a != b {
		t.Errorf("no per-day columns given as nil and as six NULLs: %v, %v", a, b)
	}
	hi, lo := h.v3Row(20479, 8.2, 1, nil)
	if (hash{hi, lo}) != at(20479, 8.2, importOf(int64(1)), &obsCols{}) {
		t.Error("the importer's row hash differs from verify's")
	}
	hi, lo = h.v3Row(20479, 8.2, 2, cols)
	if (hash{hi, lo}) != at(20479, 8.2, two, cols) {
		t.Error("the importer's row hash of a day of several readings differs from verify's")
	}
}

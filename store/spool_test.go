package store

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ringside/model"
)

// everything is every column an import writes, for comparing two imports.
func everything(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT series_id, day, value, import_id, n, sum, sumsq, min, max, last FROM observations ORDER BY series_id, day",
		"SELECT id, pilot_id, ring, metric, first_day, last_day, n, sum, digest, changed FROM series ORDER BY id",
		"SELECT id, file, sha256, rows, new, updated, unchanged, rejected, series, context, report FROM imports ORDER BY id",
		// (not the entry's text and hash: the values an import replaced
		// are listed in the order it wrote them)
		"SELECT seq, summary, state FROM audit ORDER BY seq",
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// TestSpooledImportMatchesDirect imports the same date-ordered files with
// the chunks spooled and merged back in series order, and written as they
// come: counts, every stored column, the series summaries and digests,
// the import rows and the audit entries' states must be the same.
func TestSpooledImportMatchesDirect(t *testing.T) {
	defer func(n, b int) { chunkRows, spoolBelow = n, b }(chunkRows, spoolBelow)
	chunkRows = 16
	// 30 days × 2 rings × 2 metrics, by date; day 7 has a second reading
	// (9) in every series: 124 rows.
	file := func(shift float64, late bool) []any {
		var items []any
		line := 2
		add := func(ring, metric string, d int, v float64) {
			items = append(items, ObsRow{Line: line, Pilot: "ct", Ring: ring, Metric: metric, Day: model.MustDate("2026-01-01").AddDays(d), Value: v})
			line++
		}
		for d := range 30 {
			for _, r := range []string{"pilot", "canary"} {
				for _, m := range []string{"triage_min", "misroute_pct"} {
					add(r, m, d, float64(d)+shift)
					if d == 7 {
						add(r, m, d, 9)
					}
				}
			}
		}
		if late { // day 3 of pilot/triage_min again at the end: (3 + 100) / 2 = 51.5
			add("pilot", "triage_min", 3, 100)
		}
		return items
	}
	var got [2][]string
	for i, below := range []int{0, 64} { // never spool; spool (4 series in 16 rows)
		spoolBelow = below
		s := openObs(t, "ct")
		for _, items := range [][]any{file(0, false), file(0, false), file(0.5, false), file(0, false)[:40]} {
			st := importRows(t, s, ImportMeta{Options: "{}", Size: 1}, items...)
			got[i] = append(got[i], fmt.Sprint(counts(st), st.Notes))
		}
		got[i] = append(got[i], everything(t, s))
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(s.path), ".ringside-import-*"))
		if len(left) > 0 {
			t.Errorf("scratch files left: %v", left)
		}
	}
	// 30 days × 4 series + day 7's second readings = 124 rows, all new.
	if want := "[124 124 0 0 0]"; !strings.HasPrefix(got[0][0], want) {
		t.Errorf("first import %s, want %s", got[0][0], want)
	}
	for k := range got[0] {
		if got[0][k] != got[1][k] {
			t.Errorf("step %d: written as they come:\n%s\nspooled:\n%s", k, got[0][k], got[1][k])
		}
	}

	// A day whose readings come in chunks far apart meets whole when
	// spooled: one day of two readings, new.
	spoolBelow = 64
	s := openObs(t, "ct")
	if st := importRows(t, s, ImportMeta{}, file(0, true)...); counts(st) != [5]int{125, 125, 0, 0, 0} {
		t.Errorf("late reading, first import: %v", counts(st))
	}
	var n int
	var v float64
	if err := s.db.QueryRow("SELECT o.n, o.value FROM observations o JOIN series s ON s.id = o.series_id WHERE s.ring = 'pilot' AND s.metric = 'triage_min' AND o.day = ?",
		int64(model.MustDate("2026-01-04"))).Scan(&n, &v); err != nil || n != 2 || v != 51.5 {
		t.Errorf("day 3 = %d readings, mean %v, %v; want 2, 51.5", n, v, err)
	}
}

// TestScatteredDecides: only a full first chunk with few rows a series
// spools, whatever is stored already (a re-import compares the stored days
// of every series a chunk brings: it gains from series order as much).
func TestScatteredDecides(t *testing.T) {
	defer func(n int) { chunkRows = n }(chunkRows)
	chunkRows = 128
	// n rows of series 0..series-1 by day from day 100; stored: how many
	// of the series hold days up to storedTo already.
	mk := func(n, series, stored int, storedTo model.Date) *chunk {
		c := &chunk{}
		for i := range n {
			c.recs = append(c.recs, rec{key: recKey(i%series, model.Date(100+i/series)), line: int32(i)})
		}
		for i := range series {
			c.newSeries = append(c.newSeries, &seriesState{existed: i < stored, lo: 1, hi: storedTo})
		}
		return c
	}
	for _, tc := range []struct {
		what              string
		n, series, stored int
		storedTo          model.Date
		want              bool
	}{
		{"2 rows a series, by date", 128, 64, 0, 0, true},
		{"64 rows a series: not below 64", 128, 2, 0, 0, false},
		{"one series", 128, 1, 0, 0, false},
		{"not full: the whole file is in it", 100, 50, 0, 0, false},
		{"later days of stored series", 128, 64, 64, 99, true},
		{"the same days again: a re-import", 128, 64, 64, 200, true},
		{"a re-import in series order", 128, 2, 2, 200, false},
	} {
		if got := scattered(mk(tc.n, tc.series, tc.stored, tc.storedTo)); got != tc.want {
			t.Errorf("%s: scattered %v, want %v", tc.what, got, tc.want)
		}
	}
}

// TestSpoolAddWritesSortedRuns: whatever a chunk's order, its run in the
// scratch file is in (key, line) order: merged when the chunk is a few
// sorted stretches (as a date-ordered file's days are), sorted when it is
// more than maxStretches.
func TestSpoolAddWritesSortedRuns(t *testing.T) {
	// stretches(k) is k days of 5 series, each day in series order; day 1
	// names series 2 twice (two readings, lines in file order).
	stretches := func(k int) []rec {
		var recs []rec
		line := int32(2)
		for d := range k {
			for sr := range 5 {
				recs = append(recs, rec{key: recKey(sr, model.Date(d)), value: float64(line), line: line})
				line++
				if d == 1 && sr == 2 {
					recs = append(recs, rec{key: recKey(sr, model.Date(d)), value: float64(line), line: line})
					line++
				}
			}
		}
		return recs
	}
	reversed := slices.Clone(stretches(4))
	slices.Reverse(reversed)
	// Series 1000–1004, not 0–4: counted out from the lowest the chunk names.
	shifted := stretches(maxStretches + 3)
	for i := range shifted {
		shifted[i].key += 1000 << 32
	}
	for _, tc := range []struct {
		what string
		recs []rec
	}{
		{"one stretch", stretches(1)},
		{"5 stretches", stretches(5)},
		{"maxStretches", stretches(maxStretches)},
		{"one more: sorted", stretches(maxStretches + 1)},
		{"every row its own stretch", reversed},
		{"more than maxStretches, series from 1000", shifted},
	} {
		s := openTest(t)
		sp := s.newSpool()
		want := slices.Clone(tc.recs)
		sortRecs(want)
		if err := sp.add(&chunk{recs: slices.Clone(tc.recs)}); err != nil {
			t.Fatal(err)
		}
		if err := sp.w.Flush(); err != nil {
			t.Fatal(err)
		}
		rr := &runReader{r: bufio.NewReader(io.NewSectionReader(sp.f, 0, sp.size)), left: sp.runs[0].n}
		var got []rec
		for {
			ok, err := rr.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			got = append(got, rr.head)
		}
		sp.close()
		if !slices.Equal(got, want) {
			t.Errorf("%s: the run reads\n%v\nwant\n%v", tc.what, got, want)
		}
	}
}

// TestRowsChangePilotRowByRow: a file whose pilot changes from row to row
// (and back, and to one the database lacks) files each row under its own
// pilot. The parse stage reuses the last row's pilot when the next names
// it again; a stale one would file cu's readings under ct.
func TestRowsChangePilotRowByRow(t *testing.T) {
	s := openObs(t, "ct", "cu")
	day := model.MustDate("2026-01-05")
	var items []any
	for i, p := range []string{"ct", "cu", "cu", "ct", "cu", "ct", "ct"} {
		items = append(items, ObsRow{Line: i + 2, Pilot: p, Ring: "pilot", Metric: "triage_min", Day: day.AddDays(i), Value: float64(i)})
	}
	if st := importRows(t, s, ImportMeta{}, items...); counts(st) != [5]int{7, 7, 0, 0, 0} {
		t.Fatalf("counts %v, errors %v", counts(st), st.Errors)
	}
	rows, err := s.db.Query("SELECT p.slug, group_concat(o.value, ' ') FROM observations o JOIN series s ON s.id = o.series_id JOIN pilots p ON p.id = s.pilot_id GROUP BY p.slug ORDER BY p.slug")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var slug, vals string
		if err := rows.Scan(&slug, &vals); err != nil {
			t.Fatal(err)
		}
		got = append(got, slug+": "+vals)
	}
	rows.Close()
	// ct: rows 0, 3, 5, 6; cu: rows 1, 2, 4.
	if want := []string{"ct: 0.0 3.0 5.0 6.0", "cu: 1.0 2.0 4.0"}; !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
	// An unknown pilot between known ones: named once, at its first line
	// (4), every row rejected, nothing written.
	items = items[:0]
	for i, p := range []string{"ct", "cu", "zz", "ct", "zz", "cu"} {
		items = append(items, ObsRow{Line: i + 2, Pilot: p, Ring: "pilot", Metric: "triage_min", Day: day.AddDays(10 + i), Value: 1})
	}
	st := importRows(t, s, ImportMeta{}, items...)
	if counts(st) != [5]int{6, 0, 0, 0, 6} || len(st.UnknownPilots) != 1 || st.UnknownPilots[0].Slug != "zz" || st.UnknownPilots[0].Line != 4 {
		t.Errorf("counts %v, unknown %+v, errors %v", counts(st), st.UnknownPilots, st.Errors)
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM observations").Scan(&n); err != nil || n != 7 {
		t.Errorf("%d observations after the rejected file, want 7 (%v)", n, err)
	}
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"ringside/model"
)

// windowStore is a file of 512-byte pages holding 300 series of two
// pilots, so the observations are a B-tree of several levels: series of 0
// to 80 days with gaps, days of several readings, integral values (stored
// as integers), negative and large values, and empty series (no rows,
// no last day).
func windowStore(t *testing.T) *Store {
	t.Helper()
	s := smallPageStore(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{obsPilot("ct"), obsPilot("cu")}); err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("INSERT INTO imports(id, file, sha256, at, actor, rows, new, updated, unchanged, rejected) VALUES (1, 't.csv', '', '2026-01-01T00:00:00Z', 'tester', 0, 0, 0, 0, 0)"); err != nil {
		t.Fatal(err)
	}
	const base = 20400
	rings := []string{"pilot", "canary", model.BaselineRing}
	metrics := []string{"triage_min", "misroute_pct"}
	for id := 1; id <= 300; id++ {
		days := (id * 37) % 81 // 0 to 80 days
		last := sql.NullInt64{}
		for d := range days {
			day := base + d + id%5
			if (id*day)%7 == 3 {
				continue // a gap
			}
			var err error
			switch day % 6 {
			case 0: // several readings
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id, n, sum, sumsq, min, max, last) VALUES (?,?,?,1,3,?,?,?,?,?)",
					id, day, 7.5, 22.5, 170.25, 7, 8.25, 7.5)
			case 1: // integral, stored as an integer
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,1)", id, day, float64(day%50))
			case 2:
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,1)", id, day, -1e300*float64(day%3))
			default:
				_, err = tx.Exec("INSERT INTO observations(series_id, day, value, import_id) VALUES (?,?,?,1)", id, day, float64(id)/7+float64(day%13))
			}
			if err != nil {
				t.Fatal(err)
			}
			last = sql.NullInt64{Int64: int64(day), Valid: true}
		}
		metric := metrics[id%2] // the KPIs' own, for the first six
		if id > 6 {
			metric = fmt.Sprintf("%s_%d", metrics[id%2], id)
		}
		if _, err := tx.Exec("INSERT INTO series(id, pilot_id, ring, metric, last_day) VALUES (?, (SELECT id FROM pilots WHERE slug = ?), ?, ?, ?)",
			id, []string{"ct", "cu"}[id%2], rings[(id/2)%3], metric, last); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := dbstatPages(t, s, "observations", "internal"); n < 3 {
		t.Fatalf("%d interior pages: the test wants a tree of several levels", n)
	}
	return s
}

// allWindows lists every series' window ending at its last day.
func allWindows(t *testing.T, s *Store, days int) []windowRange {
	t.Helper()
	last := map[int64]sql.NullInt64{}
	var ids []int64
	rows, err := s.db.Query("SELECT id, last_day FROM series ORDER BY id DESC") // unsorted on purpose
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var l sql.NullInt64
		if err := rows.Scan(&id, &l); err != nil {
			t.Fatal(err)
		}
		ids, last[id] = append(ids, id), l
	}
	rows.Close()
	wins, ok := seriesWindows(len(ids), func(i int) (int64, int64, bool) { return ids[i], last[ids[i]].Int64, last[ids[i]].Valid }, 1<<30, days)
	if !ok {
		t.Fatal("no window")
	}
	return wins
}

// windowRow is one observation of a window, as the SQL read scans it.
type windowRow struct {
	id, day int64
	o       windowDay
}

// windowsFromPages is what the page read gives for the windows.
// Each window's rows in order, the windows in order (the page read gives
// parts of them on several cores at once).
func windowsFromPages(s *Store, wins []windowRange) ([]windowRow, error) {
	at := map[*windowRange]int{}
	for i := range wins {
		at[&wins[i]] = i
	}
	var mu sync.Mutex
	each := make([][]windowRow, len(wins))
	err := s.windowRows(context.Background(), wins, func(r *windowRange, day int64, o *windowDay) {
		mu.Lock()
		defer mu.Unlock()
		i, ok := at[r]
		if !ok {
			panic("a window not asked")
		}
		each[i] = append(each[i], windowRow{r.id, day, *o})
	})
	return slices.Concat(each...), err
}

// windowsThroughSQL is what the SQL read returns for the windows' series.
func windowsThroughSQL(t *testing.T, s *Store, days int, of []windowRange) []windowRow {
	t.Helper()
	want := map[int64]bool{}
	for _, w := range of {
		want[w.id] = true
	}
	var out []windowRow
	err := windowsSQL(context.Background(), s.db, "", nil, model.Date(1<<30), days, func(id, day int64, o windowDay) {
		if want[id] {
			out = append(out, windowRow{id, day, o})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWindowPagesReadWhatSQLReads: the windows read from the pages are the
// rows the SQL read returns, in its order, each column alike: every
// series' window of 1, 3, 7, 30 and 1,000 days; every third series; one
// series; the first and the last; series that are not stored.
func TestWindowPagesReadWhatSQLReads(t *testing.T) {
	s := windowStore(t)
	saved := windowSplit
	defer func() { windowSplit = saved }()
	for _, split := range []int{saved, 1, 7, 1 << 20} { // on the cores as health reads, in parts of 1 and 7 or more, on one
		windowSplit = split
		windowPagesReadWhatSQLReads(t, s)
	}
}

func windowPagesReadWhatSQLReads(t *testing.T, s *Store) {
	t.Helper()
	for _, days := range []int{1, 3, 7, 30, 1000} {
		all := allWindows(t, s, days)
		var third []windowRange
		for i := 0; i < len(all); i += 3 {
			third = append(third, all[i])
		}
		for name, wins := range map[string][]windowRange{
			"all": all, "every third": third, "one": all[len(all)/2 : len(all)/2+1],
			"first and last": {all[0], all[len(all)-1]},
		} {
			got, err := windowsFromPages(s, wins)
			if err != nil {
				t.Fatalf("%d days, %s: %v", days, name, err)
			}
			want := windowsThroughSQL(t, s, days, wins)
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Fatalf("%d days, %s: pages %d rows, SQL %d\npages %v\nSQL   %v", days, name, len(got), len(want), got, want)
			}
		}
	}
	// Series that are not stored, before, between and after: nothing.
	got, err := windowsFromPages(s, []windowRange{{0, 1, 1 << 40, 0}, {100000, 0, 1 << 40, 1}})
	if err != nil || len(got) != 0 {
		t.Fatalf("absent series: %v, %v", got, err)
	}
}

// seriesBothWays is SeriesOfPilots from the pages and through SQL.
func seriesBothWays(t *testing.T, s *Store, asOf model.Date, days int) (pages, viaSQL map[string]*PilotSeries) {
	t.Helper()
	ctx := context.Background()
	var err error
	if pages, err = s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, days); err != nil {
		t.Fatal(err)
	}
	windowPagesOff = true
	defer func() { windowPagesOff = false }()
	if viaSQL, err = s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, days); err != nil {
		t.Fatal(err)
	}
	return pages, viaSQL
}

// TestSeriesOfPilotsFromPages: what health reads of a portfolio is the
// same whether the windows come from the pages or through SQL, as of a
// day after every series (the pages) or before some series end (the SQL
// read, which finds the latest day on or before it with a seek).
func TestSeriesOfPilotsFromPages(t *testing.T) {
	s := windowStore(t)
	for _, asOf := range []model.Date{1 << 20, 20450} {
		for _, days := range []int{1, 7, 28} {
			pages, viaSQL := seriesBothWays(t, s, asOf, days)
			if len(pages) != 2 || !reflect.DeepEqual(pages, viaSQL) {
				t.Fatalf("as of %d, %d days: pages\n%+v\nSQL\n%+v", asOf, days, pages, viaSQL)
			}
		}
	}
}

// TestWindowPagesFallBackToSQL: where the pages cannot be read as they
// stand the windows are read through SQL, at once, and the same: another
// connection holds the write lock (no wait for it: the store's busy
// timeout is ten seconds); another connection's read holds pages in the
// write-ahead log; the observations table has a column ringside does not
// make; a value is one the driver converts and the page read does not.
// The connections keep the store's busy timeout afterwards.
func TestWindowPagesFallBackToSQL(t *testing.T) {
	ctx := context.Background()
	asOf := model.Date(1 << 20)
	check := func(t *testing.T, s *Store) {
		t.Helper()
		start := time.Now()
		_, err := windowsFromPages(s, allWindows(t, s, 7))
		var unsupported errPagesUnsupported
		if !errors.As(err, &unsupported) {
			t.Fatalf("the page read: %v, want it unsupported", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("the page read waited %v", d)
		}
		windowPagesOff = true
		want, err := s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, 7)
		windowPagesOff = false
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, 7)
		if err != nil || !reflect.DeepEqual(got, want) || len(got) != 2 {
			t.Fatalf("SeriesOfPilots: %v\n%+v\nwant\n%+v", err, got, want)
		}
		var conns []*sql.Conn
		for range 3 {
			c, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var ms int
			if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&ms); err != nil || ms != busyTimeoutMS {
				t.Errorf("a connection's busy timeout is %d (%v), want %d", ms, err, busyTimeoutMS)
			}
		}
		for _, c := range conns {
			c.Close()
		}
	}
	other := func(t *testing.T, s *Store) *sql.DB {
		db, err := sql.Open("sqlite", "file:"+s.path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("write lock held", func(t *testing.T) {
		s := windowStore(t)
		c, err := other(t, s).Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer c.ExecContext(ctx, "ROLLBACK")
		check(t, s)
	})
	t.Run("a reader holds the log", func(t *testing.T) {
		s := windowStore(t)
		c, err := other(t, s).Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		defer c.ExecContext(ctx, "ROLLBACK")
		// The reader's snapshot is taken, then a write goes to the log
		// that the reader keeps from the file.
		if _, err := c.ExecContext(ctx, "SELECT count(*) FROM series"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec("UPDATE observations SET value = value + 1 WHERE series_id = 2"); err != nil {
			t.Fatal(err)
		}
		check(t, s)
	})
	t.Run("a value the driver converts", func(t *testing.T) {
		// A blob "3" in n of the last day of a series halfway through:
		// the driver reads it as 3, the page read stops there, after the
		// windows before it, and what it gave is dropped.
		s := windowStore(t)
		if _, err := s.db.Exec("UPDATE observations SET n = x'33', sum = 1, sumsq = 1, min = 1, max = 1, last = 1 WHERE series_id = 150 AND day = (SELECT last_day FROM series WHERE id = 150)"); err != nil {
			t.Fatal(err)
		}
		check(t, s)
	})
	t.Run("another column", func(t *testing.T) {
		s := windowStore(t)
		if _, err := s.db.Exec("ALTER TABLE observations ADD COLUMN note TEXT"); err != nil {
			t.Fatal(err)
		}
		check(t, s)
	})
}

// BenchmarkSeriesOfPilotsWindows reads what health reads of every pilot
// of the database RINGSIDE_BENCH_DB names (the bench's metrics database),
// as of 2027-01-01 with 7-day windows, from a fresh store each time: the
// windows from the pages and through SQL.
func BenchmarkSeriesOfPilotsWindows(b *testing.B) {
	path := benchDBPath(b)
	ctx := context.Background()
	s, err := Open(path, testClock)
	if err != nil {
		b.Fatal(err)
	}
	var slugs []string
	err = s.EachPilotJudged(ctx, func(p model.Pilot) error { slugs = append(slugs, p.Slug); return nil })
	s.Close()
	if err != nil {
		b.Fatal(err)
	}
	eachReadPath(b, func(b *testing.B) {
		for b.Loop() {
			s, err := Open(path, testClock)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.SeriesOfPilots(ctx, slugs, model.MustDate("2027-01-01"), model.DefaultWindow); err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
}

// benchDBPath is the database RINGSIDE_BENCH_DB names (the bench's
// metrics database), or skips the benchmark.
func benchDBPath(b *testing.B) string {
	path := os.Getenv("RINGSIDE_BENCH_DB")
	if path == "" {
		b.Skip("RINGSIDE_BENCH_DB names a database to read")
	}
	return path
}

// eachReadPath runs f twice, as sub-benchmarks: with the page reads
// ("pages") and with them off, through SQL ("sql").
func eachReadPath(b *testing.B, f func(b *testing.B)) {
	for _, off := range []bool{false, true} {
		b.Run(map[bool]string{false: "pages", true: "sql"}[off], func(b *testing.B) {
			windowPagesOff = off
			defer func() { windowPagesOff = false }()
			f(b)
		})
	}
}

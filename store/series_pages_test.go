package store

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ringside/model"
)

// listedBothWays is the series of the pilots named listed from the pages
// and through SQL, both by id.
func listedBothWays(t *testing.T, s *Store, slugs ...string) (pages []seriesListing, pagesErr error, viaSQL []seriesListing) {
	t.Helper()
	ctx := context.Background()
	ids := map[int64]bool{}
	for _, slug := range slugs {
		var id int64
		if err := s.db.QueryRow("SELECT id FROM pilots WHERE slug = ?", slug).Scan(&id); err == nil {
			ids[id] = true
		}
	}
	pages, pagesErr = s.seriesFromPages(ctx, ids)
	rows, err := s.db.Query("SELECT id, pilot_id, ring, metric, last_day FROM series ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var l seriesListing
		if err := rows.Scan(&l.id, &l.pilot, &l.ring, &l.metric, &l.last); err != nil {
			t.Fatal(err)
		}
		if ids[l.pilot] {
			viaSQL = append(viaSQL, l)
		}
	}
	slices.SortFunc(pages, func(a, b seriesListing) int { return cmp.Compare(a.id, b.id) })
	return pages, pagesErr, viaSQL
}

// TestSeriesListFromPagesIsSQLs: the series table read page by page (512-
// byte pages: several leaves under an interior page; rows written before
// and after a column was added, empty series with NULL days) lists for
// any pilots what SQL lists: each pilot alone, both, one unknown.
func TestSeriesListFromPagesIsSQLs(t *testing.T) {
	s := windowStore(t)
	if _, err := s.db.Exec("ALTER TABLE series ADD COLUMN note TEXT NOT NULL DEFAULT 'x'"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("INSERT INTO series(id, pilot_id, ring, metric, note) VALUES (301, (SELECT id FROM pilots WHERE slug = 'cu'), 'pilot', 'empty_after_note', 'y')"); err != nil {
		t.Fatal(err)
	}
	if n := dbstatPages(t, s, "series", "internal"); n < 1 {
		t.Fatalf("%d interior pages in the series table: the test wants a tree", n)
	}
	for _, group := range [][]string{{"ct"}, {"cu"}, {"ct", "cu"}, {"nobody"}, {"cu", "nobody"}} {
		pages, err, want := listedBothWays(t, s, group...)
		if err != nil || !reflect.DeepEqual(pages, want) {
			t.Errorf("%v: from the pages (%v)\n%+v\nthrough SQL\n%+v", group, err, pages, want)
		}
		if group[0] != "nobody" && len(want) < 100 {
			t.Errorf("%v: %d series, want the table's", group, len(want))
		}
	}
}

// TestSeriesListFallsBackToSQL: a series table too big to read a group
// at a time (from then on, for the store: SQL at once), or a value that
// is not what ringside writes (a ring stored as a blob, which the driver
// reads as text), lists through SQL; SeriesOfPilots gives the same.
func TestSeriesListFallsBackToSQL(t *testing.T) {
	ctx := context.Background()
	asOf := model.Date(1 << 20)
	check := func(t *testing.T, s *Store) {
		t.Helper()
		if _, err, _ := listedBothWays(t, s, "ct", "cu"); !errors.As(err, new(errPagesUnsupported)) {
			t.Fatalf("the page list: %v, want it unsupported", err)
		}
		windowPagesOff = true
		want, err := s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, 7)
		windowPagesOff = false
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.SeriesOfPilots(ctx, []string{"ct", "cu"}, asOf, 7); err != nil || !reflect.DeepEqual(got, want) || len(got) != 2 {
			t.Fatalf("SeriesOfPilots: %v\n%+v\nwant\n%+v", err, got, want)
		}
	}
	t.Run("too many pages", func(t *testing.T) {
		s := windowStore(t)
		saved := seriesPagesMax
		seriesPagesMax = 2
		defer func() { seriesPagesMax = saved }()
		check(t, s)
		if !s.pages.seriesBig {
			t.Error("the store does not remember its series table is too big")
		}
	})
	t.Run("a ring stored as a blob", func(t *testing.T) {
		s := windowStore(t)
		if _, err := s.db.Exec("UPDATE series SET ring = CAST(ring AS BLOB) WHERE id = 150"); err != nil {
			t.Fatal(err)
		}
		check(t, s)
	})
}

// BenchmarkSeriesList lists the series of every pilot of the database
// RINGSIDE_BENCH_DB names (the bench's 76 metric pilots: 2,736 series)
// from the series table's pages and through SQL, the list alone.
func BenchmarkSeriesList(b *testing.B) {
	ctx := context.Background()
	s, err := Open(benchDBPath(b), testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	slugs, err := s.PilotsWithSeries(ctx)
	if err != nil {
		b.Fatal(err)
	}
	eachReadPath(b, func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ListSeriesOfPilots(ctx, slugs, model.MustDate("2027-01-01"), model.DefaultWindow); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestSeriesTableStartIsTheMigrations: a migrated store's series table
// starts as seriesTableStart says (its page list asks nothing more of
// SQLite), and has the columns seriesColumns names, as SQLite reads them.
func TestSeriesTableStartIsTheMigrations(t *testing.T) {
	s := windowStore(t)
	var text string
	if err := s.db.QueryRow("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'series'").Scan(&text); err != nil {
		t.Fatal(err)
	}
	start := seriesTableStart()
	if !strings.HasPrefix(start, "CREATE TABLE series (\n    id ") || !strings.HasSuffix(start, "    last_day  INTEGER,\n") {
		t.Fatalf("the start cut from migration 0002 is\n%q", start)
	}
	if !strings.HasPrefix(text, start) {
		t.Fatalf("the series table:\n%s\ndoes not start with\n%s", text, start)
	}
	rows, err := s.db.Query("SELECT name, type, pk FROM pragma_table_xinfo('series') ORDER BY cid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next() && i < len(seriesColumns); i++ {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			t.Fatal(err)
		}
		if c := seriesColumns[i]; c.name != name || c.typ != typ || c.pk != pk {
			t.Errorf("column %d: %s %s pk %d, want %+v", i, name, typ, pk, c)
		}
	}
	if i < len(seriesColumns) {
		t.Fatalf("%d columns", i)
	}
}

// TestSeriesTableOtherwiseWritten: a series table whose SQL is not the
// migration's is asked for its columns: written otherwise with the same
// columns it is listed from the pages; with a column of another type, it
// is listed through SQL.
func TestSeriesTableOtherwiseWritten(t *testing.T) {
	edit := func(t *testing.T, from, to string) *Store {
		t.Helper()
		s := windowStore(t)
		var version int
		if err := s.db.QueryRow("PRAGMA schema_version").Scan(&version); err != nil {
			t.Fatal(err)
		}
		conn, err := s.db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, q := range []string{"PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = replace(sql, '" + from + "', '" + to + "') WHERE name = 'series'",
			"PRAGMA writable_schema = OFF", "PRAGMA schema_version = " + strconv.Itoa(version+1)} {
			if _, err := conn.ExecContext(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return s
	}
	t.Run("same columns", func(t *testing.T) {
		s := edit(t, "ring      TEXT NOT NULL", "ring TEXT NOT NULL")
		pages, err, want := listedBothWays(t, s, "ct", "cu")
		if err != nil || !reflect.DeepEqual(pages, want) || len(want) < 100 {
			t.Fatalf("from the pages (%v)\n%+v\nthrough SQL\n%+v", err, pages, want)
		}
	})
	t.Run("a column of another type", func(t *testing.T) {
		s := edit(t, "ring      TEXT NOT NULL", "ring      BLOB NOT NULL")
		if _, err, _ := listedBothWays(t, s, "ct", "cu"); !errors.As(err, new(errPagesUnsupported)) {
			t.Fatalf("the page list: %v, want it unsupported", err)
		}
	})
}

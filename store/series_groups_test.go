package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"ringside/model"
)

// groupsStore is windowStore with a pilot without series (cv), and a
// KPI of each pilot with data that sums its day's readings; and a pilot
// (cb) without a baseline series whose KPI that sums has days of three
// readings in its window: the aggregations, asked for only when such a
// day is met, are then asked for by the windows, not by the baseline's
// queries.
func groupsStore(t *testing.T) *Store {
	t.Helper()
	s := windowStore(t)
	if _, err := s.ApplyPilots(context.Background(), "tester", []model.Pilot{obsPilot("cv"), obsPilot("cb")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE kpis SET aggregation = 'sum' WHERE kpi_key = 'triage_min' AND pilot_id IN (SELECT id FROM pilots WHERE slug IN ('ct', 'cu', 'cb'))"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("INSERT INTO series(id, pilot_id, ring, metric, last_day) VALUES (400, (SELECT id FROM pilots WHERE slug = 'cb'), 'pilot', 'triage_min', 20409)"); err != nil {
		t.Fatal(err)
	}
	for day := 20400; day <= 20409; day++ {
		// Mean 7.5, sum 22.5 on the days of three readings.
		if _, err := s.db.Exec("INSERT INTO observations(series_id, day, value, import_id, n, sum, sumsq, min, max, last) VALUES (400, ?, 7.5, 1, 3, 22.5, 170.25, 7, 8.25, 7.5)", day); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// groupsRead is what health's read ahead gives (app/health_series.go):
// the pilots with series found, then each group's series listed and its
// windows read, under a hold of the page lock (or, hold false, none);
// and whether the series were listed in one read of the table's pages.
func groupsRead(t *testing.T, s *Store, hold bool, asOf model.Date, sizes ...int) (slugs []string, out map[string]*PilotSeries, onePass bool) {
	t.Helper()
	ctx := context.Background()
	if hold {
		defer s.HoldPages(ctx)()
	}
	g, err := s.ListSeriesGroups(ctx, asOf, 7)
	if err != nil {
		t.Fatal(err)
	}
	slugs, out = slices.Clone(g.Slugs), map[string]*PilotSeries{}
	for _, n := range sizes {
		l, err := g.List(ctx, g.Slugs[:n])
		if err != nil {
			t.Fatal(err)
		}
		got, err := l.Windows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(out, got)
		g.Slugs = g.Slugs[n:]
	}
	return slugs, out, g.bySlug != nil
}

// TestSeriesGroupsReadWhatEachGroupReads: the series of every pilot
// listed in one read of the series table's pages, then a group at a
// time, are what SeriesOfPilots reads through SQL, whatever the groups,
// as of a day after every series and before some end; the pilots found
// are those with series, in slug order. Under the page lock it opens no
// connection: its queries go on the lock's (before, the pilots' query
// and each group's opened one beside it). The pilots' KPIs that sum
// their day's readings sum them.
func TestSeriesGroupsReadWhatEachGroupReads(t *testing.T) {
	s := groupsStore(t)
	ctx := context.Background()
	s.db.SetMaxIdleConns(1) // a query beside the lock's connection opens one
	for _, asOf := range []model.Date{1 << 20, 20450} {
		windowPagesOff = true
		want, err := s.SeriesOfPilots(ctx, []string{"ct", "cu", "cv", "cb"}, asOf, 7)
		windowPagesOff = false
		if err != nil {
			t.Fatal(err)
		}
		if w := want["cb"].Obs["pilot"]["triage_min"]; len(w.Values) == 0 || w.Values[0] != 22.5 {
			t.Fatalf("as of %d: cb's window through SQL %+v, want days summing to 22.5", asOf, w)
		}
		for _, sizes := range [][]int{{1, 1, 1}, {3}, {1}, {2, 1}} {
			// An empty log, as health finds it after most runs: the lock
			// takes no checkpoint through a connection of its own.
			if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			before := s.ConnectionsOpened()
			slugs, got, onePass := groupsRead(t, s, true, asOf, sizes...)
			if opened := s.ConnectionsOpened() - before; opened != 0 {
				t.Errorf("as of %d, groups %v: %d connections opened", asOf, sizes, opened)
			}
			if !onePass || !reflect.DeepEqual(slugs, []string{"cb", "ct", "cu"}) {
				t.Fatalf("as of %d: pilots %v, one read of the pages %v; want cb, ct and cu, in one read", asOf, slugs, onePass)
			}
			wantOf := map[string]*PilotSeries{}
			n := 0
			for _, size := range sizes {
				n += size
			}
			for _, slug := range slugs[:n] {
				wantOf[slug] = want[slug]
			}
			if !reflect.DeepEqual(got, wantOf) || len(want["ct"].Obs) == 0 || len(want["ct"].Baselines) == 0 {
				t.Fatalf("as of %d, groups %v:\n%+v\nwant\n%+v", asOf, sizes, got, wantOf)
			}
		}
	}
}

// TestSeriesGroupsFallBackToSQL: where the pages cannot be read the
// series are listed through SQL, a group at a time, at once, and the
// same: no lock held; another connection holds the write lock; another
// connection's read holds pages in the write-ahead log; the
// observations table has a column ringside does not make (no lock
// taken); the series table is too big to read whole, or holds a value
// that is not what ringside writes (the windows still from the pages).
func TestSeriesGroupsFallBackToSQL(t *testing.T) {
	ctx := context.Background()
	asOf := model.Date(1 << 20)
	check := func(t *testing.T, s *Store, hold bool) {
		t.Helper()
		windowPagesOff = true
		want, err := s.SeriesOfPilots(ctx, []string{"cb", "ct", "cu"}, asOf, 7)
		windowPagesOff = false
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		slugs, got, onePass := groupsRead(t, s, hold, asOf, 1, 2)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("the read waited %v", d)
		}
		if onePass || !reflect.DeepEqual(slugs, []string{"cb", "ct", "cu"}) || !reflect.DeepEqual(got, want) {
			t.Fatalf("pilots %v, one read of the pages %v:\n%+v\nwant through SQL\n%+v", slugs, onePass, got, want)
		}
	}
	other := func(t *testing.T, s *Store) *sql.Conn {
		db, err := sql.Open("sqlite", "file:"+s.path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	t.Run("no lock held", func(t *testing.T) {
		check(t, groupsStore(t), false)
	})
	t.Run("write lock held", func(t *testing.T) {
		s := groupsStore(t)
		c := other(t, s)
		if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer c.ExecContext(ctx, "ROLLBACK")
		check(t, s, true)
	})
	t.Run("a reader holds the log", func(t *testing.T) {
		s := groupsStore(t)
		c := other(t, s)
		if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		defer c.ExecContext(ctx, "ROLLBACK")
		if _, err := c.ExecContext(ctx, "SELECT count(*) FROM series"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec("UPDATE observations SET value = value + 1 WHERE series_id = 2"); err != nil {
			t.Fatal(err)
		}
		check(t, s, true)
	})
	t.Run("another column of observations", func(t *testing.T) {
		s := groupsStore(t)
		if _, err := s.db.Exec("ALTER TABLE observations ADD COLUMN note TEXT"); err != nil {
			t.Fatal(err)
		}
		check(t, s, true)
	})
	t.Run("too many pages of series", func(t *testing.T) {
		s := groupsStore(t)
		saved := seriesPagesMax
		seriesPagesMax = 2
		defer func() { seriesPagesMax = saved }()
		check(t, s, true)
	})
	t.Run("a ring stored as a blob", func(t *testing.T) {
		s := groupsStore(t)
		if _, err := s.db.Exec("UPDATE series SET ring = CAST(ring AS BLOB) WHERE id = 150"); err != nil {
			t.Fatal(err)
		}
		check(t, s, true)
	})
}

// BenchmarkSeriesGroupsRead is health's with-data read of the database
// RINGSIDE_BENCH_DB names (the bench's metrics database), as of
// 2027-01-01, as the read ahead does it: the page lock held, the pilots
// with series found and their series listed, then the windows of groups
// of 4, 12 and the rest. The windows are read on every core: -cpu 1
// gives the CPU a read costs, -cpu 2 the time it takes on two cores.
func BenchmarkSeriesGroupsRead(b *testing.B) {
	s, err := Open(benchDBPath(b), testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for b.Loop() {
		release := s.HoldPages(ctx)
		g, err := s.ListSeriesGroups(ctx, model.MustDate("2027-01-01"), model.DefaultWindow)
		if err != nil || len(g.Slugs) < 17 {
			b.Fatalf("%v, %d pilots with series", err, len(g.Slugs))
		}
		for _, group := range [][]string{g.Slugs[:4], g.Slugs[4:16], g.Slugs[16:]} {
			l, err := g.List(ctx, group)
			if err == nil {
				_, err = l.Windows(ctx)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		release()
	}
}

// TestSeriesGroupsHandOnTheirMemory: a group's series are listed in the
// memory of the group before once its windows are read (made at the
// first group for those to come), and what a group gave stays as it was
// while the next ones are read (TestSeriesGroupsReadWhatEachGroupReads
// compares them all).
func TestSeriesGroupsHandOnTheirMemory(t *testing.T) {
	s := groupsStore(t)
	ctx := context.Background()
	defer s.HoldPages(ctx)()
	g, err := s.ListSeriesGroups(ctx, 1<<20, 7)
	if err != nil {
		t.Fatal(err)
	}
	var first *seriesNamed
	var before []map[string]*PilotSeries
	var copies []string
	for i, slug := range slices.Clone(g.Slugs) {
		l, err := g.List(ctx, []string{slug})
		if err != nil || len(l.named) == 0 {
			t.Fatalf("%s: %v, %d series", slug, err, len(l.named))
		}
		if i == 0 {
			first = &l.named[0]
		} else if &l.named[0] != first {
			t.Errorf("group %d (%s) listed in new memory", i, slug)
		}
		got, err := l.Windows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, got)
		copies = append(copies, fmt.Sprintf("%+v", *got[slug]))
	}
	for i, got := range before {
		for _, ps := range got {
			if now := fmt.Sprintf("%+v", *ps); now != copies[i] {
				t.Errorf("group %d changed after the next were read:\n%s\nwas\n%s", i, now, copies[i])
			}
		}
	}
}

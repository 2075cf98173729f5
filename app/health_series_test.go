package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"ringside/model"
	"ringside/store"
)

// portfolioOfCT applies n copies of pilot ct (ct-00 … ct-NN) and gives
// every third one no data, the others a few days of their own values.
func portfolioOfCT(t *testing.T, a *App, n int) []string {
	t.Helper()
	ctx := context.Background()
	ct, err := a.store.Pilot(ctx, "ct")
	if err != nil {
		t.Fatal(err)
	}
	var more []model.Pilot
	slugs := []string{"ct"}
	for i := range n {
		p := ct
		p.Slug, p.Name = fmt.Sprintf("ct-%02d", i), fmt.Sprintf("Pilot ct %d", i)
		more = append(more, p)
		slugs = append(slugs, p.Slug)
	}
	if _, err := a.store.ApplyPilots(ctx, "tester", more); err != nil {
		t.Fatal(err)
	}
	var rows []store.ObsRow
	for i, slug := range slugs {
		if i%3 == 1 {
			continue // no data
		}
		for d, day := range []string{"2026-08-10", "2026-08-14", "2026-08-17"} {
			for _, ring := range []string{"pilot", "canary"} {
				r := obs(ring, "triage_min", day, float64(10+i+d))
				r.Pilot = slug
				rows = append(rows, r)
			}
		}
	}
	importFor(t, a, rows...)
	return slugs
}

// importFor stores observations of the pilots the rows name.
func importFor(t *testing.T, a *App, rows ...store.ObsRow) {
	t.Helper()
	if err := importErr(a, rows...); err != nil {
		t.Fatal(err)
	}
}

func importErr(a *App, rows ...store.ObsRow) error {
	i := 0
	next := func() (store.ObsRow, error) {
		if i == len(rows) {
			return store.ObsRow{}, io.EOF
		}
		i++
		r := rows[i-1]
		r.Line = i + 1
		return r, nil
	}
	_, err := a.store.ImportObservations(context.Background(), store.Change{Actor: "tester"}, store.ImportMeta{File: "t.csv"}, next)
	return err
}

// TestHealthEachReadsGroupsAsEachPilotAlone: the portfolio's verdicts,
// its windows read a group at a time beside the definitions, are each
// pilot's alone, whatever the groups (one pilot each, growing, or all in
// one) and however many series are read ahead; pilots without data
// between those with.
func TestHealthEachReadsGroupsAsEachPilotAlone(t *testing.T) {
	a, _ := openTest(t)
	slugs := portfolioOfCT(t, a, 14)
	var alone []string
	for _, slug := range slugs {
		out, _ := healthOf(t, a, slug)
		alone = append(alone, out...)
	}
	if alone[0][strings.Index(alone[0], `,"rings"`):] == alone[2][strings.Index(alone[2], `,"rings"`):] {
		t.Fatal("the pilots' data does not show in their verdicts")
	}
	savedSizes, savedRest, savedSeries := aheadGroupSizes, aheadGroupRest, aheadSeries
	defer func() { aheadGroupSizes, aheadGroupRest, aheadSeries = savedSizes, savedRest, savedSeries }()
	for _, c := range []struct {
		sizes  []int
		rest   int
		series int
	}{{nil, 1, 1}, {[]int{1, 2}, 3, 4}, {nil, 250, 1}, {[]int{2}, 1, 1000}, {savedSizes, savedRest, savedSeries}} {
		aheadGroupSizes, aheadGroupRest, aheadSeries = c.sizes, c.rest, c.series
		out, _ := healthOf(t, a, "")
		if strings.Join(out, "\n") != strings.Join(alone, "\n") {
			t.Errorf("groups %v then %d, %d series ahead: the portfolio's verdicts\n%s\nwant each alone\n%s", c.sizes, c.rest, c.series, strings.Join(out, "\n"), strings.Join(alone, "\n"))
		}
	}
}

// TestHealthEachLetsAWriterInWhileItsOutputWaits: while the output waits
// (a pager, a slow pipe), the windows read ahead do not keep the write
// lock they share with the definitions: an import goes through at once,
// not after the store's busy timeout (10 s, then it fails).
func TestHealthEachLetsAWriterInWhileItsOutputWaits(t *testing.T) {
	a, _ := openTest(t)
	// More pilots than the loader sends before it waits for the output.
	slugs := portfolioOfCT(t, a, 150)
	savedSizes, savedRest, savedSeries := aheadGroupSizes, aheadGroupRest, aheadSeries
	defer func() { aheadGroupSizes, aheadGroupRest, aheadSeries = savedSizes, savedRest, savedSeries }()
	// A group at a time: the windows wait for the loader to take the
	// group before, which waits for the output.
	aheadGroupSizes, aheadGroupRest, aheadSeries = nil, 1, 1
	n := 0
	err := a.HealthEach(context.Background(), "", model.MustDate("2026-08-18"), healthJSON, func(Verdict) error {
		if n++; n > 1 {
			return nil
		}
		// The loader and the reads ahead are stopped behind this call.
		time.Sleep(50 * time.Millisecond)
		done := make(chan error)
		start := time.Now()
		go func() {
			r := obs("pilot", "misroute_pct", "2026-08-17", 1)
			r.Pilot = slugs[len(slugs)-1]
			done <- importErr(a, r)
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("the import waited %v for the write lock", time.Since(start))
			<-done
		}
		return nil
	})
	if err != nil || n != len(slugs) {
		t.Fatalf("HealthEach = %v after %d verdicts, want %d", err, n, len(slugs))
	}
}

// TestHealthEachStopsReadingAheadOnAnError: an output that fails stops
// the run with its error, the reads ahead with it (they end before
// HealthEach returns: the store is closed right after).
func TestHealthEachStopsReadingAheadOnAnError(t *testing.T) {
	a, _ := openTest(t)
	portfolioOfCT(t, a, 20)
	savedSizes, savedRest := aheadGroupSizes, aheadGroupRest
	defer func() { aheadGroupSizes, aheadGroupRest = savedSizes, savedRest }()
	aheadGroupSizes, aheadGroupRest = nil, 1
	stop := errors.New("the output is closed")
	n := 0
	err := a.HealthEach(context.Background(), "", model.MustDate("2026-08-18"), healthJSON, func(Verdict) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("HealthEach = %v after %d verdicts, want %v after 1", err, n, stop)
	}
	if err := a.store.Close(); err != nil {
		t.Fatal(err)
	}
	// A cancelled run, before any pilot comes out.
	b, _ := openTest(t)
	portfolioOfCT(t, b, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.HealthEach(ctx, "", model.MustDate("2026-08-18"), healthJSON, func(Verdict) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled HealthEach = %v, want context.Canceled", err)
	}
}

// TestHealthEachWithSeriesOpensOneConnection: over a portfolio with
// data, health reads the definitions and everything of the windows (the
// pilots with series, their series' list, the baseline queries) under
// the page lock, on its connection: one connection, one parse of the
// schema, whatever the timing. Before, the definitions' read took one
// connection and the lock a second; before that, the read ahead's
// queries went beside both, on a third.
func TestHealthEachWithSeriesOpensOneConnection(t *testing.T) {
	for round := range 10 { // a third connection came from a race: give it its chances
		a, path := openTest(t)
		slugs := portfolioOfCT(t, a, 30)
		// The log checkpointed and removed, as the last connection of a
		// run leaves it: the lock takes no checkpoint on a connection of
		// its own (store/pagescan.go).
		if err := a.store.Close(); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(path, testClock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		a = New(s, testClock)
		before := s.ConnectionsOpened()
		out, _ := healthOf(t, a, "")
		if len(out) != len(slugs) || !strings.Contains(out[0], `"current"`) {
			t.Fatalf("%d verdicts, want %d, the first with data:\n%s", len(out), len(slugs), out[0])
		}
		if after := s.ConnectionsOpened(); before != 1 || after != 1 {
			t.Fatalf("round %d: %d connections before health, %d after; want 1 and 1", round, before, after)
		}
	}
}

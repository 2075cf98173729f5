package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ringside/model"
)

// TestRowsAheadAnswersInOrder: rows read ahead come out as the source
// answered them, row errors in their place, over batches (1,024 rows
// each), and the source is not asked again after its final answer.
func TestRowsAheadAnswersInOrder(t *testing.T) {
	failed := errors.New("read failed")
	for _, tc := range []struct {
		what string
		n    int   // items before the final answer
		end  error // the final answer
	}{
		{"empty", 0, io.EOF},
		{"one row", 1, io.EOF},
		{"a batch exactly", aheadRows, io.EOF},
		{"two and a half batches", 2*aheadRows + aheadRows/2, io.EOF},
		{"a read error in the third batch", 2*aheadRows + 7, failed},
	} {
		var items []any
		for i := range tc.n {
			if i%700 == 3 { // rows 3, 703, 1403, 2103: rejected
				items = append(items, &RowError{Msg: fmt.Sprintf("t.csv:%d: bad", i+2)})
				continue
			}
			items = append(items, ObsRow{Line: i + 2, Pilot: "ct", Day: model.Date(i), Value: float64(i)})
		}
		items = append(items, tc.end)
		// Asked past its final answer, the source says so.
		src, asked := source(items...), 0
		counted := func() (ObsRow, error) {
			if asked++; asked > len(items) {
				return ObsRow{}, errors.New("asked past the final answer")
			}
			return src()
		}
		a := readAhead(counted)
		want := source(items...)
		for k := 0; ; k++ {
			r, err := a.next()
			wr, werr := want()
			if r != wr || fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("%s: answer %d is %+v, %v; want %+v, %v", tc.what, k, r, err, wr, werr)
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				break
			}
		}
		a.close()
		if asked != len(items) {
			t.Errorf("%s: the source was asked %d times, want %d", tc.what, asked, len(items))
		}
	}
}

// TestRowsAheadCloseWaits: once close returns, the source is not called
// again, though the reading goroutine was inside a call when it was asked
// to stop (a spooled import that failed leaves no reader running on the
// caller's file).
func TestRowsAheadCloseWaits(t *testing.T) {
	var closed, after atomic.Bool
	calls := 0
	a := readAhead(func() (ObsRow, error) {
		if closed.Load() {
			after.Store(true)
		}
		if calls++; calls > aheadRows {
			time.Sleep(2 * time.Millisecond) // slow from the second batch: close comes mid-call
		}
		return ObsRow{Line: calls}, nil
	})
	for i := range 10 {
		if r, err := a.next(); err != nil || r.Line != i+1 {
			t.Fatalf("row %d: %+v, %v", i, r, err)
		}
	}
	a.close()
	closed.Store(true)
	time.Sleep(5 * time.Millisecond)
	if after.Load() {
		t.Error("the source was called after close returned")
	}
	if calls > aheadRows+64 {
		t.Errorf("%d calls: the reader went on after close", calls)
	}
}

// dateOrdered is 30 days × 2 rings × 2 metrics of pilot ct, by date
// (120 rows from line 2); bad(i, line) may replace row i.
func dateOrdered(bad func(i, line int) any) []any {
	var items []any
	for d := range 30 {
		for _, r := range []string{"pilot", "canary"} {
			for _, m := range []string{"triage_min", "misroute_pct"} {
				line := len(items) + 2
				var it any = ObsRow{Line: line, Pilot: "ct", Ring: r, Metric: m, Day: model.MustDate("2026-01-01").AddDays(d), Value: float64(d)}
				if bad != nil {
					if b := bad(len(items), line); b != nil {
						it = b
					}
				}
				items = append(items, it)
			}
		}
	}
	return items
}

// TestSpooledImportRejectsLateRows: bad rows late in a spooled file (read
// ahead by then: 16-row chunks, the first decides to spool) are named at
// their lines, in file order, as when the chunks are written as they come;
// nothing is written and no scratch file is left.
func TestSpooledImportRejectsLateRows(t *testing.T) {
	defer func(n, b int) { chunkRows, spoolBelow = n, b }(chunkRows, spoolBelow)
	chunkRows = 16
	items := dateOrdered(func(i, line int) any {
		switch i {
		case 70:
			return ObsRow{Line: line, Pilot: "zz", Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-01-18"), Value: 1}
		case 95:
			return &RowError{Msg: fmt.Sprintf("t.csv:%d: the date reads two ways", line)}
		case 118:
			return ObsRow{Line: line, Pilot: "ct", Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-01-30"), Value: math.NaN()}
		}
		return nil
	})
	var got []string
	for _, below := range []int{0, 64} { // written as they come; spooled
		spoolBelow = below
		s := openObs(t, "ct")
		before := dbState(t, s)
		st := importRows(t, s, ImportMeta{}, items...)
		got = append(got, fmt.Sprint(counts(st), st.Errors, st.UnknownPilots))
		if after := dbState(t, s); after != before {
			t.Errorf("spoolBelow %d: the database changed:\n%s", below, after)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(s.path), ".ringside-import-*")); len(left) > 0 {
			t.Errorf("scratch files left: %v", left)
		}
	}
	want := `[120 0 0 0 120] [t.csv:72: unknown pilot "zz" t.csv:97: the date reads two ways t.csv:120: value of triage_min is not a finite number]`
	if !strings.HasPrefix(got[1], want) {
		t.Errorf("spooled: %s\nwant %s…", got[1], want)
	}
	if got[0] != got[1] {
		t.Errorf("written as they come: %s\nspooled: %s", got[0], got[1])
	}
}

// TestSpooledImportFailsCleanly: a source that fails late, and a cancel
// while the spooled runs are merged and written, fail the import whole:
// nothing written, the error said, no scratch file left, and the import
// returns (the merging goroutine stops with the writer).
func TestSpooledImportFailsCleanly(t *testing.T) {
	defer func(n, b int) { chunkRows, spoolBelow = n, b }(chunkRows, spoolBelow)
	chunkRows, spoolBelow = 16, 64
	gone := errors.New("t.csv: disk gone")
	for _, tc := range []struct {
		what   string
		items  []any
		cancel bool  // at io.EOF: the merge's first write fails
		want   error // nil: any (the transaction's own rollback may close its statements first)
	}{
		{"a read error on line 100", append(dateOrdered(nil)[:98], gone), false, gone},
		{"cancelled before the merge", dateOrdered(nil), true, nil},
	} {
		s := openObs(t, "ct")
		before := dbState(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		src := source(tc.items...)
		next := func() (ObsRow, error) {
			r, err := src()
			if err == io.EOF && tc.cancel {
				cancel()
			}
			return r, err
		}
		_, err := s.ImportObservations(ctx, Change{Actor: "tester"}, ImportMeta{File: "t.csv"}, next)
		cancel()
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.what, err, tc.want)
		}
		if after := dbState(t, s); after != before {
			t.Errorf("%s: the database changed:\n%s", tc.what, after)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(s.path), ".ringside-import-*")); len(left) > 0 {
			t.Errorf("%s: scratch files left: %v", tc.what, left)
		}
	}
}

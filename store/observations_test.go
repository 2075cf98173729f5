package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"ringside/model"
	"ringside/model/health"
)

// obsPilot is a small pilot for observation tests: rings pilot and canary,
// KPIs triage_min and misroute_pct.
func obsPilot(slug string) model.Pilot {
	return model.Pilot{Slug: slug, Name: "Pilot " + slug, Stage: model.StagePilot,
		Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}, {Name: "canary", Status: model.RingPlanned}},
		KPIs: []model.KPI{
			{Key: "triage_min", Better: model.BetterLower, Target: model.MustCriterion("<= -10%"), Critical: true},
			{Key: "misroute_pct", Better: model.BetterLower, Target: model.MustCriterion("pct <= 0"), Critical: true},
		}}
}

func openObs(t *testing.T, slugs ...string) *Store {
	t.Helper()
	s := openTest(t)
	var ps []model.Pilot
	for _, slug := range slugs {
		ps = append(ps, obsPilot(slug))
	}
	if _, err := s.ApplyPilots(context.Background(), "tester", ps); err != nil {
		t.Fatal(err)
	}
	return s
}

// row builds an observation of pilot "ct" at a line.
func row(line int, ring, metric, day string, v float64) ObsRow {
	return ObsRow{Line: line, Pilot: "ct", Ring: ring, Metric: metric, Day: model.MustDate(day), Value: v}
}

// source hands out rows, then io.EOF; an error in the list is returned in turn.
func source(items ...any) func() (ObsRow, error) {
	i := 0
	return func() (ObsRow, error) {
		if i >= len(items) {
			return ObsRow{}, io.EOF
		}
		it := items[i]
		i++
		switch v := it.(type) {
		case ObsRow:
			return v, nil
		case error:
			return ObsRow{}, v
		}
		panic(fmt.Sprintf("source: %T", it))
	}
}

func rowsOf(rs ...ObsRow) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}

func importRows(t *testing.T, s *Store, meta ImportMeta, items ...any) ImportStats {
	t.Helper()
	if meta.File == "" {
		meta.File = "t.csv"
	}
	st, err := s.ImportObservations(context.Background(), Change{Actor: "tester"}, meta, source(items...))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// dbState is everything an import may write, for before/after comparisons.
func dbState(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT series_id, day, value, import_id FROM observations ORDER BY series_id, day",
		"SELECT id, pilot_id, ring, metric, first_day, last_day, n, sum FROM series ORDER BY id",
		"SELECT id, file, rows, new, updated, unchanged FROM imports ORDER BY id",
		"SELECT seq, hash FROM audit ORDER BY seq",
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

func counts(st ImportStats) [5]int {
	return [5]int{st.Rows, st.New, st.Updated, st.Unchanged, st.Rejected}
}

func TestImportNewThenUnchangedThenUpdated(t *testing.T) {
	s := openObs(t, "ct")
	ctx := context.Background()
	first := rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.5),
		row(4, "canary", "misroute_pct", "2026-01-27", 8.3),
	)
	st := importRows(t, s, ImportMeta{SHA256: "abc"}, first...)
	if got, want := counts(st), [5]int{3, 3, 0, 0, 0}; got != want || !st.Accepted || st.ImportID == 0 {
		t.Fatalf("first import: counts %v accepted %v id %d, want %v", got, st.Accepted, st.ImportID, want)
	}
	head1, _ := s.HeadHash(ctx)
	before := dbState(t, s)

	// The same rows again: all unchanged, and nothing written at all.
	st = importRows(t, s, ImportMeta{}, first...)
	if got, want := counts(st), [5]int{3, 0, 0, 3, 0}; got != want || st.ImportID != 0 {
		t.Fatalf("re-import: counts %v id %d, want %v and no import", got, st.ImportID, want)
	}
	if after := dbState(t, s); after != before {
		t.Errorf("re-import changed the database:\n%s\nwas\n%s", after, before)
	}

	// One changed value and one new day: updated 1, new 1, unchanged 1.
	st = importRows(t, s, ImportMeta{File: "fix.csv", SHA256: "def"},
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.1),
		row(4, "pilot", "triage_min", "2026-01-28", 7.0),
	)
	if got, want := counts(st), [5]int{3, 1, 1, 1, 0}; got != want {
		t.Fatalf("update: counts %v, want %v", got, want)
	}
	entries, err := s.Audit(ctx, AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := entries[0]
	if e.Action != "import" || e.Pilot != "ct" || e.PrevHash != head1 || !strings.Contains(e.Summary, "1 new, 1 updated, 1 unchanged") {
		t.Errorf("audit entry %+v", e)
	}
	var after struct {
		File     string     `json:"file"`
		SHA256   string     `json:"sha256"`
		Replaced []replaced `json:"replaced"`
		Total    int        `json:"replaced_total"`
	}
	if err := json.Unmarshal([]byte(e.After), &after); err != nil {
		t.Fatal(err)
	}
	want := []replaced{{Pilot: "ct", Ring: "pilot", Metric: "triage_min", Day: "2026-01-27", Old: 7.5, New: 7.1}}
	if after.File != "fix.csv" || after.SHA256 != "def" || after.Total != 1 || !reflect.DeepEqual(after.Replaced, want) {
		t.Errorf("audit after = %+v, want replaced %+v", after, want)
	}

	// Summary of pilot/triage_min: days 26, 27, 28 with 7.9, 7.1, 7.0:
	// n 3, sum 7.9 + 7.1 + 7.0 = 22.0.
	var n int
	var sum float64
	var lo, hi int64
	if err := s.db.QueryRow("SELECT n, sum, first_day, last_day FROM series WHERE ring = 'pilot' AND metric = 'triage_min'").Scan(&n, &sum, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if n != 3 || fmt.Sprintf("%.9f", sum) != "22.000000000" || model.Date(lo) != model.MustDate("2026-01-26") || model.Date(hi) != model.MustDate("2026-01-28") {
		t.Errorf("summary n %d sum %v days %s..%s", n, sum, model.Date(lo), model.Date(hi))
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Errorf("verify: %+v %v", r, err)
	}
}

func TestImportRejectsTheWholeFile(t *testing.T) {
	tests := []struct {
		name     string
		items    []any
		rejected int
		errors   []string
		unknown  []UnknownPilot // the message at Errors[0] words no remedy: the front ends do
	}{
		{name: "a bad row among good ones",
			items: []any{row(2, "pilot", "triage_min", "2026-01-26", 7.9), &RowError{Msg: `t.csv:3: value "x" is not a number`},
				row(4, "pilot", "triage_min", "2026-01-28", 7.0)},
			rejected: 3, errors: []string{`t.csv:3: value "x" is not a number`}}, // 1 bad row of 3: none taken, 3 rejected
		{name: "unknown pilot is named once, no row is taken", // 2 rows of an unknown pilot and 1 good: 3 rejected
			items: []any{row(2, "pilot", "triage_min", "2026-01-26", 7.9),
				ObsRow{Line: 3, Pilot: "nope", Ring: "pilot", Metric: "m", Day: 20000, Value: 1},
				ObsRow{Line: 4, Pilot: "nope", Ring: "pilot", Metric: "m", Day: 20001, Value: 1}},
			rejected: 3, errors: []string{`t.csv:3: unknown pilot "nope"`}, unknown: []UnknownPilot{{Slug: "nope", Line: 3, Error: 0}}},
		{name: "an unknown pilot past the listed errors is still typed", // 20 bad rows fill the list: the pilot's message is not listed (Error -1)
			items:    append(badRows(20), ObsRow{Line: 30, Pilot: "nope", Ring: "pilot", Metric: "m", Day: 20000, Value: 1}),
			rejected: 21, errors: append(badMsgs(20), "… and 1 more"), unknown: []UnknownPilot{{Slug: "nope", Line: 30, Error: -1}}},
		{name: "control characters in a key",
			items:    []any{row(2, "pi\x1b[2Jlot", "triage_min", "2026-01-26", 7.9)},
			rejected: 1, errors: []string{`t.csv:2: ring "pi\x1b[2Jlot" is empty or holds control characters or surrounding spaces: use plain text`}},
		{name: "a value that is not finite",
			items:    []any{ObsRow{Line: 2, Pilot: "ct", Ring: "pilot", Metric: "m", Day: 20000, Value: inf()}},
			rejected: 1, errors: []string{"t.csv:2: value of m is not a finite number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openObs(t, "ct")
			importRows(t, s, ImportMeta{}, row(9, "canary", "triage_min", "2026-01-01", 9))
			before := dbState(t, s)
			st := importRows(t, s, ImportMeta{}, tt.items...)
			if st.Accepted || st.Rejected != tt.rejected || st.Rows != st.Rejected || st.New+st.Updated+st.Unchanged != 0 {
				t.Errorf("stats %+v, want rows = rejected = %d and nothing counted", st, tt.rejected)
			}
			if !reflect.DeepEqual(st.Errors, tt.errors) {
				t.Errorf("errors %q, want %q", st.Errors, tt.errors)
			}
			if !reflect.DeepEqual(st.UnknownPilots, tt.unknown) {
				t.Errorf("unknown pilots %+v, want %+v", st.UnknownPilots, tt.unknown)
			}
			if after := dbState(t, s); after != before {
				t.Errorf("a rejected file changed the database:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

func inf() float64 { return math.Inf(1) }

// badRows are n rows a reader rejected, at lines 2…n+1; badMsgs their messages.
func badRows(n int) []any {
	var items []any
	for _, m := range badMsgs(n) {
		items = append(items, &RowError{Msg: m})
	}
	return items
}

func badMsgs(n int) []string {
	var msgs []string
	for i := range n {
		msgs = append(msgs, fmt.Sprintf("t.csv:%d: bad", i+2))
	}
	return msgs
}

func TestImportListsTwentyErrorsThenCounts(t *testing.T) {
	s := openObs(t, "ct")
	var items []any
	for i := range 25 {
		items = append(items, &RowError{Msg: fmt.Sprintf("t.csv:%d: bad", i+2)})
	}
	st := importRows(t, s, ImportMeta{}, items...)
	if st.Rejected != 25 || len(st.Errors) != MaxErrors+1 || st.Errors[MaxErrors] != "… and 5 more" || st.Errors[0] != "t.csv:2: bad" {
		t.Errorf("rejected %d, errors %q", st.Rejected, st.Errors)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{}, row(2, "pilot", "triage_min", "2026-01-26", 7.9))
	before := dbState(t, s)
	st := importRows(t, s, ImportMeta{DryRun: true},
		row(2, "pilot", "triage_min", "2026-01-26", 8.0), row(3, "pilot", "triage_min", "2026-01-27", 7.0))
	if got, want := counts(st), [5]int{2, 1, 1, 0, 0}; got != want || !st.Accepted || !st.DryRun || st.ImportID != 0 {
		t.Errorf("dry run: counts %v accepted %v id %d, want %v", got, st.Accepted, st.ImportID, want)
	}
	if after := dbState(t, s); after != before {
		t.Errorf("dry run changed the database")
	}
}

func TestImportMergesRowsOfOneDay(t *testing.T) {
	s := openObs(t, "ct")
	// Two readings on Jan 26 (timestamps of one day): the day keeps their
	// mean, (7.9 + 8.1) / 2 = 8.0. Counts are of readings: 2 rows, 2 new.
	items := rowsOf(row(2, "pilot", "triage_min", "2026-01-26", 7.9), row(3, "pilot", "triage_min", "2026-01-26", 8.1))
	st := importRows(t, s, ImportMeta{}, items...)
	if got, want := counts(st), [5]int{2, 2, 0, 0, 0}; got != want {
		t.Fatalf("counts %v, want %v", got, want)
	}
	obs, _, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-31"), 7)
	if err != nil {
		t.Fatal(err)
	}
	if got := obs["pilot"]["triage_min"].Values; len(got) != 1 || fmt.Sprintf("%.9f", got[0]) != "8.000000000" {
		t.Errorf("values %v, want [8]", got)
	}
	st = importRows(t, s, ImportMeta{}, items...)
	if got, want := counts(st), [5]int{2, 0, 0, 2, 0}; got != want {
		t.Errorf("re-import counts %v, want %v", got, want)
	}
}

// TestImportCountsAddUp: rows = new + updated + unchanged + rejected,
// counted in readings, for a file with several readings a day, imported
// and then again with one day changed and one day added.
func TestImportCountsAddUp(t *testing.T) {
	s := openObs(t, "ct")
	first := rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7), // Jan 26: 1 reading
		row(3, "pilot", "triage_min", "2026-01-27", 1), // Jan 27: 3 readings
		row(4, "pilot", "triage_min", "2026-01-27", 3),
		row(5, "pilot", "triage_min", "2026-01-27", 5),
		row(6, "canary", "triage_min", "2026-01-27", 9), // canary Jan 27: 2 readings
		row(7, "canary", "triage_min", "2026-01-27", 9),
	)
	// 6 rows, every day new: 1 + 3 + 2 = 6 new.
	if got, want := counts(importRows(t, s, ImportMeta{}, first...)), [5]int{6, 6, 0, 0, 0}; got != want {
		t.Fatalf("first import counts %v, want %v", got, want)
	}
	second := rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7), // as stored: 1 unchanged
		row(3, "pilot", "triage_min", "2026-01-27", 1), // 1, 3, 6: the day changed, 3 updated
		row(4, "pilot", "triage_min", "2026-01-27", 3),
		row(5, "pilot", "triage_min", "2026-01-27", 6),
		row(6, "canary", "triage_min", "2026-01-27", 9), // as stored: 2 unchanged
		row(7, "canary", "triage_min", "2026-01-27", 9),
		row(8, "canary", "triage_min", "2026-01-28", 4), // a new day of 2 readings: 2 new
		row(9, "canary", "triage_min", "2026-01-28", 6),
	)
	// 8 rows = 2 new + 3 updated + 3 unchanged + 0 rejected.
	st := importRows(t, s, ImportMeta{}, second...)
	if got, want := counts(st), [5]int{8, 2, 3, 3, 0}; got != want {
		t.Fatalf("re-import counts %v, want %v", got, want)
	}
	if st.Rows != st.New+st.Updated+st.Unchanged+st.Rejected {
		t.Errorf("counts %v do not add up", counts(st))
	}
}

func TestImportMatchesKeysIgnoringCaseAndKeepsUnknownOnes(t *testing.T) {
	s := openObs(t, "ct")
	st := importRows(t, s, ImportMeta{},
		row(2, "Pilot", "Triage_Min", "2026-01-26", 7.9),
		row(3, "pilot", "foo", "2026-01-26", 1),
		row(4, "pilot", "foo", "2026-01-27", 2),
		row(5, "canry", "triage_min", "2026-01-26", 1),
		row(6, "BASELINE", "triage_min", "2026-01-26", 12),
	)
	if !st.Accepted || st.New != 5 {
		t.Fatalf("stats %+v", st)
	}
	wantM := []UnknownKey{{Pilot: "ct", Key: "foo", Rows: 2}}
	wantR := []UnknownKey{{Pilot: "ct", Key: "canry", Rows: 1}}
	if !reflect.DeepEqual(st.UnknownMetrics, wantM) || !reflect.DeepEqual(st.UnknownRings, wantR) {
		t.Errorf("unknown metrics %+v rings %+v, want %+v %+v", st.UnknownMetrics, st.UnknownRings, wantM, wantR)
	}
	obs, means, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-31"), 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs["pilot"]["triage_min"].Values) != 1 || means["triage_min"] != 12 {
		t.Errorf("Pilot/Triage_Min did not land in pilot/triage_min: %+v, baseline means %v", obs, means)
	}
}

// TestImportAcrossChunks cuts a date-sorted file into many chunks, so runs
// of one series meet what earlier chunks of the same import wrote.
func TestImportAcrossChunks(t *testing.T) {
	defer func(n int) { chunkRows = n }(chunkRows)
	chunkRows = 10 // a chunk is cut at the first day change after 10 rows: two days (12 rows), days 6–7 together (18)
	s := openObs(t, "ct")
	var items []any
	line := 2
	for d := range 20 {
		day := model.MustDate("2026-01-01").AddDays(d)
		for _, r := range []string{"baseline", "pilot", "canary"} {
			for _, m := range []string{"triage_min", "misroute_pct"} {
				items = append(items, ObsRow{Line: line, Pilot: "ct", Ring: r, Metric: m, Day: day, Value: float64(d)})
				line++
				if d == 7 { // a second reading of the day: mean (7 + 9) / 2 = 8
					items = append(items, ObsRow{Line: line, Pilot: "ct", Ring: r, Metric: m, Day: day, Value: 9})
					line++
				}
			}
		}
	}
	st := importRows(t, s, ImportMeta{}, items...)
	// 20 days × 6 series = 120 days stored from 126 readings (day 7 has
	// two per series): 126 new.
	if got, want := counts(st), [5]int{126, 126, 0, 0, 0}; got != want {
		t.Fatalf("counts %v, want %v", got, want)
	}
	// As of Jan 20 (the last day, value 19), window 7: Jan 14..20, values 13..19.
	obs, means, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-20"), 7)
	if err != nil {
		t.Fatal(err)
	}
	want := health.Series{}
	for d := 13; d <= 19; d++ {
		want.Days = append(want.Days, model.MustDate("2026-01-01").AddDays(d))
		want.Values = append(want.Values, float64(d))
	}
	if got := obs["canary"]["misroute_pct"]; !reflect.DeepEqual(got, want) {
		t.Errorf("canary/misroute_pct = %+v, want %+v", got, want)
	}
	// Baseline mean over all 21 readings (the spec's mean of the
	// observations, not of day means): (0+1+…+19 + 9) / 21 = 199 / 21 = 9.476190476.
	if got := means["misroute_pct"]; fmt.Sprintf("%.9f", got) != "9.476190476" {
		t.Errorf("baseline mean = %v, want 9.476190476", got)
	}
	st = importRows(t, s, ImportMeta{}, items...)
	if got, want := counts(st), [5]int{126, 0, 0, 126, 0}; got != want {
		t.Errorf("re-import counts %v, want %v", got, want)
	}
	// An unsorted file whose day reappears chunks later: the day's
	// readings add up across chunks (no "sort the file" false alarm).
	// 2026-03-01 gets 1 then 5: n 2, sum 6, mean 3.
	late := ObsRow{Line: 999, Pilot: "ct", Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-03-01"), Value: 1}
	later := late
	later.Value = 5
	st = importRows(t, s, ImportMeta{}, append(append([]any{late}, items[:30]...), later)...)
	// 32 rows: 2026-03-01's two readings (in different chunks) are new,
	// the 30 rows of Jan 1–5 as stored are unchanged.
	if got, want := counts(st), [5]int{32, 2, 0, 30, 0}; !st.Accepted || got != want {
		t.Fatalf("late duplicate: accepted %v counts %v, want %v, errors %q", st.Accepted, got, want, st.Errors)
	}
	obs, _, err = s.SeriesFor(context.Background(), "ct", model.MustDate("2026-03-01"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := obs["pilot"]["triage_min"]; len(got.Values) != 1 || got.Values[0] != 3 || !reflect.DeepEqual(got.Counts, []int{2}) || !reflect.DeepEqual(got.Sums, []float64{6}) || !reflect.DeepEqual(got.SumSqs, []float64{26}) {
		t.Errorf("2026-03-01 = %+v, want value 3 from 2 readings (sum 6, squares 1 + 25 = 26)", got)
	}
}

// TestOneDayAcrossManyChunks: a sorted file of one day's per-second
// readings (the 345,600 rows, scaled down by cutting chunks at 10
// rows) imports as one day of every reading, first time and again.
func TestOneDayAcrossManyChunks(t *testing.T) {
	defer func(n int) { chunkRows = n }(chunkRows)
	chunkRows = 10 // chunks are cut at 2 × 10 rows even inside a day
	s := openObs(t, "ct")
	var items []any
	sum, sq := 0.0, 0.0
	for i := range 1000 {
		v := float64(i % 7) // 0..6
		sum, sq = sum+v, sq+v*v
		items = append(items, ObsRow{Line: i + 2, Pilot: "ct", Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-01-05"), Value: v})
	}
	check := func(what string, st ImportStats, want [5]int) {
		t.Helper()
		if !st.Accepted {
			t.Fatalf("%s: rejected: %q", what, st.Errors)
		}
		if got := counts(st); got != want {
			t.Errorf("%s: counts %v, want %v", what, got, want)
		}
		obs, _, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-05"), 1)
		if err != nil {
			t.Fatal(err)
		}
		got := obs["pilot"]["triage_min"]
		// 1000 readings of i % 7: 142 full cycles (0..6, sum 21) and 0..5 (sum 15): 142×21 + 15 = 2997.
		if sum != 2997 || !reflect.DeepEqual(got.Counts, []int{1000}) || !reflect.DeepEqual(got.Sums, []float64{2997}) || got.SumSqs[0] != sq || got.Values[0] != 2.997 {
			t.Errorf("%s: day = %+v, want 1000 readings summing to 2997 (mean 2.997)", what, got)
		}
	}
	// The one day's 1000 readings, every one new.
	check("first import", importRows(t, s, ImportMeta{}, items...), [5]int{1000, 1000, 0, 0, 0})
	// Again: the first chunk's part of the day differs from the stored day,
	// so it replaces it and the later chunks add to it; the day ends as it
	// was, and all 1000 readings count as updated (the day was rewritten).
	check("re-import", importRows(t, s, ImportMeta{}, items...), [5]int{1000, 0, 1000, 0, 0})
	// A file of the first 10 readings, then the whole file: its first
	// chunk matches the stored day exactly (kept unchanged), the rest add to it.
	check("after a partial file", func() ImportStats {
		importRows(t, s, ImportMeta{}, items[:10]...)
		importRows(t, s, ImportMeta{}, items...)
		st := importRows(t, s, ImportMeta{}, items...)
		// The first chunk's 10 readings were kept unchanged, then later
		// chunks changed the day: all 1000 count as updated.
		if got, want := counts(st), [5]int{1000, 0, 1000, 0, 0}; got != want {
			t.Errorf("whole file after the first 10: counts %v, want %v", got, want)
		}
		return importRows(t, s, ImportMeta{}, items...)
	}(), [5]int{1000, 0, 1000, 0, 0})
	importRows(t, s, ImportMeta{}, items[:20]...)
	check("first 20 then all", importRows(t, s, ImportMeta{}, items...), [5]int{1000, 0, 1000, 0, 0})
}

// TestBaselineMeanAsOf: the ring "baseline" mean of a view as of a day
// uses only readings dated on or before it.
func TestBaselineMeanAsOf(t *testing.T) {
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{},
		row(2, "baseline", "triage_min", "2026-01-01", 10),
		row(3, "baseline", "triage_min", "2026-01-02", 20),
		row(4, "baseline", "triage_min", "2026-01-10", 90),
	)
	for _, tt := range []struct {
		asOf string
		want float64
	}{{"2026-01-02", 15}, {"2026-01-09", 15}, {"2026-01-10", 40}} { // (10+20)/2; (10+20+90)/3
		_, means, err := s.SeriesFor(context.Background(), "ct", model.MustDate(tt.asOf), 7)
		if err != nil {
			t.Fatal(err)
		}
		if means["triage_min"] != tt.want {
			t.Errorf("as of %s: baseline mean %v, want %v", tt.asOf, means["triage_min"], tt.want)
		}
	}
	if _, means, _ := s.SeriesFor(context.Background(), "ct", model.MustDate("2025-12-31"), 7); len(means) != 0 {
		t.Errorf("as of 2025-12-31: baseline means %v, want none", means)
	}
}

func TestSeriesForAsOf(t *testing.T) {
	s := openObs(t, "ct")
	d := func(s string) model.Date { return model.MustDate(s) }
	importRows(t, s, ImportMeta{},
		row(2, "pilot", "triage_min", "2026-01-01", 1),
		row(3, "pilot", "triage_min", "2026-01-05", 5),
		row(4, "pilot", "triage_min", "2026-01-08", 8),
		row(5, "pilot", "triage_min", "2026-01-20", 20),
	)
	tests := []struct {
		name string
		asOf string
		days int
		want health.Series
	}{
		// The latest day on or before the evaluation day, then `days` back from it.
		{"after the last day", "2026-02-01", 7, health.Series{Days: []model.Date{d("2026-01-20")}, Values: []float64{20}}},
		{"between days: latest is Jan 8, window Jan 2..8", "2026-01-10", 7,
			health.Series{Days: []model.Date{d("2026-01-05"), d("2026-01-08")}, Values: []float64{5, 8}}},
		{"wider window reaches Jan 1", "2026-01-10", 8,
			health.Series{Days: []model.Date{d("2026-01-01"), d("2026-01-05"), d("2026-01-08")}, Values: []float64{1, 5, 8}}},
		{"on a day", "2026-01-05", 1, health.Series{Days: []model.Date{d("2026-01-05")}, Values: []float64{5}}},
		{"before any day", "2025-12-31", 7, health.Series{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs, _, err := s.SeriesFor(context.Background(), "ct", d(tt.asOf), tt.days)
			if err != nil {
				t.Fatal(err)
			}
			if got := obs["pilot"]["triage_min"]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			all, err := s.AllSeries(context.Background(), d(tt.asOf), tt.days)
			if err != nil {
				t.Fatal(err)
			}
			if got := all["ct"].Obs["pilot"]["triage_min"]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AllSeries got %+v, want %+v", got, tt.want)
			}
		})
	}
	if obs, means, err := s.SeriesFor(context.Background(), "nobody", d("2026-02-01"), 7); err != nil || len(obs) != 0 || len(means) != 0 {
		t.Errorf("unknown pilot: %v %v %v", obs, means, err)
	}
}

func TestObservationsSurviveApply(t *testing.T) {
	s := openObs(t, "ct")
	importRows(t, s, ImportMeta{}, row(2, "pilot", "triage_min", "2026-01-26", 7.9))
	p := obsPilot("ct")
	p.Name = "Renamed"
	p.KPIs = p.KPIs[:1]
	if _, err := s.ApplyPilots(context.Background(), "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	obs, _, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-31"), 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs["pilot"]["triage_min"].Values) != 1 {
		t.Errorf("observations lost after apply: %+v", obs)
	}
}

// TestTwoImportsAtOnce: two handles on one file import together; the
// second waits for the first's transaction (busy_timeout), and both land.
func TestTwoImportsAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ringside.db")
	a, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.ApplyPilots(context.Background(), "tester", []model.Pilot{obsPilot("ct")}); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var items []any
			for d := range 2000 {
				items = append(items, ObsRow{Line: d + 2, Pilot: "ct", Ring: []string{"pilot", "canary"}[i], Metric: "triage_min", Day: model.Date(20000 + d), Value: 1})
			}
			_, errs[i] = s.ImportObservations(context.Background(), Change{Actor: "tester"}, ImportMeta{File: fmt.Sprint(i)}, source(items...))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("import %d: %v", i, err)
		}
	}
	if n, err := a.ObservationCount(context.Background()); err != nil || n != 4000 {
		t.Errorf("count %d %v, want 4000", n, err)
	}
	var imports int
	if err := a.db.QueryRow("SELECT count(*) FROM imports").Scan(&imports); err != nil || imports != 2 {
		t.Errorf("imports %d %v", imports, err)
	}
}

// TestDailyAggregation: a KPI's aggregation decides what a day of several
// readings is worth; the readings are stored once, so changing the KPI's
// aggregation later needs no re-import.
func TestDailyAggregation(t *testing.T) {
	for _, tt := range []struct {
		agg  model.Aggregation
		want float64 // readings 4, 1, 7 on one day, in that order
	}{{"", 4}, {model.AggMean, 4}, {model.AggSum, 12}, {model.AggMin, 1}, {model.AggMax, 7}, {model.AggLast, 7}} {
		t.Run("aggregation="+string(tt.agg), func(t *testing.T) { // a "#" in the test name would cut the database path
			s := openTest(t)
			p := obsPilot("ct")
			for i := range p.KPIs {
				if p.KPIs[i].Key == "triage_min" {
					p.KPIs[i].Aggregation = tt.agg
				}
			}
			if _, err := s.ApplyPilots(context.Background(), "tester", []model.Pilot{p}); err != nil {
				t.Fatal(err)
			}
			importRows(t, s, ImportMeta{},
				row(2, "pilot", "triage_min", "2026-01-05", 4),
				row(3, "pilot", "triage_min", "2026-01-05", 1),
				row(4, "pilot", "triage_min", "2026-01-05", 7),
				row(5, "baseline", "triage_min", "2026-01-01", 2),
				row(6, "baseline", "triage_min", "2026-01-01", 6),
			)
			obs, means, err := s.SeriesFor(context.Background(), "ct", model.MustDate("2026-01-05"), 7)
			if err != nil {
				t.Fatal(err)
			}
			got := obs["pilot"]["triage_min"]
			if len(got.Values) != 1 || got.Values[0] != tt.want {
				t.Errorf("day value %v, want %v", got.Values, tt.want)
			}
			if (tt.agg == "" || tt.agg == model.AggMean) != (got.Counts != nil) {
				t.Errorf("counts %v: a mean carries the readings, a daily aggregate is one observation", got.Counts)
			}
			// Baseline day of 2 and 6: mean 4, sum 8, min 2, max 6, last 6.
			wantBase := map[model.Aggregation]float64{"": 4, model.AggMean: 4, model.AggSum: 8, model.AggMin: 2, model.AggMax: 6, model.AggLast: 6}[tt.agg]
			if means["triage_min"] != wantBase {
				t.Errorf("baseline mean %v, want %v", means["triage_min"], wantBase)
			}
		})
	}
}

// TestSpellingsOfOneSeriesMeet: a file that spells one series two ways,
// alternately, fills one series; two spellings of a metric no KPI names
// stay two series, as written.
func TestSpellingsOfOneSeriesMeet(t *testing.T) {
	s := openObs(t, "ct")
	st := importRows(t, s, ImportMeta{},
		row(2, "Pilot", "Triage_Min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.4),
		row(4, "Pilot", "Triage_Min", "2026-01-28", 7.1),
		row(5, "pilot", "Foo", "2026-01-26", 1),
		row(6, "pilot", "foo", "2026-01-26", 2),
		row(7, "pilot", "Foo", "2026-01-27", 3),
	)
	if !st.Accepted || st.New != 6 {
		t.Fatalf("stats %+v", st)
	}
	var got []string
	rows, err := s.db.Query("SELECT ring || '/' || metric || ' ' || n FROM series ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var x string
		rows.Scan(&x)
		got = append(got, x)
	}
	// pilot/triage_min: days 26, 27, 28; Foo: 26, 27; foo: 26.
	if want := []string{"pilot/triage_min 3", "pilot/Foo 2", "pilot/foo 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("series %q, want %q", got, want)
	}
}

// TestSeriesOfPilotsIsAllSeriesOfThem: reading a group of pilots' series
// (what health does a group at a time) gives each of them exactly what
// AllSeries gives, baseline means and samples included, and nothing of
// the pilots left out of the group.
func TestSeriesOfPilotsIsAllSeriesOfThem(t *testing.T) {
	s := openObs(t, "ct", "cu", "cv")
	var rows []any
	for i, slug := range []string{"ct", "cu", "cv"} {
		for d, day := range []string{"2026-01-01", "2026-01-02", "2026-01-05"} {
			for _, ring := range []string{"pilot", "baseline"} {
				r := row(len(rows)+2, ring, "triage_min", day, float64(10*i+d))
				r.Pilot = slug
				rows = append(rows, r)
			}
		}
	}
	importRows(t, s, ImportMeta{}, rows...)
	ctx := context.Background()
	asOf := model.MustDate("2026-01-10")
	all, err := s.AllSeries(ctx, asOf, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range [][]string{{"cu"}, {"ct", "cv"}, {"ct", "cu", "cv", "nobody"}} {
		got, err := s.SeriesOfPilots(ctx, group, asOf, 7)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]*PilotSeries{}
		for _, slug := range group {
			if all[slug] != nil {
				want[slug] = all[slug]
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: got %+v, want %+v", group, got, want)
		}
		if len(got) == 0 || got[group[0]] == nil || len(got[group[0]].Baselines) == 0 || len(got[group[0]].BaselineMeans) == 0 {
			t.Errorf("%v: no series or baseline read for %s: %+v", group, group[0], got)
		}
	}
}

// TestSeriesOfPilotsWithoutSeriesAsksOnce: a group of pilots that has
// no series (a portfolio without data) is answered by the one query that
// lists the series, not by five; a group with series but none of the
// baseline ring takes three (the series, their pilots and aggregating
// KPIs, the windows), and one with a baseline series all five (the
// baseline means and samples too).
func TestSeriesOfPilotsWithoutSeriesAsksOnce(t *testing.T) {
	s := openObs(t, "ct", "cu", "cv")
	r := row(2, "pilot", "triage_min", "2026-01-02", 7)
	r.Pilot = "ct"
	b := row(3, model.BaselineRing, "triage_min", "2026-01-02", 9)
	b.Pilot = "cv"
	importRows(t, s, ImportMeta{}, r, b)
	ctx := context.Background()
	for _, c := range []struct {
		group   []string
		queries int
		series  int
	}{{[]string{"cu"}, 1, 0}, {[]string{"cu", "nobody"}, 1, 0}, {[]string{"ct", "cu"}, 3, 1}, {[]string{"ct", "cv"}, 5, 2}} {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		q := &countingQuerier{tx: tx}
		got, err := loadSeriesOf(ctx, q, pilotSet(c.group), model.MustDate("2026-01-10"), 7, nil)
		tx.Rollback()
		if err != nil {
			t.Fatal(err)
		}
		if q.n != c.queries || len(got) != c.series {
			t.Errorf("%v: %d queries, %d pilots with series; want %d, %d", c.group, q.n, len(got), c.queries, c.series)
		}
	}
}

package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"ringside/model"
)

// TestJudgedCheckSplitReadsAlike: the rows checked on two goroutines,
// the KPIs split anywhere (none, a few, half, all of them on the second),
// give every pilot and definition as one goroutine does and as SQL reads
// them, and so with the file's pages read on two goroutines; a value
// that is not what ringside writes in either part sends the whole load
// through SQL, nothing passed on before. Not parallel: it sets
// checkSplit and judgedReadSplit.
func TestJudgedCheckSplitReadsAlike(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", append(variedPilots(12), definitionVariants()...)); err != nil {
		t.Fatal(err)
	}
	type load struct {
		pilots []model.Pilot
		defs   []int
	}
	read := func() (load, error) {
		var l load
		err := s.eachPilotJudgedFile(ctx, func(p model.Pilot, def int) error {
			l.pilots, l.defs = append(l.pilots, p), append(l.defs, def)
			return nil
		})
		return l, err
	}
	defer func(n int) { checkSplit = n }(checkSplit)
	checkSplit = 1 << 30
	alone, err := read()
	if err != nil || len(alone.pilots) < 40 {
		t.Fatalf("one goroutine: %d pilots, %v", len(alone.pilots), err)
	}
	if viaSQL := judgedViaSQL(t, s); !reflect.DeepEqual(alone.pilots, viaSQL) {
		t.Fatalf("one goroutine read\n%+v\nSQL\n%+v", alone.pilots, viaSQL)
	}
	var kpis int
	if err := s.db.QueryRow("SELECT count(*) FROM kpis").Scan(&kpis); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, table := range []string{"pilots", "rings", "kpis"} {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows += n
	}
	// The second goroutine takes the last total/2 KPIs (all of them when
	// there are fewer): checkSplit is only the threshold.
	// The file's pages read on two goroutines as well: every level split.
	defer func(n int) { judgedReadSplit = n }(judgedReadSplit)
	for _, split := range []int{1, rows / 2, rows} {
		for _, pages := range []int{1, 1 << 30} {
			checkSplit, judgedReadSplit = split, pages
			two, err := read()
			if err != nil || !reflect.DeepEqual(two, alone) {
				t.Errorf("checkSplit %d (%d rows, %d KPIs), judgedReadSplit %d: %v\n%+v\nwant\n%+v", split, rows, kpis, pages, err, two, alone)
			}
		}
	}
	checkSplit = 1
	for _, which := range []string{"min", "max"} { // the first goroutine's part, the second's
		if _, err := s.db.Exec("UPDATE kpis SET name = X'6869' WHERE rowid = (SELECT " + which + "(rowid) FROM kpis)"); err != nil {
			t.Fatal(err)
		}
		l, err := read()
		var unsupported errJudgedPages
		if !errors.As(err, &unsupported) || len(l.pilots) != 0 {
			t.Errorf("a blob in the %s KPI row: %d pilots, %v; want none and errJudgedPages", which, len(l.pilots), err)
		}
		if _, err := s.db.Exec("UPDATE kpis SET name = 'hi' WHERE rowid = (SELECT " + which + "(rowid) FROM kpis)"); err != nil {
			t.Fatal(err)
		}
	}
}

package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
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

// judgedTablesOf is the three tables' rows as the judged load reads them.
func judgedTablesOf(t testing.TB, s *Store) map[string]*pageTable {
	t.Helper()
	ctx := context.Background()
	tx := readTx(t, s)
	defer tx.Rollback()
	tables, err := judgedSchema(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := walkTables(func(pgnos []uint32) (map[uint32][]byte, error) { return fetchPages(ctx, tx, pgnos) }, tables); err != nil {
		t.Fatal(err)
	}
	return tables
}

// checkKeyedWhole is checkKeyed before rowShapes: every row's header
// read and checked whole.
func checkKeyedWhole(t *pageTable, from int, out []keyed) error {
	lo, hi, _ := t.keySpan(2)
	var vals [2]pageValue
	var offs [32]int32
	var types [32]uint32
	for i := range out {
		rec := t.rows[from+i].record
		n, body, err := t.checked(t.rows[from+i], vals[:], &offs, &types)
		if err != nil {
			return err
		}
		k := keyed{pilot: vals[0].i, ord: vals[1].i, row: int32(from + i)}
		if m := min(hi, n); m > lo {
			hsize := len(rec) - len(body)
			_, p := varint(rec)
			for range lo {
				_, w := varint(rec[p:])
				p += w
			}
			k.types = int32(p)
			for range m - lo {
				_, w := varint(rec[p:])
				p += w
			}
			k.fields, k.typesEnd = int32(m-lo), int32(p)
			k.body, k.bodyEnd = int32(hsize)+offs[lo], int32(hsize)+offs[m-1]+int32(serialSize(uint64(types[m-1])))
		}
		out[i] = k
	}
	return nil
}

// TestRowShapesCheckAsWhole: the rings' and KPIs' rows checked with their
// headers' shapes kept give what checking each whole gives, from any row
// on; a row whose header was met but whose body is longer or shorter is
// refused, as checked whole; and the KPIs of a thousand-pilot-like
// portfolio repeat few headers.
func TestRowShapesCheckAsWhole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", append(variedPilots(40), definitionVariants()...)); err != nil {
		t.Fatal(err)
	}
	tables := judgedTablesOf(t, s)
	for _, name := range []string{"rings", "kpis"} {
		tb := tables[name]
		for _, from := range []int{0, 1, len(tb.rows) / 2} {
			got, want := make([]keyed, len(tb.rows)-from), make([]keyed, len(tb.rows)-from)
			errGot, errWant := checkKeyed(tb, from, got), checkKeyedWhole(tb, from, want)
			if errGot != nil || errWant != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s from row %d: %v, %v\n%+v\nwant\n%+v", name, from, errGot, errWant, got, want)
			}
		}
		shapes := rowShapes{}
		var vals [2]pageValue
		for _, row := range tb.rows {
			if _, err := shapes.check(tb, row, vals[:]); err != nil {
				t.Fatal(err)
			}
		}
		if name == "kpis" && (len(shapes) == 0 || len(shapes) > len(tb.rows)/4) {
			t.Errorf("%d KPI rows have %d headers: the shapes are not shared", len(tb.rows), len(shapes))
		}
		// The first row's header again, its body a byte longer, then a byte short.
		row := tb.rows[0]
		for _, rec := range [][]byte{append(slices.Clone(row.record), 0), row.record[:len(row.record)-1]} {
			odd := pageRow{rowid: row.rowid, record: rec}
			var offs [32]int32
			var types [32]uint32
			_, _, whole := tb.checked(odd, vals[:], &offs, &types)
			_, kept := shapes.check(tb, odd, vals[:])
			if whole == nil || kept == nil {
				t.Errorf("%s: a record of %d bytes under a header of %d: whole %v, with the shapes %v; want both refused", name, len(rec), len(row.record), whole, kept)
			}
		}
	}
}

// FuzzRowShapes: a record checked with the shape of another kept gives
// what checking it whole gives: the same refusal, or the same columns and
// the same definition span.
func FuzzRowShapes(f *testing.F) {
	s := openTest(f)
	if _, err := s.ApplyPilots(context.Background(), "tester", append(variedPilots(6), definitionVariants()...)); err != nil {
		f.Fatal(err)
	}
	tb := judgedTablesOf(f, s)["kpis"]
	for i := 0; i+1 < len(tb.rows); i += 3 {
		f.Add(tb.rows[i].record, tb.rows[i+1].record)
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		shapes := rowShapes{}
		var vals [2]pageValue
		shapes.check(tb, pageRow{rowid: 7, record: first}, vals[:])
		row := pageRow{rowid: 9, record: second}
		got, want := make([]keyed, 1), make([]keyed, 1)
		one := &pageTable{root: tb.root, cols: tb.cols, rows: []pageRow{row}}
		errWant := checkKeyedWhole(one, 0, want)
		var kept [2]pageValue
		sh, errGot := shapes.check(one, row, kept[:])
		if (errGot == nil) != (errWant == nil) {
			t.Fatalf("with the shape of %x kept: %v; checked whole: %v", first, errGot, errWant)
		}
		if errGot != nil {
			return
		}
		var whole [2]pageValue
		var offs [32]int32
		var types [32]uint32
		tb.checked(row, whole[:], &offs, &types)
		if !reflect.DeepEqual(kept, whole) {
			t.Fatalf("columns %+v, checked whole %+v", kept, whole)
		}
		if err := checkKeyed(one, 0, got); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("definition span %+v (%v), checked whole %+v", got, err, want)
		}
		_ = sh
	})
}

package store

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// The judged load's check of every row, on both cores. A thousand pilots
// are 16,000 rows (1,000 pilots, 3,000 rings, 12,000 KPIs) and checking
// them is most of the load before the first pilot can go out; the rows
// are independent, so a second goroutine checks the last part of the
// KPIs while the first checks the rest.

// pilotRow is a pilots row as the load reads it.
type pilotRow struct {
	id         int64
	slug, name string
}

// keyed is a rings or kpis row by its primary key, with where its
// definition is (judged_defs.go): for a table whose keyed columns are one
// stretch of its records (keySpan), the number of those fields the
// record has (a byte), then record[types:typesEnd], its serial types,
// and record[body:bodyEnd], their bytes: nothing copied. For any other
// table (fields < 0), rowDefinition's bytes in keys[body:bodyEnd].
type keyed struct { // no pointers: sorting moves no write barriers
	pilot, ord                     int64
	row                            int32 // in the table's rows
	fields                         int32
	types, typesEnd, body, bodyEnd int32
}

// appendDefinition appends the row's definition to key, after its length.
func (k *keyed) appendDefinition(key []byte, t *pageTable, keys []byte) []byte {
	if k.fields < 0 {
		key = binary.AppendUvarint(key, uint64(k.bodyEnd-k.body))
		return append(key, keys[k.body:k.bodyEnd]...)
	}
	rec := t.rows[k.row].record
	key = binary.AppendUvarint(key, uint64(1+k.typesEnd-k.types+k.bodyEnd-k.body))
	key = append(key, byte(k.fields))
	key = append(key, rec[k.types:k.typesEnd]...)
	return append(key, rec[k.body:k.bodyEnd]...)
}

// checkSplit is how many rows the three tables must hold together for
// the check to take a second goroutine (ten pilots are 160 rows; its
// start and the wait cost more than checking a few hundred).
var checkSplit = 2048 // a variable for tests

// checkJudged checks every row of the three tables (pageTable.check) and
// returns the pilots by slug, the rings and KPIs by pilot and order, and
// the definitions that were copied (keyed).
func checkJudged(tables map[string]*pageTable) ([]pilotRow, []keyed, []keyed, []byte, error) {
	pt, rt, kt := tables["pilots"], tables["rings"], tables["kpis"]
	rings := make([]keyed, len(rt.rows))
	kpis := make([]keyed, len(kt.rows))
	_, _, rspan := rt.keySpan(2)
	_, _, kspan := kt.keySpan(2)
	if !rspan || !kspan { // definitions copied, into one buffer: one goroutine
		pilots, err := checkPilots(pt)
		var keys []byte
		if err == nil {
			keys, err = copyKeyed(rt, rings, nil)
		}
		if err == nil {
			keys, err = copyKeyed(kt, kpis, keys)
		}
		if err != nil {
			return nil, nil, nil, nil, err
		}
		sortKeyed(rings, kpis)
		return pilots, rings, kpis, keys, nil
	}
	split := len(kt.rows) // the KPIs from split on are the second goroutine's
	if total := len(pt.rows) + len(rt.rows) + len(kt.rows); total >= checkSplit {
		split = max(0, len(kt.rows)-total/2)
	}
	var late error
	done := make(chan struct{})
	if split < len(kt.rows) {
		go func() {
			defer close(done)
			late = checkKeyed(kt, split, kpis[split:])
		}()
	} else {
		close(done)
	}
	pilots, err := checkPilots(pt)
	if err == nil {
		err = checkKeyed(rt, 0, rings)
	}
	if err == nil {
		err = checkKeyed(kt, 0, kpis[:split])
	}
	<-done
	if err == nil {
		err = late
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sortKeyed(rings, kpis)
	return pilots, rings, kpis, nil, nil
}

// sortKeyed sorts rows by pilot, then order: the tables' primary key.
func sortKeyed(tables ...[]keyed) {
	for _, rows := range tables {
		slices.SortFunc(rows, func(a, b keyed) int {
			if c := cmp.Compare(a.pilot, b.pilot); c != 0 {
				return c
			}
			return cmp.Compare(a.ord, b.ord)
		})
	}
}

// checkPilots checks the pilots rows and returns them by slug.
func checkPilots(t *pageTable) ([]pilotRow, error) {
	vals := make([]pageValue, 3)
	pilots := make([]pilotRow, 0, len(t.rows))
	shapes := rowShapes{}
	for _, row := range t.rows {
		if _, err := shapes.check(t, row, vals); err != nil {
			return nil, err
		}
		pilots = append(pilots, pilotRow{vals[0].i, string(vals[1].t), string(vals[2].t)})
	}
	slices.SortFunc(pilots, func(a, b pilotRow) int { return strings.Compare(a.slug, b.slug) })
	return pilots, nil
}

// checkKeyed checks t's rows from the from'th on, one for each of out,
// and says where in each record its definition is: t's keyed columns
// (from the third on) are one stretch of its records (keySpan). A
// header met before is checked already (rowShapes): only the row's
// first two columns are read.
func checkKeyed(t *pageTable, from int, out []keyed) error {
	lo, hi, _ := t.keySpan(2)
	var vals [2]pageValue
	shapes := rowShapes{}
	for i := range out {
		row := t.rows[from+i]
		sh, err := shapes.check(t, row, vals[:])
		if err != nil {
			return err
		}
		if sh.span.fields < 0 { // new: where the definition is
			sh.span = keyed{}
			if m := min(hi, sh.n); m > lo {
				// The header's serial types of fields lo to m, and their bytes.
				rec := row.record
				_, p := varint(rec)
				for range lo {
					_, w := varint(rec[p:])
					p += w
				}
				sh.span.types = int32(p)
				for range m - lo {
					_, w := varint(rec[p:])
					p += w
				}
				sh.span.fields, sh.span.typesEnd = int32(m-lo), int32(p)
				sh.span.body, sh.span.bodyEnd = sh.hsize+sh.offs[lo], sh.hsize+sh.offs[m-1]+int32(serialSize(uint64(sh.types[m-1])))
			}
		}
		k := sh.span
		k.pilot, k.ord, k.row = vals[0].i, vals[1].i, int32(from+i)
		out[i] = k
	}
	return nil
}

// rowShape is what a record's header says, checked (pageTable.checked):
// its fields' offsets and serial types, the length of the body they fill,
// and for a keyed row where its definition is (span; fields < 0 until
// checkKeyed has worked it out). All of it follows from the header's
// bytes alone.
type rowShape struct {
	n            int
	hsize, bodyN int32
	offs         [32]int32
	types        [32]uint32
	span         keyed
}

// rowShapes are the shapes of one table's headers met so far, by the
// header's bytes. A portfolio's rows repeat a few dozen headers (the
// serial types change with a text's length or an integer's size, not
// with its value): a thousand pilots' 12,000 KPI rows have about twenty, and a row
// whose header was met is checked by reading what its columns hold.
type rowShapes map[string]*rowShape

// maxRowShapes bounds the shapes kept: rows of other headers are checked
// whole, each time.
const maxRowShapes = 1024

// check checks row as t.checked does and decodes its first len(vals)
// columns into vals; its shape is kept, or was met before.
func (m rowShapes) check(t *pageTable, row pageRow, vals []pageValue) (*rowShape, error) {
	rec := row.record
	if h, w := varint(rec); w > 0 && h <= uint64(len(rec)) {
		if sh := m[string(rec[:h])]; sh != nil && int(sh.bodyN) == len(rec)-int(h) {
			t.fill(row, sh.n, rec[h:], &sh.offs, &sh.types, vals)
			return sh, nil
		}
	}
	sh := &rowShape{span: keyed{fields: -1}}
	n, body, err := t.checked(row, vals, &sh.offs, &sh.types)
	if err != nil {
		return nil, err
	}
	sh.n, sh.hsize, sh.bodyN = n, int32(len(rec)-len(body)), int32(len(body))
	if len(m) < maxRowShapes {
		m[string(rec[:sh.hsize])] = sh
	}
	return sh, nil
}

// copyKeyed checks t's rows, one for each of out, with their definitions
// copied into keys (rowDefinition), and returns keys.
func copyKeyed(t *pageTable, out []keyed, keys []byte) ([]byte, error) {
	var vals [2]pageValue
	for i, row := range t.rows {
		start := len(keys)
		var err error
		if keys, err = t.check(row, vals[:], keys); err != nil {
			return nil, err
		}
		out[i] = keyed{pilot: vals[0].i, ord: vals[1].i, row: int32(i), fields: -1, body: int32(start), bodyEnd: int32(len(keys))}
	}
	return keys, nil
}

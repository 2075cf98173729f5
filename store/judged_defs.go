package store

import (
	"encoding/binary"

	"ringside/model"
)

// Pilots of one definition. A portfolio made from a template repeats its
// rings and KPIs pilot after pilot (the bench's 1,000 pilots have 40
// definitions); the judged load builds each definition's rings and KPIs
// once and hands the same slices to every pilot of it, with a number
// that says so, so health can judge a definition once (app.HealthEach).
// A pilot's definition is the stored bytes of its ring and KPI rows in
// their order, without the pilot's id and the rows' positions: the same
// bytes decode to the same rings and KPIs. Equal rings and KPIs stored
// otherwise (an integer where a real was written) are two definitions,
// which costs a judgement, never a wrong verdict.

// maxJudgedDefs bounds the definitions the load keeps built: a portfolio
// of all-different pilots holds this many, not every pilot's.
const maxJudgedDefs = 256

// judgedDefs are the definitions built so far, by key.
type judgedDefs struct {
	index map[string]int
	defs  []model.Pilot // Rings and KPIs only
}

// of returns the number and the built pilot of the definition key, or
// nil when it is not built yet.
func (d *judgedDefs) of(key []byte) (int, *model.Pilot) {
	if i, ok := d.index[string(key)]; ok {
		return i, &d.defs[i]
	}
	return -1, nil
}

// add keeps p's rings and KPIs as the definition key and returns its
// number; -1 once maxJudgedDefs are kept (a number shared with none).
func (d *judgedDefs) add(key []byte, p model.Pilot) int {
	if len(d.defs) == maxJudgedDefs {
		return -1
	}
	if d.index == nil {
		d.index = map[string]int{}
	}
	d.index[string(key)] = len(d.defs)
	d.defs = append(d.defs, model.Pilot{Rings: p.Rings, KPIs: p.KPIs})
	return len(d.defs) - 1
}

// rowDefinition appends to key the stored form of the row's asked
// columns from the first'th on: for each, its serial type (plus one; 0
// for a column the record does not have, which reads the default) and
// its bytes, or the rowid when the column is the rowid. A table whose
// keyed columns are one stretch of its records has its definitions
// taken where they are instead (keyed, judged_check.go).
func (t *pageTable) rowDefinition(key []byte, row pageRow, first, n int, body []byte, offs *[32]int32, types *[32]uint32) []byte {
	for i := first; i < len(t.cols); i++ {
		c := &t.cols[i]
		if c.cid >= n {
			key = append(key, 0)
			continue
		}
		st := types[c.cid]
		key = binary.AppendUvarint(key, uint64(st)+1)
		if c.rowid && st == 0 {
			key = binary.AppendVarint(key, row.rowid)
			continue
		}
		off := int(offs[c.cid])
		key = append(key, body[off:off+serialSize(uint64(st))]...)
	}
	return key
}

// keySpan says whether the asked columns from the first'th on are the
// record's fields lo to hi, in order, none of them the rowid: then a
// row's definition is a piece of its header and of its body.
func (t *pageTable) keySpan(first int) (lo, hi int, ok bool) {
	if first >= len(t.cols) {
		return 0, 0, false
	}
	lo = t.cols[first].cid
	for i, c := range t.cols[first:] {
		if c.cid != lo+i || c.rowid {
			return 0, 0, false
		}
	}
	return lo, lo + len(t.cols) - first, true
}

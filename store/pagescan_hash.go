package store

import (
	"encoding/binary"
	"math"
)

// The page scan's row hashes, a page at a time. Version 3 hashes a plain
// row (an integer import_id, no per-day columns, a day within int32: nearly
// every row) with two AES blocks, the second waiting on the first
// (rowHasher.v3Plain). Hashed row by row, the AES unit waits on each block;
// here a page's plain rows are hashed together, every first block, then
// every second one (encryptObsBlocks, eight in flight at once), and the
// rows are then added to their series in the page's order. Any other row
// is hashed by rowHasher.v3 when decoded. The same hashes either way
// (TestPageRowsHashAsRowHasher, FuzzPageRowsHash); with versions 1 and 2
// asked for (rowHasher.old), decodePage adds each row as it decodes it.

// import3Tail is the second block's fixed half, "import3!".
var import3Tail = binary.BigEndian.Uint64([]byte("import3!"))

// obs3Tail is the first block's last 4 bytes, "obs3".
var obs3Tail = uint64(binary.BigEndian.Uint32([]byte("obs3")))

// pageRows is one worker's rows of a page, reused page after page.
type pageRows struct {
	h     rowHasher
	rows  []hashedRow
	block [][16]byte // each plain row's block: its first, then its second
	imp   []int64    // each plain row's import_id
	at    []int      // each plain row's index in rows
}

// hashedRow is a row of the page: its series, its day and its version-3
// hash (a plain row's once hashPlain has run).
type hashedRow struct {
	id, day int64
	hi, lo  uint64
}

func (p *pageRows) reset() {
	p.rows, p.block, p.imp, p.at = p.rows[:0], p.block[:0], p.imp[:0], p.at[:0]
}

// add takes a row as decoded: a plain row waits for hashPlain, any other
// is hashed now.
func (p *pageRows) add(id, day int64, v float64, imp obsImport, c *obsCols) {
	if imp.isInt && c.none() && int64(int32(day)) == day {
		p.addPlain(id, day, v, imp.id)
		return
	}
	r := hashedRow{id: id, day: day}
	r.hi, r.lo = p.h.v3(day, v, imp, c)
	p.rows = append(p.rows, r)
}

// addPlain takes a plain row (its day within int32), to be hashed by
// hashPlain.
func (p *pageRows) addPlain(id, day int64, v float64, imp int64) {
	// day (4 bytes) ‖ value (8) ‖ "obs3", written in place as two words
	// (a block built on the stack and copied in as one 16-byte load
	// stalled on its narrower stores).
	bits := math.Float64bits(v)
	p.block = append(p.block, [16]byte{})
	b := &p.block[len(p.block)-1]
	binary.BigEndian.PutUint64(b[0:8], uint64(uint32(int32(day)))<<32|bits>>32)
	binary.BigEndian.PutUint64(b[8:16], bits<<32|obs3Tail)
	p.imp = append(p.imp, imp)
	p.at = append(p.at, len(p.rows))
	p.rows = append(p.rows, hashedRow{id: id, day: day})
}

// hashPlain hashes every plain row: e1 = AES(block), then AES(e1 XOR
// (import_id ‖ "import3!")), as rowHasher.v3Plain does one row.
func (p *pageRows) hashPlain() {
	b := p.block
	encryptObsBlocks(b, b)
	for i := range b {
		binary.BigEndian.PutUint64(b[i][0:8], binary.BigEndian.Uint64(b[i][0:8])^uint64(p.imp[i]))
		binary.BigEndian.PutUint64(b[i][8:16], binary.BigEndian.Uint64(b[i][8:16])^import3Tail)
	}
	encryptObsBlocks(b, b)
	for i, k := range p.at {
		p.rows[k].hi, p.rows[k].lo = binary.BigEndian.Uint64(b[i][0:8]), binary.BigEndian.Uint64(b[i][8:16])
	}
}

// addTo hashes the page's plain rows and adds every row to its series'
// digests in out, in the page's order.
func (p *pageRows) addTo(out map[int64]seriesDigests) {
	if len(p.rows) == 0 {
		return
	}
	p.hashPlain()
	cur := p.rows[0].id
	var d seriesDigests
	for _, r := range p.rows {
		if r.id != cur {
			out[cur] = out[cur].plus(d)
			cur, d = r.id, seriesDigests{}
		}
		d.addV3(r.day, r.hi, r.lo)
	}
	out[cur] = out[cur].plus(d)
	p.reset()
}

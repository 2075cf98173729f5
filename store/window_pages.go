package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
)

// The health windows, page by page. `health` over a portfolio reads the
// last days of every series: on the benchmark's million rows, 2,736
// series and 19,000 rows, each series a seek into its own leaf. Through
// the driver that was half of a run (a call per row and per column, the
// pager's reads and locks around each step), so the windows are read
// from the observations' B-tree pages in the file itself, as verify's page
// scan reads them (pagescan.go): under the write lock, with everything in
// the write-ahead log checkpointed into the file first, so the file alone
// holds the snapshot read. Only the pages on the way to each window are
// read: from the root down, a child only when a window's keys can lie in
// it, and within a page the cells found by binary search.
//
// It takes no lock it would wait for: when a writer holds the lock, or a
// reader still needs pages of the write-ahead log, or the table or a page
// or a value is not what ringside writes, the windows are read through
// SQL as before, from the start; nothing read from the pages is used.

// windowRange is one series' window: the days lo..hi, both included.
type windowRange struct {
	id, lo, hi int64
	at         int // the series' place in the caller's list
}

// windowDay is one stored day of a series: its value and, for a day of
// several readings, their count, sum, sum of squares, min, max and last.
type windowDay struct {
	value                      float64
	n                          sql.NullInt64
	sum, sumsq, lo, hi, latest sql.NullFloat64
}

// windowPagesOff turns the page read off (tests compare it with SQL).
var windowPagesOff = false

// windowRows reads the rows of the windows (sorted by series, one each)
// from the pages and hands each to emit, in (series, day) order for each
// window. Many windows are read on every core, each part of them from
// the root down: emit is called for different windows at once. o is
// reused for the next row: emit must not keep it. On an
// error the caller drops what emit was given and reads through SQL.
func (s *Store) windowRows(ctx context.Context, wins []windowRange, emit func(r *windowRange, day int64, o *windowDay)) error {
	if windowPagesOff || s.bound != nil || s.path == "" {
		return errPagesUnsupported{"off"}
	}
	ps, release, err := s.sharePageScan(ctx)
	if err != nil {
		return err
	}
	defer release()
	pf, err := s.pageFile()
	if err != nil {
		return err
	}
	read := func(wins []windowRange) error {
		w := &windowWalk{f: pf.f, size: pf.size, usable: pf.usable, count: pf.count, emit: emit}
		w.maxLocal = (w.usable-12)*64/255 - 23
		return w.visit(ps.root, wins, 0)
	}
	// The parts: a core's share, of windowSplit windows at least.
	parts := min(runtime.GOMAXPROCS(0), len(wins)/windowSplit)
	if parts <= 1 {
		return read(wins)
	}
	errs := make(chan error, parts-1)
	for i := 1; i < parts; i++ {
		part := wins[i*len(wins)/parts : (i+1)*len(wins)/parts]
		go func() { errs <- read(part) }()
	}
	err = read(wins[:len(wins)/parts])
	for range parts - 1 {
		if e := <-errs; err == nil {
			err = e
		}
	}
	return err
}

// windowSplit is the fewest windows a part read on a core of its own
// has: the bench's groups of 16 and 56 pilots (576 and 2,016 windows) are
// read on two cores. Beside the definitions of a few pilots, the other
// core was idle while the windows were read (they were the run's
// critical path). A variable for tests.
var windowSplit = 256

// pageFile is the database file as a page read sees it under the lock:
// its page size, the bytes of a page in use, and how many pages it has.
type pageFile struct {
	f interface {
		ReadAt([]byte, int64) (int, error)
	}
	size, usable int
	count        uint32
}

func (s *Store) pageFile() (pageFile, error) {
	f, err := s.file.get()
	if err != nil {
		return pageFile{}, err
	}
	var hdr [100]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return pageFile{}, err
	}
	size := int(binary.BigEndian.Uint16(hdr[16:18]))
	if size == 1 {
		size = 65536
	}
	if size < 512 || size&(size-1) != 0 {
		return pageFile{}, errPagesUnsupported{fmt.Sprintf("page size %d", size)}
	}
	st, err := f.Stat()
	if err != nil {
		return pageFile{}, err
	}
	return pageFile{f: f, size: size, usable: size - int(hdr[20]), count: uint32(st.Size() / int64(size))}, nil
}

// windowWalk is one descent of the observations' B-tree.
type windowWalk struct {
	f interface {
		ReadAt([]byte, int64) (int, error)
	}
	size, usable, maxLocal int
	count                  uint32
	bufs                   [][]byte // a page buffer per depth
	emit                   func(r *windowRange, day int64, o *windowDay)
	// day is the row being handed to emit, reused: emit reads it and
	// keeps nothing of it. One of its own a row escaped to the heap
	// (through the func value): 112 bytes a row, 2.1 MB of fresh memory
	// for the bench's 19,000 rows.
	day windowDay
}

// maxDepth bounds the descent: a B-tree of 4 KiB pages this deep would
// hold far more rows than any file ringside writes.
const maxDepth = 20

// key is a cell's place in the tree: (series_id, day).
type key struct{ id, day int64 }

func (k key) cmp(o key) int {
	if c := cmp.Compare(k.id, o.id); c != 0 {
		return c
	}
	return cmp.Compare(k.day, o.day)
}

func (r windowRange) first() key { return key{r.id, r.lo} }
func (r windowRange) last() key  { return key{r.id, r.hi} }

// visit adds the rows of wins that lie in page pg's subtree, in key order.
func (w *windowWalk) visit(pg uint32, wins []windowRange, depth int) error {
	if depth >= maxDepth {
		return errPageDamaged{pg, "a tree deeper than any ringside writes"}
	}
	if pg == 0 || pg > w.count {
		return errPageDamaged{pg, "a child pointer names a page out of the file"}
	}
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, make([]byte, w.size))
	}
	b := w.bufs[depth]
	if _, err := w.f.ReadAt(b, int64(pg-1)*int64(w.size)); err != nil {
		return err
	}
	leaf, ptrs, cells, right, err := indexPageHeader(b, pg, w.usable)
	if err != nil {
		return err
	}
	p := windowPage{b: b, pg: pg, leaf: leaf, ptrs: ptrs, cells: cells, usable: w.usable, maxLocal: w.maxLocal}
	if leaf {
		return w.leaf(&p, wins)
	}
	// The cells from the first window's first key on, while a window can
	// still hold them: each cell's left child holds the keys between the
	// cell before and this one, the rightmost child those after the last.
	i, err := p.search(0, wins[0].first())
	if err != nil {
		return err
	}
	prev := key{-1 << 63, -1 << 63} // the key before cell i's subtree: none known
	if i > 0 {
		if prev, _, _, err = p.keyAt(i - 1); err != nil {
			return err
		}
	}
	ws := wins
	for ; i <= cells && len(ws) > 0; i++ {
		var k key
		var rec []byte
		child := right
		if i < cells {
			if k, rec, child, err = p.keyAt(i); err != nil {
				return err
			}
		}
		// The windows that reach into (prev, k): those whose last key
		// is after prev and whose first key is before k.
		lo := 0
		for lo < len(ws) && ws[lo].last().cmp(prev) <= 0 {
			lo++
		}
		hi := lo
		for hi < len(ws) && (i == cells || ws[hi].first().cmp(k) < 0) {
			hi++
		}
		if hi > lo {
			if err := w.visit(child, ws[lo:hi], depth+1); err != nil {
				return err
			}
		}
		if i == cells {
			break
		}
		// The cell itself is a row too.
		ws = ws[lo:]
		for len(ws) > 0 && ws[0].last().cmp(k) < 0 {
			ws = ws[1:]
		}
		if len(ws) > 0 && ws[0].first().cmp(k) <= 0 {
			if err := w.add(&ws[0], rec, pg, i); err != nil {
				return err
			}
		}
		prev = k
	}
	return nil
}

// leaf adds the rows of wins on leaf page p: for each window, the cells
// from its first key to its last, found by binary search.
func (w *windowWalk) leaf(p *windowPage, wins []windowRange) error {
	i := 0
	for j := range wins {
		win := &wins[j]
		var err error
		if i, err = p.search(i, win.first()); err != nil {
			return err
		}
		last := win.last()
		for ; i < p.cells; i++ {
			rec, _, err := p.cell(i)
			if err != nil {
				return err
			}
			// The plain row (nearly every one) decoded once, its key with
			// it: keyAt and add each decoded the key again.
			if id, day, v, _, ok := decodePlainRow(rec); ok {
				if (key{id, day}).cmp(last) > 0 {
					break
				}
				w.day = windowDay{value: v}
				w.emit(win, day, &w.day)
				continue
			}
			k, err := recordKey(rec)
			if err != nil {
				return errPageDamaged{p.pg, fmt.Sprintf("cell %d: %v", i, err)}
			}
			if k.cmp(last) > 0 {
				break
			}
			if err := w.add(win, rec, p.pg, i); err != nil {
				return err
			}
		}
		if i == p.cells {
			break // the windows after lie past this page
		}
	}
	return nil
}

// windowPage is one page of the observations' B-tree being read.
type windowPage struct {
	b                []byte
	pg               uint32
	leaf             bool
	ptrs, cells      int
	usable, maxLocal int
}

// cell returns cell i's record and, on an interior page, its left child.
func (p *windowPage) cell(i int) (rec []byte, child uint32, err error) {
	b := p.b
	off := int(binary.BigEndian.Uint16(b[p.ptrs+2*i:]))
	if off < p.ptrs+2*p.cells || off >= p.usable {
		return nil, 0, errPageDamaged{p.pg, fmt.Sprintf("cell %d lies outside the cell area", i)}
	}
	if !p.leaf {
		if off+4 > p.usable {
			return nil, 0, errPageDamaged{p.pg, fmt.Sprintf("cell %d is cut off", i)}
		}
		child = binary.BigEndian.Uint32(b[off:])
		off += 4
	}
	var n uint64
	var vw int
	if c := b[off]; c < 0x80 { // a cell of up to 127 bytes: its size in one byte
		n, vw = uint64(c), 1
	} else if n, vw = varint(b[off:p.usable]); vw == 0 {
		return nil, 0, errPageDamaged{p.pg, fmt.Sprintf("cell %d's size is cut off", i)}
	}
	off += vw
	if n > uint64(p.maxLocal) {
		return nil, 0, errPagesUnsupported{fmt.Sprintf("page %d holds a row too large for its page (overflow pages)", p.pg)}
	}
	if off+int(n) > p.usable {
		return nil, 0, errPageDamaged{p.pg, fmt.Sprintf("cell %d runs past the page", i)}
	}
	return b[off : off+int(n)], child, nil
}

// keyAt is cell i's key, record and left child.
func (p *windowPage) keyAt(i int) (key, []byte, uint32, error) {
	rec, child, err := p.cell(i)
	if err != nil {
		return key{}, nil, 0, err
	}
	k, err := recordKey(rec)
	if err != nil {
		return key{}, nil, 0, errPageDamaged{p.pg, fmt.Sprintf("cell %d: %v", i, err)}
	}
	return k, rec, child, nil
}

// search is the first cell from cell lo on whose key is at least k.
func (p *windowPage) search(lo int, k key) (int, error) {
	hi := p.cells
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		mk, _, _, err := p.keyAt(m)
		if err != nil {
			return 0, err
		}
		if mk.cmp(k) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, nil
}

// add decodes one row of a window, each column as the SQL read scans it.
func (w *windowWalk) add(r *windowRange, rec []byte, pg uint32, i int) error {
	var cols obsCols
	id, day, v, err := decodeRow(rec, &cols)
	if err != nil {
		return errPageDamaged{pg, fmt.Sprintf("cell %d: %v", i, err)}
	}
	o := &w.day
	*o = windowDay{value: v}
	if c := cols[0]; c != nil {
		n, ok := c.(int64)
		if !ok {
			return errPagesUnsupported{fmt.Sprintf("series %d day %d: n holds %v", id, day, c)}
		}
		o.n = sql.NullInt64{Int64: n, Valid: true}
	}
	for j, dst := range [...]*sql.NullFloat64{&o.sum, &o.sumsq, &o.lo, &o.hi, &o.latest} {
		if c := cols[j+1]; c != nil {
			f, ok := c.(float64)
			if !ok {
				return errPagesUnsupported{fmt.Sprintf("series %d day %d: %s holds %v", id, day, observationColumns[j+5].name, c)}
			}
			*dst = sql.NullFloat64{Float64: f, Valid: true}
		}
	}
	w.emit(r, day, o)
	return nil
}

// recordKey reads a record's first two fields, series_id and day, which
// must be integers.
func recordKey(rec []byte) (key, error) {
	if k, ok := plainKey(rec); ok {
		return k, nil
	}
	return recordKeyAny(rec)
}

// plainKey is recordKey for nearly every key, read without a loop: a
// one-byte header size, two integers of serialInt's types; ok is false
// for any other record, which recordKeyAny then reads.
func plainKey(rec []byte) (k key, ok bool) {
	if len(rec) < 3 || rec[0] < 3 || rec[0] >= 0x80 {
		return key{}, false
	}
	t0, t1 := rec[1], rec[2]
	n0, n1 := int(numberSize[t0]), int(numberSize[t1])
	if n0 < 0 || n1 < 0 || t0 == 7 || t1 == 7 || int(rec[0])+n0+n1 > len(rec) {
		return key{}, false
	}
	body := rec[rec[0]:]
	return key{serialInt(t0, body), serialInt(t1, body[n0:])}, true
}

// recordKeyAny is recordKey for any record, field by field.
func recordKeyAny(rec []byte) (key, error) {
	hsize, w := varint(rec)
	if w == 0 || hsize > uint64(len(rec)) || hsize < uint64(w) {
		return key{}, errors.New("a record header that does not fit")
	}
	hdr, body := rec[w:hsize], rec[hsize:]
	var k key
	for c := range 2 {
		if len(hdr) == 0 || hdr[0] >= 0x80 || hdr[0] < 1 || hdr[0] > 9 || hdr[0] == 7 {
			return key{}, errors.New("a key that is not two integers")
		}
		x, _, _, n, err := serialNumber(uint64(hdr[0]), body)
		if err != nil {
			return key{}, err
		}
		hdr, body = hdr[1:], body[n:]
		if c == 0 {
			k.id = x
		} else {
			k.day = x
		}
	}
	return k, nil
}

// seriesWindows are the windows of the n series of, sorted: for each, the
// days up to days before its last day, at its place i. ok is false when a series' last day lies
// after asOf (its window ends at a day only a seek finds: the SQL read's).
func seriesWindows(n int, of func(i int) (id, last int64, has bool), asOf int64, days int) (wins []windowRange, ok bool) {
	wins = make([]windowRange, 0, n)
	for i := range n {
		id, l, has := of(i)
		if !has {
			continue // an empty series: no window
		}
		if l > asOf {
			return nil, false
		}
		wins = append(wins, windowRange{id, l - int64(days) + 1, l, i})
	}
	slices.SortFunc(wins, func(a, b windowRange) int { return cmp.Compare(a.id, b.id) })
	return wins, true
}

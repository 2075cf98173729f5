package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// The observation scan, page by page. verify digests every observation
// every time; at ten million rows, reading them through SQL costs seconds
// (the driver decodes each row into values, one call per row). The rows
// of observations lie in one B-tree (a WITHOUT ROWID table), so verify
// reads its pages from the file itself and decodes the cells, on every
// core: the same rows SQLite would return, at a fraction of the cost. It
// trusts no cache: every row is read and digested.
//
// It runs only where the file is what ringside writes (the table's columns
// as the migrations make them, UTF-8, cells without overflow pages) and
// the file alone holds the snapshot it reads (everything in the
// write-ahead log checkpointed into it, and the write lock held while it
// reads); otherwise verify reads the rows through SQL as
// before, and says so. A page that is not what SQLite writes fails the
// scan, and verify then runs the whole file's integrity_check.

// errPagesUnsupported says the page scan cannot read this file, not that
// the file is damaged: verify falls back to the SQL scan.
type errPagesUnsupported struct{ why string }

func (e errPagesUnsupported) Error() string { return e.why }

// errPageDamaged is a page of the observations' B-tree that is not what
// SQLite writes.
type errPageDamaged struct {
	page uint32
	why  string
}

func (e errPageDamaged) Error() string {
	return fmt.Sprintf("page %d of the observations' B-tree: %s", e.page, e.why)
}

// observationColumns is the table as migrations 0002 and 0008 leave it:
// name, declared type, position in the primary key. A WITHOUT ROWID
// table's cells hold the primary key's columns first, then the others in
// order; these are already in that order.
var observationColumns = []struct {
	name, typ string
	pk        int
}{
	{"series_id", "INTEGER", 1}, {"day", "INTEGER", 2}, {"value", "REAL", 0}, {"import_id", "INTEGER", 0},
	{"n", "INTEGER", 0}, {"sum", "REAL", 0}, {"sumsq", "REAL", 0}, {"min", "REAL", 0}, {"max", "REAL", 0}, {"last", "REAL", 0},
}

// rawFile is the database file opened by the page scan, once per store,
// and closed only when the store is closed. Closing any descriptor of a
// file drops every POSIX lock the process holds on it, SQLite's included
// (another process could then take the database for unused and recover
// its write-ahead log under us): so it stays open as long as the store's
// connections do.
type rawFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
	log  string // the write-ahead log's path as SQLite names it, once asked (logEmpty)
}

func (r *rawFile) get() (*os.File, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		f, err := os.Open(r.path)
		if err != nil {
			return nil, err
		}
		r.f = f
	}
	return r.f, nil
}

// logEmpty says whether the write-ahead log holds nothing at all, asked
// on conn with the write lock held: no writer can add to the log
// meanwhile, and SQLite empties a log only once every page of it is in
// the file. An empty log means the file alone is the snapshot, without
// a checkpoint (whose connection of its own costs a parse of the whole
// schema, about 2 ms of CPU: a tenth of `health` on a thousand pilots).
// The log is next to the file as SQLite names it (PRAGMA database_list,
// symbolic links resolved); one not found, not a regular file, or not
// empty is not taken for empty.
func (r *rawFile) logEmpty(ctx context.Context, conn *sql.Conn) bool {
	r.mu.Lock()
	log := r.log
	r.mu.Unlock()
	if log == "" {
		var file string
		if err := conn.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil || file == "" {
			return false
		}
		log = file + "-wal"
		r.mu.Lock()
		r.log = log
		r.mu.Unlock()
	}
	st, err := os.Stat(log)
	return err == nil && st.Mode().IsRegular() && st.Size() == 0
}

func (r *rawFile) close() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
}

// pageScan is a read of the observations' pages under one snapshot.
type pageScan struct {
	conn    *sql.Conn
	root    uint32
	pages   int  // pages read, for the report
	restore bool // the connection's busy timeout was set to 0: set it back
	old     bool // digest versions 1 and 2 too (rowHasher.old)
}

// beginPageScan checks the page scan can read this file and holds a
// snapshot that the file alone holds, until end.
func (s *Store) beginPageScan(ctx context.Context) (*pageScan, error) {
	return s.beginPageScanWith(ctx, true)
}

// beginPageScanNoWait is beginPageScan for a reader that has SQL to fall
// back on: it does not wait for a writer's lock (health's windows).
func (s *Store) beginPageScanNoWait(ctx context.Context) (*pageScan, error) {
	return s.beginPageScanWith(ctx, false)
}

// beginPageLock holds the write lock with the write-ahead log
// checkpointed into the file, until end: the file alone holds the
// snapshot (what beginPageScan checks beside it is the observations'
// table; the judged load reads other tables, judged_file.go).
func (s *Store) beginPageLock(ctx context.Context, wait bool) (*pageScan, error) {
	if s.file == nil { // a store made without Open (tests)
		s.file = &rawFile{path: s.path}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	ok := false
	p := &pageScan{conn: conn, restore: !wait}
	defer func() {
		if !ok {
			p.end()
		}
	}()
	if !wait {
		// Back to the store's busy timeout (its DSN's) when the scan ends.
		if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
			return nil, err
		}
	}
	// The write lock, held until the scan ends: no writer adds to the
	// write-ahead log meanwhile (they wait, as for any writer; the scan
	// takes well under a second a million rows).
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return nil, errPagesUnsupported{"it cannot hold the write lock (" + err.Error() + ")"}
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return nil, err
	}
	// A reader that does not wait (health's, with SQL to fall back on)
	// finds the log empty after most runs (the last connection to close
	// checkpoints it and removes it): nothing to put in the file. verify,
	// the check of record, has SQLite checkpoint whatever the log's size.
	if strings.EqualFold(mode, "wal") && (wait || !s.file.logEmpty(ctx, conn)) {
		// Everything the log holds goes into the file, from another
		// connection (a checkpoint does not wait for the write lock, and
		// PASSIVE waits for nobody): once all of it is there, the file is
		// this snapshot and stays so while the lock is held.
		var busy, logged, done int
		if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &done); err != nil {
			return nil, err
		}
		if busy != 0 || logged != done {
			return nil, errPagesUnsupported{"another connection's read holds pages in the write-ahead log"}
		}
	}
	ok = true
	return p, nil
}

func (s *Store) beginPageScanWith(ctx context.Context, wait bool) (*pageScan, error) {
	p, err := s.beginPageLock(ctx, wait)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			p.end()
		}
	}()
	conn := p.conn
	var root int64
	var withoutRowid bool
	var text string
	if err := conn.QueryRowContext(ctx, "SELECT rootpage, sql FROM sqlite_schema WHERE type = 'table' AND name = 'observations'").Scan(&root, &text); err != nil {
		return nil, err
	}
	withoutRowid = strings.HasSuffix(strings.ToUpper(words(text)), "WITHOUT ROWID")
	rows, err := conn.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_xinfo('observations') ORDER BY cid")
	if err != nil {
		return nil, err
	}
	i, same := 0, withoutRowid
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			rows.Close()
			return nil, err
		}
		if i >= len(observationColumns) || observationColumns[i].name != name || observationColumns[i].typ != typ || observationColumns[i].pk != pk {
			same = false
		}
		i++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !same || i != len(observationColumns) {
		return nil, errPagesUnsupported{"the observations table is not as ringside's migrations make it"}
	}
	var enc string
	if err := conn.QueryRowContext(ctx, "PRAGMA encoding").Scan(&enc); err != nil {
		return nil, err
	}
	if enc != "UTF-8" {
		return nil, errPagesUnsupported{"the file's text encoding is " + enc}
	}
	if root <= 0 || root > math.MaxUint32 {
		return nil, errPagesUnsupported{"the observations table has no root page"}
	}
	ok = true
	p.root = uint32(root)
	return p, nil
}

func (p *pageScan) end() {
	p.conn.ExecContext(context.Background(), "ROLLBACK")
	if p.restore {
		p.conn.ExecContext(context.Background(), "PRAGMA busy_timeout = "+strconv.Itoa(busyTimeoutMS))
	}
	p.conn.Close()
}

// digests reads and decodes every page of the observations' B-tree:
// interior pages first (their cells are rows too, and they name the
// children), then the leaves, split among the cores.
func (p *pageScan) digests(raw *rawFile) (map[int64]seriesDigests, error) {
	f, err := raw.get()
	if err != nil {
		return nil, err
	}
	var hdr [100]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return nil, err
	}
	size := int(binary.BigEndian.Uint16(hdr[16:18]))
	if size == 1 {
		size = 65536
	}
	if size < 512 || size&(size-1) != 0 {
		return nil, errPagesUnsupported{fmt.Sprintf("page size %d", size)}
	}
	usable := size - int(hdr[20])
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	count := uint32(st.Size() / int64(size))
	seen := make([]bool, count+1)
	out := map[int64]seriesDigests{}
	buf := make([]byte, size)
	// A B-tree keeps every leaf at the same depth: the interior levels are
	// read here, one after the other, until a level is of leaves; those are
	// read on every core. A leaf met among interior pages, or an interior
	// page among the leaves, fails the scan.
	level := []uint32{p.root}
	var leaves []uint32
	for leaves == nil {
		if len(level) == 0 {
			return nil, errPageDamaged{p.root, "an interior level without children"}
		}
		var next []uint32
		for i, pg := range level {
			if pg == 0 || pg > count || seen[pg] {
				return nil, errPageDamaged{pg, "a child pointer names a page that is out of the file or already in the tree"}
			}
			seen[pg] = true
			if _, err := f.ReadAt(buf, int64(pg-1)*int64(size)); err != nil {
				return nil, err
			}
			if buf[pageHeader(pg)] == 0x0a {
				if i == 0 {
					leaves = level // this level is the leaves: read below
					break
				}
				return nil, errPageDamaged{pg, "a leaf page among interior pages of one level"}
			}
			p.pages++
			children, _, err := decodePage(buf, pg, usable, &pageRows{h: rowHasher{old: p.old}}, out)
			if err != nil {
				return nil, err
			}
			next = append(next, children...)
		}
		level = next
	}
	for _, pg := range leaves[1:] {
		if pg == 0 || pg > count || seen[pg] {
			return nil, errPageDamaged{pg, "a child pointer names a page that is out of the file or already in the tree"}
		}
		seen[pg] = true
	}
	p.pages += len(leaves)
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, len(leaves)/64))
	results := make([]map[int64]seriesDigests, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := map[int64]seriesDigests{}
			// Leaves written in order sit side by side in the file: a run
			// of consecutive pages is read with one call, not one a page.
			run := make([]byte, leafRun*size)
			rows := pageRows{h: rowHasher{old: p.old}}
			mine := leaves[w*len(leaves)/workers : (w+1)*len(leaves)/workers]
			for len(mine) > 0 {
				k := 1
				for k < len(mine) && k < leafRun && mine[k] == mine[k-1]+1 {
					k++
				}
				if _, err := f.ReadAt(run[:k*size], int64(mine[0]-1)*int64(size)); err != nil {
					errs[w] = err
					return
				}
				for i, pg := range mine[:k] {
					_, leaf, err := decodePage(run[i*size:(i+1)*size], pg, usable, &rows, m)
					if err == nil && !leaf {
						err = errPageDamaged{pg, "an interior page among the leaves: the tree's leaves are not at one depth"}
					}
					if err != nil {
						errs[w] = err
						return
					}
				}
				mine = mine[k:]
			}
			results[w] = m
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, m := range results {
		for id, d := range m {
			out[id] = out[id].plus(d)
		}
	}
	return out, nil
}

// pageHeader is where a page's header starts: page 1 holds the file's
// 100-byte header first.
func pageHeader(pg uint32) int {
	if pg == 1 {
		return 100
	}
	return 0
}

// indexPageHeader reads the header of index B-tree page pg (the form a
// WITHOUT ROWID table takes): whether it is a leaf, where its cell
// pointers start, how many cells it has (checked to fit the page) and, on
// an interior page, its rightmost child (the keys after its last cell).
func indexPageHeader(b []byte, pg uint32, usable int) (leaf bool, ptrs, cells int, right uint32, err error) {
	h := pageHeader(pg)
	if len(b) < h+12 {
		return false, 0, 0, 0, errPageDamaged{pg, "shorter than a page header"}
	}
	switch b[h] {
	case 0x0a:
		leaf, ptrs = true, h+8
	case 0x02:
		ptrs, right = h+12, binary.BigEndian.Uint32(b[h+8:])
	default:
		return false, 0, 0, 0, errPageDamaged{pg, fmt.Sprintf("page type %#x where an index page belongs", b[h])}
	}
	cells = int(binary.BigEndian.Uint16(b[h+3:]))
	if ptrs+2*cells > usable {
		return false, 0, 0, 0, errPageDamaged{pg, "more cells than the page holds"}
	}
	return leaf, ptrs, cells, right, nil
}

// decodePage adds the rows in the cells of one index B-tree page (the form
// a WITHOUT ROWID table takes) to out, and returns an interior page's
// children. rows is the worker's scratch: without versions 1 and 2
// (rows.h.old), the page's rows are hashed together (pageRows).
func decodePage(b []byte, pg uint32, usable int, rows *pageRows, out map[int64]seriesDigests) (children []uint32, leaf bool, err error) {
	rh := &rows.h
	rows.reset()
	leaf, ptrs, cells, right, err := indexPageHeader(b, pg, usable)
	if err != nil {
		return nil, false, err
	}
	if !leaf {
		children = make([]uint32, 0, 64)
	}
	// The largest payload an index page keeps in the cell; more spills to
	// overflow pages, which ringside's rows never need.
	maxLocal := (usable-12)*64/255 - 23
	var cur int64 = -1
	var d seriesDigests
	var cols obsCols
	var imp obsImport
	for i := range cells {
		off := int(binary.BigEndian.Uint16(b[ptrs+2*i:]))
		if off < ptrs+2*cells || off >= usable {
			return nil, false, errPageDamaged{pg, fmt.Sprintf("cell %d lies outside the cell area", i)}
		}
		if !leaf {
			if off+4 > usable {
				return nil, false, errPageDamaged{pg, fmt.Sprintf("cell %d is cut off", i)}
			}
			children = append(children, binary.BigEndian.Uint32(b[off:]))
			off += 4
		}
		n, w := varint(b[off:usable])
		if w == 0 {
			return nil, false, errPageDamaged{pg, fmt.Sprintf("cell %d's size is cut off", i)}
		}
		off += w
		if n > uint64(maxLocal) {
			return nil, false, errPagesUnsupported{fmt.Sprintf("page %d holds a row too large for its page (overflow pages)", pg)}
		}
		if off+int(n) > usable {
			return nil, false, errPageDamaged{pg, fmt.Sprintf("cell %d runs past the page", i)}
		}
		rec := b[off : off+int(n)]
		if !rh.old { // a plain row goes straight to the page's batch
			if id, day, v, x, ok := decodePlainRow(rec); ok && int64(int32(day)) == day {
				rows.addPlain(id, day, v, x)
				continue
			}
		}
		id, day, v, err := decodeRowImport(rec, &cols, &imp)
		if err != nil {
			return nil, false, errPageDamaged{pg, fmt.Sprintf("cell %d: %v", i, err)}
		}
		if !rh.old {
			rows.add(id, day, v, imp, &cols)
			continue
		}
		if id != cur {
			if cur >= 0 {
				out[cur] = out[cur].plus(d)
			}
			cur, d = id, seriesDigests{}
		}
		d.addRow(rh, day, v, imp, &cols)
	}
	if cur >= 0 {
		out[cur] = out[cur].plus(d)
	}
	rows.addTo(out)
	if !leaf {
		children = append(children, right)
	}
	return children, leaf, nil
}

// decodeRow is decodeRowImport for a reader that needs no import_id.
func decodeRow(rec []byte, cols *obsCols) (id, day int64, v float64, err error) {
	var imp obsImport
	return decodeRowImport(rec, cols, &imp)
}

// decodeRowImport reads one record: series_id, day, value, import_id (in
// imp) and the six per-day columns (rows written before schema v8 end
// after import_id: the rest read as NULL), each as SQLite returns it for
// its column's affinity. Numbers are read without boxing; a per-day column
// or an import_id that is not an integer is boxed only when met. The row
// ringside writes for nearly every day is read by decodePlainRow; any
// other by decodeRowAny.
func decodeRowImport(rec []byte, cols *obsCols, imp *obsImport) (id, day int64, v float64, err error) {
	if id, day, v, x, ok := decodePlainRow(rec); ok {
		*cols = obsCols{}
		*imp = obsImport{id: x, isInt: true}
		return id, day, v, nil
	}
	return decodeRowAny(rec, cols, imp)
}

// decodeRowAny is decodeRowImport for any record, column by column.
func decodeRowAny(rec []byte, cols *obsCols, imp *obsImport) (id, day int64, v float64, err error) {
	hsize, w := varint(rec)
	if w == 0 || hsize > uint64(len(rec)) || hsize < uint64(w) {
		return 0, 0, 0, errors.New("a record header that does not fit")
	}
	hdr, body := rec[w:hsize], rec[hsize:]
	*cols = obsCols{}
	*imp = obsImport{}
	c := 0
	for ; len(hdr) > 0; c++ {
		var t uint64
		var w int
		if hdr[0] < 0x80 { // nearly every serial type: one byte, read without a call
			t, w = uint64(hdr[0]), 1
		} else {
			t, w = varint(hdr)
		}
		if w == 0 {
			return 0, 0, 0, errors.New("a record header that is cut off")
		}
		hdr = hdr[w:]
		if c >= len(observationColumns) {
			return 0, 0, 0, errors.New("more columns than the table has")
		}
		if t == 0 && c >= 4 { // NULL per-day column: nothing to read
			continue
		}
		if (t >= 1 && t <= 9) && c <= 3 {
			x, f, isInt, n, err := serialNumber(t, body)
			if err != nil {
				return 0, 0, 0, err
			}
			body = body[n:]
			switch {
			case c == 3 && isInt:
				*imp = obsImport{id: x, isInt: true}
			case c == 3: // a real: INTEGER affinity keeps a fraction as a real
				*imp = obsImport{other: f}
			case c == 2 && isInt:
				v = float64(x)
			case c == 2:
				v = f
			case !isInt:
				return 0, 0, 0, fmt.Errorf("%s holds %v: edited beside ringside", observationColumns[c].name, f)
			case c == 0:
				id = x
			default:
				day = x
			}
			continue
		}
		val, n, err := serialValue(t, body)
		if err != nil {
			return 0, 0, 0, err
		}
		body = body[n:]
		switch c {
		case 0, 1, 2:
			return 0, 0, 0, fmt.Errorf("%s holds %v where a number belongs: edited beside ringside", observationColumns[c].name, val)
		case 3: // import_id: NULL, text or a blob, edited beside ringside
			*imp = obsImport{other: val}
		case 4: // n: INTEGER affinity, read as stored
			cols[0] = val
		default: // REAL affinity: an integer reads as a real
			if i, ok := val.(int64); ok {
				val = float64(i)
			}
			cols[c-4] = val
		}
	}
	if c < 4 {
		return 0, 0, 0, errors.New("a row without its import")
	}
	if len(body) != 0 {
		return 0, 0, 0, errors.New("a record longer than its header says")
	}
	return id, day, v, nil
}

// serialNumber decodes a number of serial type 1 to 9: an integer (isInt)
// or a real, and how many bytes of body it took.
func serialNumber(t uint64, body []byte) (x int64, f float64, isInt bool, n int, err error) {
	switch t {
	case 7:
		if len(body) < 8 {
			return 0, 0, false, 0, errors.New("a value cut off")
		}
		return 0, math.Float64frombits(binary.BigEndian.Uint64(body)), false, 8, nil
	case 8:
		return 0, 0, true, 0, nil
	case 9:
		return 1, 0, true, 0, nil
	}
	n = [...]int{0, 1, 2, 3, 4, 6, 8}[t]
	if len(body) < n {
		return 0, 0, false, 0, errors.New("a value cut off")
	}
	if body[0]&0x80 != 0 {
		x = -1
	}
	for _, c := range body[:n] {
		x = x<<8 | int64(c)
	}
	return x, 0, true, n, nil
}

// serialValue decodes one value of SQLite's record format by its serial
// type, and how many bytes of body it took.
func serialValue(t uint64, body []byte) (any, int, error) {
	need := func(n int) error {
		if len(body) < n {
			return errors.New("a value cut off")
		}
		return nil
	}
	switch {
	case t == 0:
		return nil, 0, nil
	case t >= 1 && t <= 6:
		n := [...]int{0, 1, 2, 3, 4, 6, 8}[t]
		if err := need(n); err != nil {
			return nil, 0, err
		}
		var x int64
		if body[0]&0x80 != 0 {
			x = -1
		}
		for _, c := range body[:n] {
			x = x<<8 | int64(c)
		}
		return x, n, nil
	case t == 7:
		if err := need(8); err != nil {
			return nil, 0, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(body)), 8, nil
	case t == 8:
		return int64(0), 0, nil
	case t == 9:
		return int64(1), 0, nil
	case t >= 12:
		n := int((t - 12) / 2)
		if err := need(n); err != nil {
			return nil, 0, err
		}
		if t%2 == 0 {
			return append([]byte{}, body[:n]...), n, nil
		}
		return string(body[:n]), n, nil
	}
	return nil, 0, fmt.Errorf("serial type %d, which SQLite never writes", t)
}

// leafRun is how many consecutive leaf pages one read takes (64 pages of
// 4 KiB: 256 KiB a worker).
const leafRun = 64

// varint reads SQLite's big-endian variable-length integer (1 to 9 bytes);
// width 0 when b ends first.
func varint(b []byte) (uint64, int) {
	var x uint64
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0
		}
		x = x<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return x, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return x<<8 | uint64(b[8]), 9
}

package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Health's series list, from the series table's pages. Listing a group's
// series through the driver cost a call per row and column (2,736 series
// on the bench's million rows: 9 ms, a seventh of a run); the table is
// small (63 pages there, about 630 at 10M rows and 27,324 series), so
// under the lock the windows share (page_share.go) its pages are read
// whole for each group and the group's rows decoded here. A table of more
// than seriesPagesMax pages (100,000 series: 2,236, read for each of 26
// groups) is listed through SQL, which seeks the group's pilots in the
// index instead; so is a table, a page or a value that is not what
// ringside writes.

// seriesListing is one series as the list gives it.
type seriesListing struct {
	id, pilot int64
	ring      string
	metric    string
	last      sql.NullInt64
}

// seriesPagesMax is the most pages of the series table read for a group.
var seriesPagesMax = 1024

// seriesColumns are the series table's first columns as migration 0002
// makes them: the ones the list reads.
var seriesColumns = []struct {
	name, typ string
	pk        int
}{{"id", "INTEGER", 1}, {"pilot_id", "INTEGER", 0}, {"ring", "TEXT", 0}, {"metric", "TEXT", 0}, {"first_day", "INTEGER", 0}, {"last_day", "INTEGER", 0}}

// seriesTableStart is how migration 0002 wrote the series table, up to
// the columns seriesColumns names (through the line of the last): a
// table whose SQL starts so has them. It is cut from the migration
// itself, once, where the read ahead first asks; a migration it cannot
// be cut from gives a start no SQL has.
var seriesTableStart = sync.OnceValue(func() string {
	const never = "\x00"
	m, err := migrationFiles.ReadFile("migrations/0002_observations.sql")
	if err != nil {
		return never
	}
	text := string(m)
	from := strings.Index(text, "CREATE TABLE series (\n")
	if from < 0 {
		return never
	}
	last := "\n    " + seriesColumns[len(seriesColumns)-1].name + " "
	at := strings.Index(text[from:], last)
	if at < 0 {
		return never
	}
	end := strings.IndexByte(text[from+at+1:], '\n')
	if end < 0 {
		return never
	}
	return text[from : from+at+1+end+1]
})

// seriesFromPages lists the series of the pilots (by id; nil: every
// series) from the table's pages, in rowid order. On an error nothing is listed: the caller lists
// through SQL.
func (s *Store) seriesFromPages(ctx context.Context, pilots map[int64]bool) ([]seriesListing, error) {
	if windowPagesOff || s.bound != nil || s.path == "" {
		return nil, errPagesUnsupported{"off"}
	}
	s.pages.mu.Lock()
	big := s.pages.seriesBig
	s.pages.mu.Unlock()
	if big {
		return nil, errPagesUnsupported{fmt.Sprintf("the series table has more than %d pages", seriesPagesMax)}
	}
	ps, release, err := s.sharePageScan(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	root, err := s.seriesRoot(ctx, ps)
	if err != nil {
		return nil, err
	}
	pf, err := s.pageFile()
	if err != nil {
		return nil, err
	}
	w := &seriesWalk{pageFile: pf, pilots: pilots, texts: strs{}, buf: make([]byte, pf.size)}
	// A table leaf's cell holds up to usable-35 bytes before it spills
	// into overflow pages (a series row is about 100).
	w.maxLocal = pf.usable - 35
	pending := []uint32{root}
	for len(pending) > 0 {
		pg := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if w.read++; w.read > seriesPagesMax {
			s.pages.mu.Lock()
			s.pages.seriesBig = true // the next groups go to SQL at once
			s.pages.mu.Unlock()
			return nil, errPagesUnsupported{fmt.Sprintf("the series table has more than %d pages", seriesPagesMax)}
		}
		children, err := w.page(pg, len(pending))
		if err != nil {
			return nil, err
		}
		for i := len(children) - 1; i >= 0; i-- { // the leftmost next: rowid order
			pending = append(pending, children[i])
		}
	}
	return w.out, nil
}

// seriesRoot checks the series table is the migrations' rowid table with
// the columns the list reads, and gives its root page; once a lock.
func (s *Store) seriesRoot(ctx context.Context, ps *pageScan) (uint32, error) {
	sh := &s.pages
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.seriesRoot != 0 && sh.ps == ps {
		return sh.seriesRoot, nil
	}
	var root int64
	var text string
	if err := ps.conn.QueryRowContext(ctx, "SELECT rootpage, sql FROM sqlite_schema WHERE type = 'table' AND name = 'series'").Scan(&root, &text); err != nil {
		return 0, err
	}
	if strings.HasSuffix(strings.ToUpper(words(text)), "WITHOUT ROWID") || root <= 0 || root > 1<<32-1 {
		return 0, errPagesUnsupported{"the series table is not as ringside's migrations make it"}
	}
	if strings.HasPrefix(text, seriesTableStart()) {
		// The columns read are those the migration wrote, as it wrote
		// them: no need to ask (a query: about 0.2 ms of the bench's
		// read ahead, before its first group). A column renamed or
		// dropped since rewrites this text; one added is appended.
		sh.seriesRoot = uint32(root)
		return sh.seriesRoot, nil
	}
	rows, err := ps.conn.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_xinfo('series') ORDER BY cid")
	if err != nil {
		return 0, err
	}
	i, same := 0, true
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			rows.Close()
			return 0, err
		}
		if i < len(seriesColumns) && (seriesColumns[i].name != name || seriesColumns[i].typ != typ || seriesColumns[i].pk != pk) {
			same = false
		}
		i++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if !same || i < len(seriesColumns) {
		return 0, errPagesUnsupported{"the series table is not as ringside's migrations make it"}
	}
	sh.seriesRoot = uint32(root)
	return sh.seriesRoot, nil
}

// seriesWalk is one read of the series table's pages.
type seriesWalk struct {
	pageFile
	maxLocal int
	pilots   map[int64]bool
	texts    strs // ring and metric names, one string each
	buf      []byte
	read     int
	out      []seriesListing
}

// page reads table B-tree page pg: an interior page's children, or a
// leaf's rows of the pilots asked; left pages are still to be read after
// it.
func (w *seriesWalk) page(pg uint32, left int) (children []uint32, err error) {
	if pg == 0 || pg > w.count {
		return nil, errPageDamaged{pg, "a child pointer names a page out of the file"}
	}
	b := w.buf
	if _, err := w.f.ReadAt(b, int64(pg-1)*int64(w.size)); err != nil {
		return nil, err
	}
	h := pageHeader(pg)
	var leaf bool
	ptrs := h + 8
	switch b[h] {
	case 0x0d:
		leaf = true
	case 0x05:
		ptrs = h + 12
	default:
		return nil, errPageDamaged{pg, fmt.Sprintf("page type %#x where a table page belongs", b[h])}
	}
	cells := int(binary.BigEndian.Uint16(b[h+3:]))
	if ptrs+2*cells > w.usable {
		return nil, errPageDamaged{pg, "more cells than the page holds"}
	}
	if leaf && w.pilots == nil && cap(w.out)-len(w.out) < cells {
		// Room for as many rows again in each page left (in a table of
		// two levels, all leaves): the list in about one allocation, not
		// grown by append's steps (the bench's 2,736 series: 560 kB of
		// fresh memory in all for a list of 175 kB).
		w.out = slices.Grow(w.out, cells*(left+1))
	}
	for i := range cells {
		off := int(binary.BigEndian.Uint16(b[ptrs+2*i:]))
		if off < ptrs+2*cells || off >= w.usable {
			return nil, errPageDamaged{pg, fmt.Sprintf("cell %d lies outside the cell area", i)}
		}
		if !leaf {
			if off+4 > w.usable {
				return nil, errPageDamaged{pg, fmt.Sprintf("cell %d is cut off", i)}
			}
			children = append(children, binary.BigEndian.Uint32(b[off:]))
			continue
		}
		size, n := varint(b[off:w.usable])
		if n == 0 {
			return nil, errPageDamaged{pg, fmt.Sprintf("cell %d's size is cut off", i)}
		}
		off += n
		rowid, n := varint(b[off:w.usable])
		if n == 0 {
			return nil, errPageDamaged{pg, fmt.Sprintf("cell %d's rowid is cut off", i)}
		}
		off += n
		if size > uint64(w.maxLocal) {
			return nil, errPagesUnsupported{fmt.Sprintf("page %d holds a row too large for its page (overflow pages)", pg)}
		}
		if off+int(size) > w.usable {
			return nil, errPageDamaged{pg, fmt.Sprintf("cell %d runs past the page", i)}
		}
		if err := w.row(int64(rowid), b[off:off+int(size)]); err != nil {
			return nil, errPagesUnsupported{fmt.Sprintf("page %d cell %d: %v", pg, i, err)}
		}
	}
	if !leaf {
		children = append(children, binary.BigEndian.Uint32(b[h+8:]))
	}
	return children, nil
}

// row decodes a series row (id as its rowid, the record's own id NULL)
// when its pilot is one asked, each column as the SQL list scans it.
func (w *seriesWalk) row(rowid int64, rec []byte) error {
	hsize, n := varint(rec)
	if n == 0 || hsize > uint64(len(rec)) || hsize < uint64(n) {
		return fmt.Errorf("a record header that does not fit")
	}
	hdr, body := rec[n:hsize], rec[hsize:]
	var types [6]uint64
	for c := range types {
		t, n := varint(hdr)
		if n == 0 {
			return fmt.Errorf("a record of %d columns, not %d", c, len(types))
		}
		types[c], hdr = t, hdr[n:]
	}
	l := seriesListing{id: rowid}
	for c, t := range types {
		switch c {
		case 0: // id, the rowid's alias
			if t != 0 {
				return fmt.Errorf("an id stored in the record")
			}
			continue
		case 2, 3: // ring, metric
			if t < 13 || t%2 == 0 {
				return fmt.Errorf("column %d is not text", c)
			}
			n := int((t - 13) / 2)
			if n > len(body) {
				return fmt.Errorf("a value cut off")
			}
			if c == 2 {
				l.ring = w.texts.of(body[:n])
			} else {
				l.metric = w.texts.of(body[:n])
			}
			body = body[n:]
			continue
		}
		// pilot_id, first_day, last_day: integers, the days may be NULL
		if t == 0 && c >= 4 {
			continue
		}
		if t == 0 || t == 7 || t > 9 {
			return fmt.Errorf("column %d holds serial type %d, not an integer", c, t)
		}
		x, _, _, n, err := serialNumber(t, body)
		if err != nil {
			return err
		}
		body = body[n:]
		switch c {
		case 1:
			if w.pilots != nil && !w.pilots[x] {
				return nil // another pilot's
			}
			l.pilot = x
		case 5:
			l.last = sql.NullInt64{Int64: x, Valid: true}
		}
	}
	w.out = append(w.out, l)
	return nil
}

package store

// Date order costs what series order costs. A file sorted by date (every
// daily export, every spreadsheet) brings each chunk a few days of every
// series: written as it comes, each chunk touches the B-tree leaves of all
// series, most of them in the middle, so pages split and go through the
// page cache again chunk after chunk. When the first chunk shows that
// (few rows a series), the chunks are sorted and spooled to a scratch file
// beside the database instead, 20 bytes a row, and merged back in series
// order once the file is read: the database then sees the rows as a
// series-ordered file would bring them. A re-import is spooled too: it
// reads the stored days of what it compares, and read as they come those
// are every series' leaves, chunk after chunk.

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// spoolBelow is the rows a series has on average in a full first chunk
// below which the import spools: a series-ordered file has hundreds. A
// variable so tests can turn spooling off (0).
var spoolBelow = 64

// recBytes is a spooled rec: key, value bits, line.
const recBytes = 20

// spool holds sorted runs of recs in an unlinked scratch file.
type spool struct {
	f         *os.File
	w         *bufio.Writer
	size      int64
	runs      []spoolRun
	newSeries []*seriesState // every chunk's, in index order
	buf       [recBytes]byte
	// addSorted's counts and order, kept for the next chunk.
	starts []int32
	order  []int32
}

type spoolRun struct{ off, n int64 }

func sortRecs(recs []rec) {
	slices.SortFunc(recs, func(a, b rec) int {
		if r := cmp.Compare(a.key, b.key); r != 0 {
			return r
		}
		return cmp.Compare(a.line, b.line)
	})
}

// scattered sorts a full first chunk and reports whether its series have
// fewer than spoolBelow rows each on average: a date-ordered file. A first
// import and a re-import alike: a re-import compares every row with the
// stored days, and compared as they come each chunk reads a few days of
// every series, so every chunk reads the B-tree leaves of every series
// (at 10M rows, 27,324 series: 2M range look-ups instead of 27,000, and
// 1.7× the CPU of the same file in series order).
func scattered(c *chunk) bool {
	if len(c.recs) < chunkRows {
		return false // the whole file, or its last part: nothing to gain
	}
	// The import's series indexes are dense from 0: one bit each says
	// which the chunk names.
	var seen []uint64
	series := 0
	for _, r := range c.recs {
		i := r.key >> 32
		for int(i/64) >= len(seen) {
			seen = append(seen, 0)
		}
		if seen[i/64]&(1<<(i%64)) == 0 {
			seen[i/64] |= 1 << (i % 64)
			series++
		}
	}
	return len(c.recs) < spoolBelow*series
}

// newSpool opens the scratch file beside the database (the rows it holds
// are about what the database grows by), unlinked at once so nothing is
// left behind whatever happens. nil when it cannot be made: the import
// then writes as the rows come.
func (s *Store) newSpool() *spool {
	f, err := os.CreateTemp(filepath.Dir(s.path), ".ringside-import-*")
	if err != nil {
		return nil
	}
	os.Remove(f.Name())
	return &spool{f: f, w: bufio.NewWriterSize(f, 256<<10)}
}

func (sp *spool) close() {
	if sp != nil {
		sp.f.Close()
	}
}

// add sorts a chunk and appends it to the file as one run. A date-ordered
// chunk is a few days each naming the series in the same order: a few
// sorted stretches, merged as they are written instead of sorted.
func (sp *spool) add(c *chunk) error {
	sp.newSeries = append(sp.newSeries, c.newSeries...)
	if len(c.recs) == 0 {
		return nil
	}
	var heads [maxStretches][]rec
	n := 0
	for i, start := 1, 0; i <= len(c.recs); i++ {
		if i < len(c.recs) && !recLess(c.recs[i], c.recs[i-1]) {
			continue
		}
		if n == maxStretches {
			n = 0
			break
		}
		heads[n] = c.recs[start:i]
		n, start = n+1, i
	}
	if n == 0 {
		return sp.addSorted(c.recs)
	}
	for {
		m := -1
		for i := range n {
			if len(heads[i]) > 0 && (m < 0 || recLess(heads[i][0], heads[m][0])) {
				m = i
			}
		}
		if m < 0 {
			break
		}
		r := heads[m][0]
		heads[m] = heads[m][1:]
		if err := sp.put(r); err != nil {
			return err
		}
	}
	sp.endRun(len(c.recs))
	return nil
}

func (sp *spool) put(r rec) error {
	binary.LittleEndian.PutUint64(sp.buf[0:], r.key)
	binary.LittleEndian.PutUint64(sp.buf[8:], math.Float64bits(r.value))
	binary.LittleEndian.PutUint32(sp.buf[16:], uint32(r.line))
	if _, err := sp.w.Write(sp.buf[:]); err != nil {
		return fmt.Errorf("import scratch file: %w", err)
	}
	return nil
}

func (sp *spool) endRun(n int) {
	sp.runs = append(sp.runs, spoolRun{sp.size, int64(n)})
	sp.size += int64(n) * recBytes
}

// addSorted writes a chunk of more than maxStretches sorted stretches as
// one run: its recs counted out by series (series indexes are dense, and
// a chunk of many stretches has few series), each series' recs sorted
// only where they are not in (day, line) order already, as a file's are.
// Cheaper than sorting the chunk: two passes and a look at each series.
func (sp *spool) addSorted(recs []rec) error {
	lo, hi := recs[0].key>>32, recs[0].key>>32
	for _, r := range recs {
		lo, hi = min(lo, r.key>>32), max(hi, r.key>>32)
	}
	starts := slices.Grow(sp.starts[:0], int(hi-lo)+2)[:int(hi-lo)+2]
	clear(starts)
	for _, r := range recs {
		starts[r.key>>32-lo+1]++
	}
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	order := slices.Grow(sp.order[:0], len(recs))[:len(recs)]
	for i, r := range recs {
		s := r.key>>32 - lo
		order[starts[s]] = int32(i)
		starts[s]++
	}
	sp.starts, sp.order = starts, order
	// order is by series, each series' recs in chunk order: sorted by
	// (key, line) only where that is not already (a file's days go up).
	byKeyLine := func(i, j int32) int {
		return cmp.Or(cmp.Compare(recs[i].key, recs[j].key), cmp.Compare(recs[i].line, recs[j].line))
	}
	for a := 0; a < len(order); {
		b := a + 1
		for b < len(order) && recs[order[b]].key>>32 == recs[order[a]].key>>32 {
			b++
		}
		seg := order[a:b]
		if !slices.IsSortedFunc(seg, byKeyLine) {
			slices.SortFunc(seg, byKeyLine)
		}
		for _, i := range seg {
			if err := sp.put(recs[i]); err != nil {
				return err
			}
		}
		a = b
	}
	sp.endRun(len(recs))
	return nil
}

// maxStretches is how many sorted stretches a chunk may have to be merged
// as it is written (a 131,072-row chunk of a date-ordered file at 27,000
// series has 5 or 6); more are sorted first.
const maxStretches = 16

// cutInside reports whether a chunk of n rows that the next rec would not
// otherwise end may be cut between last and next: past 2 × chunkRows rows
// where the series or the day changes, so a day's readings of a series
// meet in one chunk and are compared with what is stored whole (in parts,
// a day of many readings would count updated and be written twice though
// nothing changed). Past 4 × chunkRows rows anywhere: memory stays bounded
// even for a day of a series with more readings than that.
func cutInside(n int, last, next uint64) bool {
	return n >= 4*chunkRows || n >= 2*chunkRows && next != last
}

// runReader reads one run back.
type runReader struct {
	r    *bufio.Reader
	left int64
	head rec
	buf  [recBytes]byte
}

func (rr *runReader) next() (bool, error) {
	if rr.left == 0 {
		return false, nil
	}
	if _, err := io.ReadFull(rr.r, rr.buf[:]); err != nil {
		return false, fmt.Errorf("import scratch file: %w", err)
	}
	rr.left--
	rr.head = rec{key: binary.LittleEndian.Uint64(rr.buf[0:]), value: math.Float64frombits(binary.LittleEndian.Uint64(rr.buf[8:])),
		line: int32(binary.LittleEndian.Uint32(rr.buf[16:]))}
	return true, nil
}

func recLess(a, b rec) bool { return a.key < b.key || (a.key == b.key && a.line < b.line) }

// merge reads the runs back in (key, line) order and writes them a chunk
// at a time, each chunk cut where a series ends; the first carries every
// series the file named. recs, when big enough, holds one of the two
// chunks: the runs are merged into one on a goroutine of their own while
// this one writes the other (the merge is a tenth of the writing, and a
// spooled file has no parse left to overlap it with).
func (sp *spool) merge(imp *importer, recs []rec) error {
	if err := sp.w.Flush(); err != nil {
		return fmt.Errorf("import scratch file: %w", err)
	}
	heads, err := sp.readers()
	if err != nil {
		return err
	}
	if cap(recs) < chunkRows {
		recs = make([]rec, 0, chunkRows)
	}
	full := make(chan *chunk, 1)
	free := make(chan *chunk, 2)
	free <- &chunk{recs: recs[:0]}
	free <- &chunk{recs: make([]rec, 0, chunkRows)}
	stop := make(chan struct{})
	mergeErr := make(chan error, 1)
	go func() {
		mergeErr <- mergeRuns(heads, sp.newSeries, full, free, stop)
		close(full)
	}()
	var werr error
	for c := range full {
		if werr == nil {
			if werr = imp.write(c); werr != nil {
				close(stop)
			}
		}
		c.recs, c.newSeries = c.recs[:0], nil
		select {
		case free <- c:
		default:
		}
	}
	if err := <-mergeErr; err != nil && werr == nil {
		return err
	}
	return werr
}

// readers opens a reader on each run, at its first rec.
func (sp *spool) readers() ([]*runReader, error) {
	heads := make([]*runReader, 0, len(sp.runs))
	// 1 MiB of read buffers whatever the runs (a 10M-row file is 77).
	bufSize := max(4<<10, min(64<<10, (1<<20)/max(len(sp.runs), 1)))
	for _, run := range sp.runs {
		rr := &runReader{r: bufio.NewReaderSize(io.NewSectionReader(sp.f, run.off, run.n*recBytes), bufSize), left: run.n}
		ok, err := rr.next()
		if err != nil {
			return nil, err
		}
		if ok {
			heads = append(heads, rr)
		}
	}
	return heads, nil
}

// mergeRuns merges the runs' recs (a min-heap of their heads) into chunks
// taken from free and handed to full, until the runs end or stop closes.
func mergeRuns(heap []*runReader, newSeries []*seriesState, full, free chan *chunk, stop chan struct{}) error {
	less := func(i, j int) bool { return recLess(heap[i].head, heap[j].head) }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(heap) {
				return
			}
			m := l
			if r := l + 1; r < len(heap) && less(r, l) {
				m = r
			}
			if !less(m, i) {
				return
			}
			heap[i], heap[m] = heap[m], heap[i]
			i = m
		}
	}
	for i := len(heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	var out *chunk
	get := func() bool {
		select {
		case out = <-free:
			return true
		case <-stop:
			return false
		}
	}
	put := func() bool {
		select {
		case full <- out:
			return true
		case <-stop:
			return false
		}
	}
	if !get() {
		return nil
	}
	out.newSeries = newSeries
	for len(heap) > 0 {
		r := heap[0].head
		n := len(out.recs)
		if n >= chunkRows && (r.key>>32 != out.recs[n-1].key>>32 || cutInside(n, out.recs[n-1].key, r.key)) {
			if !put() || !get() {
				return nil
			}
		}
		out.recs = append(out.recs, r)
		ok, err := heap[0].next()
		if err != nil {
			return err
		}
		if !ok {
			heap[0] = heap[len(heap)-1]
			heap = heap[:len(heap)-1]
		}
		down(0)
	}
	if len(out.recs) > 0 || len(out.newSeries) > 0 {
		put()
	}
	return nil
}

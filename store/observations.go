package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"ringside/model"
)

// ObsRow is one observation handed to ImportObservations: a CSV record
// already parsed (see importers.Row), with its line for error messages.
type ObsRow struct {
	Line   int
	Pilot  string
	Ring   string
	Metric string
	Day    model.Date
	Value  float64
}

// RowError, returned by a row source, rejects one row: the import records
// Msg (already "FILE:LINE: what is wrong"), rejects the file and reads on to
// report further problems. Any other error from the source stops the import.
type RowError struct{ Msg string }

func (e *RowError) Error() string { return e.Msg }

// ImportMeta describes the file being imported.
type ImportMeta struct {
	File   string // as the user named it; shown in messages and the audit log
	SHA256 string // of the file's bytes
	// Hash, when set, is called after the last row to fill SHA256: a
	// streamed file's hash is known only once it has been read.
	Hash   func() string
	DryRun bool // read and compare everything, write nothing
	// Progress, when set, is called every 65,536 rows with the rows read
	// so far, from the goroutine that reads them.
	Progress func(rowsDone int)
}

// ImportStats says what an import did (or, on a dry run, would do).
type ImportStats struct {
	File      string `json:"file"`
	SHA256    string `json:"sha256,omitempty"`
	Rows      int    `json:"rows"`      // data rows read
	New       int    `json:"new"`       // days stored for the first time
	Updated   int    `json:"updated"`   // days whose value changed
	Unchanged int    `json:"unchanged"` // days already stored with the same value
	Rejected  int    `json:"rejected"`  // rows that could not be taken
	// Merged counts rows that shared their pilot, ring, metric and day with
	// an earlier row of the file (timestamps of one day): a day stores the
	// mean of its rows.
	Merged   int      `json:"merged"`
	Accepted bool     `json:"accepted"` // false: a row was rejected, nothing was written
	DryRun   bool     `json:"dry_run,omitempty"`
	ImportID int64    `json:"import_id,omitempty"` // 0 when nothing was written
	Errors   []string `json:"errors"`              // FILE:LINE: …, the first MaxErrors, then "… and N more"
	// Notes say what the reader did to the file that the user should know
	// (encoding converted, date format and decimal mark settled, units
	// stripped, Total rows skipped); at most MaxNotes, then a count.
	Notes          []string     `json:"notes,omitempty"`
	UnknownMetrics []UnknownKey `json:"unknown_metrics,omitempty"`
	UnknownRings   []UnknownKey `json:"unknown_rings,omitempty"`
}

// UnknownKey is a metric (or ring) of a file that no KPI (or ring) of the
// pilot names yet. Its rows are kept, so a KPI defined later can use them.
type UnknownKey struct {
	Pilot string `json:"pilot"`
	Key   string `json:"key"`
	Rows  int    `json:"rows"`
}

// Changed reports whether the import wrote anything.
func (st ImportStats) Changed() bool { return st.New+st.Updated > 0 }

// MaxErrors is how many row errors an import lists before counting the rest.
const MaxErrors = 20

// maxReplacedInAudit bounds the replaced values an audit entry lists; the
// entry always holds the total.
const maxReplacedInAudit = 1000

// chunkRows is how many rows are sorted and written at a time: enough for
// long runs per series, small enough to keep memory flat (24 B a row).
// A variable so tests can cut a small file into many chunks.
var chunkRows = 1 << 17

// ImportObservations reads every row from next (until io.EOF) and stores it
// in one transaction with one audit entry. A file with any rejected row is
// rejected whole: nothing is written and the errors are listed. An import
// that changes nothing writes nothing, not even an audit entry. A busy
// database is reported as such.
//
// Rows are parsed on one goroutine and written on this one; each chunk is
// sorted into primary-key order, so a series' days are appended in a run.
func (s *Store) ImportObservations(ctx context.Context, actor string, meta ImportMeta, next func() (ObsRow, error)) (ImportStats, error) {
	st := ImportStats{File: meta.File, SHA256: meta.SHA256, DryRun: meta.DryRun, Errors: []string{}}
	errDone := errors.New("import finished") // rolls back without failing
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// 8 MiB of page cache: rows arrive sorted per chunk, so writes stay
		// local. Each cached page costs about twice its size in the pure-Go
		// allocator, so more cache would push a big import past 64 MB.
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -8192"); err != nil {
			return err
		}
		imp := &importer{s: s, tx: tx, ctx: ctx, meta: meta, stats: &st, errs: &errorList{file: meta.File}}
		if err := imp.load(); err != nil {
			return err
		}
		if err := imp.start(actor); err != nil {
			return err
		}
		if err := imp.run(next); err != nil {
			return err
		}
		if imp.errs.count() == 0 { // issue 8
			if err := imp.checkSLOCounts(); err != nil {
				return err
			}
		}
		if meta.Hash != nil {
			st.SHA256 = meta.Hash()
		}
		st.Errors = imp.errs.list()
		st.Rejected = imp.errs.rows
		if st.Rejected > 0 {
			st.New, st.Updated, st.Unchanged, st.Merged = 0, 0, 0, 0
			return errDone
		}
		st.Accepted = true
		if imp.replacedTotal > 0 {
			r := imp.replaced[0]
			st.Notes = append(st.Notes, fmt.Sprintf("replaced %d day%s an earlier import had stored (a later file's day replaces the earlier one's), e.g. %s %s %s on %s: %s → %s",
				imp.replacedTotal, pluralS(imp.replacedTotal), r.Pilot, r.Ring, r.Metric, r.Day,
				strconv.FormatFloat(r.Old, 'g', -1, 64), strconv.FormatFloat(r.New, 'g', -1, 64)))
		}
		imp.unknownKeys()
		if meta.DryRun || !st.Changed() {
			return errDone
		}
		if err := imp.finish(actor); err != nil {
			return err
		}
		st.ImportID = imp.importID
		return nil
	})
	if errors.Is(err, errDone) {
		err = nil
	}
	if err != nil {
		st.Accepted = false
		st.ImportID = 0
	}
	return st, err
}

// seriesKey names a series before it has an id.
type seriesKey struct {
	pilotID      int64
	ring, metric string
}

// pilotInfo is what the importer knows of a pilot.
type pilotInfo struct {
	id    int64
	slug  string
	kpis  []string
	rings []string
}

// seriesState is one series as the import sees it. The parser owns rows;
// the writer owns the rest once the series has reached it.
type seriesState struct {
	key          seriesKey
	id           int64      // 0 until the writer resolved it
	existed      bool       // had days before this import
	lo, hi       model.Date // its first and last stored day before this import
	rows         int        // rows of the file for it
	dn           int        // days added
	dsum         float64    // change of the sum of values
	newLo, newHi model.Date // first and last day this import added
	wroteDays    bool       // newLo and newHi are set
	digest       obsDigest  // what this import added and removed (digest.go)
}

// rec is one row on its way to disk: key = series<<32 | biased day.
type rec struct {
	key   uint64
	value float64
	line  int32
}

func dayBits(d model.Date) uint64            { return uint64(uint32(int32(d)) ^ 0x80000000) }
func bitsDay(b uint64) model.Date            { return model.Date(int32(uint32(b) ^ 0x80000000)) }
func recKey(series int, d model.Date) uint64 { return uint64(series)<<32 | dayBits(d) }

// replaced is one value an import overwrote, for the audit entry.
type replaced struct {
	Pilot  string  `json:"pilot"`
	Ring   string  `json:"ring"`
	Metric string  `json:"metric"`
	Day    string  `json:"day"`
	Old    float64 `json:"old"`
	New    float64 `json:"new"`
}

// importer is one import in progress, inside its transaction.
type importer struct {
	s     *Store
	tx    *sql.Tx
	ctx   context.Context
	meta  ImportMeta
	stats *ImportStats
	errs  *errorList

	importID int64
	pilots   map[string]*pilotInfo // by slug
	byID     map[int64]*pilotInfo
	stored   map[seriesKey]storedSeries

	// Owned by the parser until run returns.
	index  map[seriesKey]int // as spelled in the file → series index
	canon  map[seriesKey]int // canonical spelling → series index
	series []*seriesState

	wseries []*seriesState // the writer's copy of series, by index

	replaced      []replaced
	replacedTotal int
	insert        *batchInsert

	// Days found stored with the same readings (unchanged), per chunk
	// sorted: series id << 32 | day. See keptEarlier.
	kept     []uint64
	keptSegs [][]uint64

	slo *sloState // issue 8: good ≤ total for SLO counts (slo_import.go)
}

type storedSeries struct {
	id     int64
	n      int
	lo, hi model.Date
}

// errorList keeps the first MaxErrors messages and counts rejected rows.
type errorList struct {
	mu   sync.Mutex
	file string
	msgs []string
	more int
	rows int
}

func (e *errorList) add(rows int, msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rows += rows
	if msg == "" {
		return
	}
	if len(e.msgs) < MaxErrors {
		e.msgs = append(e.msgs, model.Line(msg))
	} else {
		e.more++
	}
}

func (e *errorList) addRow(msg string) { e.add(1, msg) }

func (e *errorList) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rows
}

func (e *errorList) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := append([]string{}, e.msgs...)
	if e.more > 0 {
		out = append(out, fmt.Sprintf("… and %d more", e.more))
	}
	return out
}

func (e *errorList) at(line int, format string, args ...any) string {
	return fmt.Sprintf("%s:%d: ", model.Line(e.file), line) + fmt.Sprintf(format, args...)
}

// load reads the pilots, their KPI keys and rings, and the series already stored.
func (imp *importer) load() error {
	imp.pilots, imp.byID = map[string]*pilotInfo{}, map[int64]*pilotInfo{}
	q := func(query string, scan func(*sql.Rows) error) error {
		rows, err := imp.tx.QueryContext(imp.ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := q("SELECT id, slug FROM pilots", func(r *sql.Rows) error {
		p := &pilotInfo{}
		if err := r.Scan(&p.id, &p.slug); err != nil {
			return err
		}
		imp.pilots[p.slug], imp.byID[p.id] = p, p
		return nil
	})
	if err != nil {
		return err
	}
	err = q("SELECT pilot_id, kpi_key FROM kpis ORDER BY pilot_id, ord", func(r *sql.Rows) error {
		var id int64
		var key string
		if err := r.Scan(&id, &key); err != nil {
			return err
		}
		if p := imp.byID[id]; p != nil {
			p.kpis = append(p.kpis, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = q("SELECT pilot_id, name FROM rings ORDER BY pilot_id, ord", func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		if p := imp.byID[id]; p != nil {
			p.rings = append(p.rings, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := imp.loadSLOs(); err != nil { // issue 8
		return err
	}
	imp.stored = map[seriesKey]storedSeries{}
	return q("SELECT id, pilot_id, ring, metric, n, coalesce(first_day, 0), coalesce(last_day, 0) FROM series", func(r *sql.Rows) error {
		var k seriesKey
		var ss storedSeries
		var lo, hi int64
		if err := r.Scan(&ss.id, &k.pilotID, &k.ring, &k.metric, &ss.n, &lo, &hi); err != nil {
			return err
		}
		ss.lo, ss.hi = model.Date(lo), model.Date(hi)
		imp.stored[k] = ss
		return nil
	})
}

// start records the import, so its rows can carry its id.
func (imp *importer) start(actor string) error {
	res, err := imp.tx.ExecContext(imp.ctx, `INSERT INTO imports(file, sha256, at, actor, rows, new, updated, unchanged, rejected)
		VALUES (?,?,?,?,0,0,0,0,0)`, imp.meta.File, imp.meta.SHA256, timeText(imp.s.Now()), actor)
	if err != nil {
		return err
	}
	imp.importID, err = res.LastInsertId()
	if err != nil {
		return err
	}
	imp.insert, err = newBatchInsert(imp.ctx, imp.tx, imp.importID)
	return err
}

// chunk is a batch of rows from the parser, with the series first seen in it.
type chunk struct {
	recs      []rec
	newSeries []*seriesState
}

// run reads rows on a second goroutine and writes chunks on this one.
func (imp *importer) run(next func() (ObsRow, error)) error {
	imp.index, imp.canon = map[seriesKey]int{}, map[seriesKey]int{}
	full := make(chan *chunk, 1)
	free := make(chan *chunk, 2)
	for range 2 {
		free <- &chunk{recs: make([]rec, 0, chunkRows)}
	}
	stop := make(chan struct{})
	parseErr := make(chan error, 1)
	go func() {
		parseErr <- imp.parse(next, full, free, stop)
		close(full)
	}()
	var werr error
	for c := range full {
		if werr == nil && imp.errs.count() == 0 {
			werr = imp.write(c)
			if werr != nil {
				close(stop)
			}
		}
		c.recs, c.newSeries = c.recs[:0], nil
		select {
		case free <- c:
		default:
		}
	}
	if err := <-parseErr; err != nil && werr == nil {
		return err
	}
	if werr == nil {
		werr = imp.insert.flush()
	}
	return werr
}

// parse turns rows into recs, chunk by chunk. A chunk is cut where the day
// changes, so one day's rows of a date-sorted file meet in one chunk.
func (imp *importer) parse(next func() (ObsRow, error), full, free chan *chunk, stop chan struct{}) error {
	var c *chunk
	get := func() bool {
		select {
		case c = <-free:
			return true
		case <-stop:
			return false
		}
	}
	if !get() {
		return nil
	}
	unknownPilot := map[string]int{}
	prevDay := model.Date(math.MinInt32)
	var lastKey seriesKey
	lastIdx := -1
	for {
		row, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				imp.stats.Rows++
				imp.errs.addRow(re.Msg)
				continue
			}
			return err
		}
		imp.stats.Rows++
		if p := imp.meta.Progress; p != nil && imp.stats.Rows%65536 == 0 {
			p(imp.stats.Rows)
		}
		pilot := imp.pilots[row.Pilot]
		if pilot == nil {
			if unknownPilot[row.Pilot]++; unknownPilot[row.Pilot] == 1 {
				imp.errs.addRow(imp.errs.at(row.Line, "unknown pilot %q: create it first with `ringside apply -f FILE` (a portfolio file that defines %s), or name another with --pilot",
					row.Pilot, row.Pilot))
			} else {
				imp.errs.add(1, "") // one message per unknown pilot is enough
			}
			continue
		}
		if math.IsNaN(row.Value) || math.IsInf(row.Value, 0) {
			imp.errs.addRow(imp.errs.at(row.Line, "value of %s is not a finite number", row.Metric))
			continue
		}
		k := seriesKey{pilot.id, row.Ring, row.Metric}
		idx := lastIdx
		if idx < 0 || k != lastKey {
			var ok bool
			if idx, ok = imp.index[k]; !ok {
				if idx, err = imp.newSeries(pilot, k, c); err != nil {
					imp.errs.addRow(imp.errs.at(row.Line, "%v", err))
					continue
				}
			}
			lastKey, lastIdx = k, idx
		}
		imp.series[idx].rows++
		if len(c.recs) >= chunkRows && (row.Day != prevDay || len(c.recs) >= 2*chunkRows) {
			select {
			case full <- c:
			case <-stop:
				return nil
			}
			if !get() {
				return nil
			}
		}
		prevDay = row.Day
		c.recs = append(c.recs, rec{key: recKey(idx, row.Day), value: row.Value, line: int32(min(row.Line, math.MaxInt32))})
	}
	if len(c.recs) > 0 || len(c.newSeries) > 0 {
		select {
		case full <- c:
		case <-stop:
		}
	}
	return nil
}

// newSeries indexes a series first met in the file. Ring and metric are
// matched to the pilot's rings and KPI keys ignoring case (as CSV headers
// are), so "Triage_Min" lands in triage_min.
func (imp *importer) newSeries(p *pilotInfo, k seriesKey, c *chunk) (int, error) {
	for _, what := range []struct{ name, v string }{{"ring", k.ring}, {"metric", k.metric}} {
		if what.v == "" || model.HasControl(what.v) || strings.TrimSpace(what.v) != what.v {
			return 0, fmt.Errorf("%s %q is empty or holds control characters or surrounding spaces: use plain text", what.name, what.v)
		}
	}
	canon := k
	canon.ring = canonical(k.ring, append(p.rings, model.BaselineRing))
	canon.metric = canonical(k.metric, p.kpis)
	if idx, ok := imp.canon[canon]; ok {
		imp.index[k] = idx
		return idx, nil
	}
	idx := len(imp.series)
	ss := &seriesState{key: canon, newLo: math.MaxInt32, newHi: math.MinInt32}
	if old, ok := imp.stored[canon]; ok {
		ss.id, ss.existed, ss.lo, ss.hi = old.id, old.n > 0, old.lo, old.hi
	}
	imp.series = append(imp.series, ss)
	imp.canon[canon], imp.index[k] = idx, idx
	c.newSeries = append(c.newSeries, ss)
	return idx, nil
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func canonical(s string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(s, k) {
			return k
		}
	}
	return s
}

// write stores one chunk: series ids first, then the rows in key order.
func (imp *importer) write(c *chunk) error {
	imp.wseries = append(imp.wseries, c.newSeries...)
	for _, ss := range c.newSeries {
		if ss.id != 0 {
			continue
		}
		err := imp.tx.QueryRowContext(imp.ctx, "INSERT INTO series(pilot_id, ring, metric) VALUES (?,?,?) RETURNING id",
			ss.key.pilotID, ss.key.ring, ss.key.metric).Scan(&ss.id)
		if err != nil {
			return err
		}
	}
	slices.SortFunc(c.recs, func(a, b rec) int {
		if r := cmp.Compare(a.key, b.key); r != 0 {
			return r
		}
		return cmp.Compare(a.line, b.line)
	})
	// Sum each series' rows up into days, then read the stored days of
	// every series whose days overlap what is stored in one query per
	// group of series (one per series was most of a re-import's time),
	// then write; a group at a time keeps memory flat.
	var group []seriesRun
	var overlapping []*seriesRun
	days := 0
	writeGroup := func() error {
		overlapping = overlapping[:0]
		for i := range group {
			if group[i].overlap {
				overlapping = append(overlapping, &group[i])
			}
		}
		if len(overlapping) > 0 {
			// Rows of this import still waiting in the batch must be in
			// the table before it is compared with.
			if err := imp.insert.flush(); err != nil {
				return err
			}
			if err := imp.readStoredDays(overlapping); err != nil {
				return err
			}
		}
		for i := range group {
			if err := imp.writeSeries(&group[i]); err != nil {
				return err
			}
		}
		group, days = group[:0], 0
		return nil
	}
	recs := c.recs
	for len(recs) > 0 {
		idx := int(recs[0].key >> 32)
		n := 1
		for n < len(recs) && int(recs[n].key>>32) == idx {
			n++
		}
		if r, ok := imp.seriesDays(imp.wseries[idx], recs[:n]); ok {
			group = append(group, r)
			days += len(r.days)
		}
		recs = recs[n:]
		if days >= groupDays || len(recs) == 0 {
			if err := writeGroup(); err != nil {
				return err
			}
		}
	}
	imp.endChunk()
	return nil
}

// groupDays is about how many days of a chunk are compared with the
// stored ones at a time, in one query.
const groupDays = 8192

// seriesRun is one series' days in a chunk, and when they overlap what is
// stored, the stored days they meet.
type seriesRun struct {
	ss      *seriesState
	days    []day
	overlap bool
	old     []storedDay
}

// day is one day of a series in a chunk: its readings, summed up. value
// is their mean; n > 1 days also carry sum, sum of squares, min, max and
// the last reading in file order (what a KPI's daily aggregation needs).
type day struct {
	d     model.Date
	value float64
	line  int32
	agg   dayAgg
}

// dayAgg sums up a day's readings; n == 1 needs nothing else (NULL columns).
type dayAgg struct {
	n                          int
	sum, sumsq, lo, hi, latest float64
}

func oneReading(v float64) dayAgg { return dayAgg{n: 1, sum: v, sumsq: v * v, lo: v, hi: v, latest: v} }

// merge adds later readings b to a.
func (a dayAgg) merge(b dayAgg) dayAgg {
	return dayAgg{n: a.n + b.n, sum: a.sum + b.sum, sumsq: a.sumsq + b.sumsq, lo: min(a.lo, b.lo), hi: max(a.hi, b.hi), latest: b.latest}
}

func (a dayAgg) mean() float64 {
	if a.n == 1 {
		return a.sum
	}
	return a.sum / float64(a.n)
}

// finite reports whether the sums stayed finite (values are bounded, so
// only a day of billions of huge readings could overflow).
func (a dayAgg) finite() bool {
	return !math.IsInf(a.sum, 0) && !math.IsInf(a.sumsq, 0) && !math.IsNaN(a.sum) && !math.IsNaN(a.sumsq)
}

// seriesDays sums one series' run of rows from a chunk up into days: a
// day's rows into its count, sum, sum of squares, min, max and last. ok is
// false when a day's sums overflow (the row is rejected).
func (imp *importer) seriesDays(ss *seriesState, recs []rec) (r seriesRun, ok bool) {
	days := make([]day, 0, len(recs))
	for i := 0; i < len(recs); {
		j := i + 1
		agg := oneReading(recs[i].value)
		for j < len(recs) && recs[j].key == recs[i].key {
			agg = agg.merge(oneReading(recs[j].value))
			j++
		}
		if j-i > 1 {
			imp.stats.Merged += j - i - 1
		}
		if !agg.finite() {
			imp.errs.addRow(imp.errs.at(int(recs[i].line), "the readings of pilot %s, ring %s, metric %s on %s add up beyond what a number can hold: scale the metric down",
				imp.byID[ss.key.pilotID].slug, ss.key.ring, ss.key.metric, bitsDay(recs[i].key)))
			return r, false
		}
		days = append(days, day{bitsDay(recs[i].key), agg.mean(), recs[i].line, agg})
		i = j
	}
	imp.noteSLOLines(ss, days) // issue 8
	lo, hi := days[0].d, days[len(days)-1].d
	overlap := (ss.existed && lo <= ss.hi && hi >= ss.lo) || (ss.wroteDays && lo <= ss.newHi && hi >= ss.newLo)
	return seriesRun{ss: ss, days: days, overlap: overlap}, true
}

// writeSeries stores one series' days from a chunk: days beyond every
// stored day are appended without a look-up; others are compared with
// what is stored (r.old). A day this import already wrote (its rows came
// in another chunk) takes the new rows in.
func (imp *importer) writeSeries(r *seriesRun) error {
	ss, days, old := r.ss, r.days, r.old
	if !r.overlap {
		for _, d := range days {
			if err := imp.addNew(ss, d); err != nil {
				return err
			}
		}
		return nil
	}
	o := 0
	for _, d := range days {
		for o < len(old) && old[o].d < d.d {
			o++
		}
		if o == len(old) || old[o].d != d.d {
			if err := imp.addNew(ss, d); err != nil {
				return err
			}
			continue
		}
		prev := old[o]
		kept := prev.importID != imp.importID && imp.keptEarlier(uint64(ss.id)<<32|dayBits(d.d))
		if kept {
			// An earlier chunk found the day as stored; these rows change it.
			imp.stats.Unchanged--
			imp.stats.Updated++
			imp.noteReplaced(ss, d.d, prev.value, prev.agg.merge(d.agg).mean())
		}
		switch {
		case prev.importID == imp.importID || kept:
			// The day's first rows came in an earlier chunk of this file.
			imp.stats.Merged++ // its rows in this chunk: one joins the day, the rest were counted above
			d.agg = prev.agg.merge(d.agg)
			if !d.agg.finite() {
				imp.errs.addRow(imp.errs.at(int(d.line), "the readings of pilot %s, ring %s, metric %s on %s add up beyond what a number can hold: scale the metric down",
					imp.byID[ss.key.pilotID].slug, ss.key.ring, ss.key.metric, d.d))
				return nil
			}
			d.value = d.agg.mean()
			ss.dsum += d.value - prev.value
			if err := imp.updateDay(ss, d, prev.value); err != nil {
				return err
			}
		case prev.value == d.value && prev.agg == d.agg:
			imp.stats.Unchanged++
			imp.kept = append(imp.kept, uint64(ss.id)<<32|dayBits(d.d))
		default:
			imp.stats.Updated++
			ss.dsum += d.value - prev.value
			imp.noteReplaced(ss, d.d, prev.value, d.value)
			if err := imp.updateDay(ss, d, prev.value); err != nil {
				return err
			}
		}
	}
	return nil
}

// keptEarlier says an earlier chunk of this import found the day (key:
// series id << 32 | day) already stored with the same readings: its later
// rows then add to those, not replace them.
func (imp *importer) keptEarlier(key uint64) bool {
	for _, seg := range imp.keptSegs {
		if _, ok := slices.BinarySearch(seg, key); ok {
			return true
		}
	}
	return false
}

// endChunk files the days kept unchanged in a chunk for keptEarlier.
func (imp *importer) endChunk() {
	if len(imp.kept) == 0 {
		return
	}
	slices.Sort(imp.kept)
	imp.keptSegs = append(imp.keptSegs, imp.kept)
	imp.kept = nil
}

// updateDay rewrites a stored day whose value was old.
func (imp *importer) updateDay(ss *seriesState, d day, old float64) error {
	if importDigests {
		ss.digest.replace(int64(d.d), old, d.value)
	}
	if d.agg.n == 1 {
		_, err := imp.tx.ExecContext(imp.ctx, "UPDATE observations SET value = ?, n = NULL, sum = NULL, sumsq = NULL, min = NULL, max = NULL, last = NULL, import_id = ? WHERE series_id = ? AND day = ?",
			d.value, imp.importID, ss.id, int64(d.d))
		return err
	}
	a := d.agg
	_, err := imp.tx.ExecContext(imp.ctx, "UPDATE observations SET value = ?, n = ?, sum = ?, sumsq = ?, min = ?, max = ?, last = ?, import_id = ? WHERE series_id = ? AND day = ?",
		d.value, a.n, a.sum, a.sumsq, a.lo, a.hi, a.latest, imp.importID, ss.id, int64(d.d))
	return err
}

func (imp *importer) addNew(ss *seriesState, d day) error {
	imp.stats.New++
	ss.dn++
	ss.dsum += d.value
	ss.newLo, ss.newHi = min(ss.newLo, d.d), max(ss.newHi, d.d)
	ss.wroteDays = true
	if importDigests {
		ss.digest.add(int64(d.d), d.value)
	}
	if d.agg.n > 1 {
		a := d.agg
		_, err := imp.tx.ExecContext(imp.ctx, "INSERT INTO observations(series_id, day, value, import_id, n, sum, sumsq, min, max, last) VALUES (?,?,?,?,?,?,?,?,?,?)",
			ss.id, int64(d.d), d.value, imp.importID, a.n, a.sum, a.sumsq, a.lo, a.hi, a.latest)
		return err
	}
	return imp.insert.add(ss.id, d.d, d.value)
}

type storedDay struct {
	d        model.Date
	value    float64
	importID int64
	agg      dayAgg
}

// readStoredDays reads, for every run, the stored days between its first
// and last day, in one query: the runs' ranges go in as JSON.
func (imp *importer) readStoredDays(runs []*seriesRun) error {
	byID := make(map[int64]*seriesRun, len(runs))
	ranges := make([]byte, 0, 32*len(runs))
	ranges = append(ranges, '[')
	for i, r := range runs {
		if i > 0 {
			ranges = append(ranges, ',')
		}
		ranges = append(ranges, '[')
		ranges = strconv.AppendInt(ranges, r.ss.id, 10)
		ranges = append(ranges, ',')
		ranges = strconv.AppendInt(ranges, int64(r.days[0].d), 10)
		ranges = append(ranges, ',')
		ranges = strconv.AppendInt(ranges, int64(r.days[len(r.days)-1].d), 10)
		ranges = append(ranges, ']')
		byID[r.ss.id] = r
	}
	ranges = append(ranges, ']')
	// Ranges first, each one's days by primary key (CROSS JOIN fixes that
	// order), so a series' days come in day order.
	rows, err := imp.tx.QueryContext(imp.ctx, `SELECT o.series_id, o.day, o.value, o.import_id, o.n, o.sum, o.sumsq, o.min, o.max, o.last
		FROM json_each(?) j CROSS JOIN observations o
		ON o.series_id = j.value ->> 0 AND o.day BETWEEN j.value ->> 1 AND j.value ->> 2`, string(ranges))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d storedDay
		var id, day int64
		var n sql.NullInt64
		var sum, sumsq, lo, hi, latest sql.NullFloat64
		if err := rows.Scan(&id, &day, &d.value, &d.importID, &n, &sum, &sumsq, &lo, &hi, &latest); err != nil {
			return err
		}
		if n.Valid && n.Int64 > 1 {
			d.agg = dayAgg{n: int(n.Int64), sum: sum.Float64, sumsq: sumsq.Float64, lo: lo.Float64, hi: hi.Float64, latest: latest.Float64}
		} else {
			d.agg = oneReading(d.value)
		}
		d.d = model.Date(day)
		r := byID[id]
		if r == nil {
			return fmt.Errorf("stored days: series %d was not asked for", id)
		}
		r.old = append(r.old, d)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range runs { // in day order whatever the plan
		if !slices.IsSortedFunc(r.old, func(a, b storedDay) int { return cmp.Compare(a.d, b.d) }) {
			slices.SortFunc(r.old, func(a, b storedDay) int { return cmp.Compare(a.d, b.d) })
		}
	}
	return nil
}

func (imp *importer) noteReplaced(ss *seriesState, d model.Date, old, v float64) {
	imp.replacedTotal++
	if len(imp.replaced) < maxReplacedInAudit {
		imp.replaced = append(imp.replaced, replaced{Pilot: imp.byID[ss.key.pilotID].slug, Ring: ss.key.ring, Metric: ss.key.metric,
			Day: d.String(), Old: old, New: v})
	}
}

// unknownKeys lists the metrics and rings of the file that the pilot does
// not define (yet).
func (imp *importer) unknownKeys() {
	type pk struct {
		pilot int64
		key   string
	}
	metrics, rings := map[pk]int{}, map[pk]int{}
	for _, ss := range imp.series {
		p := imp.byID[ss.key.pilotID]
		if !slices.Contains(p.kpis, ss.key.metric) {
			metrics[pk{p.id, ss.key.metric}] += ss.rows
		}
		if ss.key.ring != model.BaselineRing && !slices.Contains(p.rings, ss.key.ring) {
			rings[pk{p.id, ss.key.ring}] += ss.rows
		}
	}
	list := func(m map[pk]int) []UnknownKey {
		var out []UnknownKey
		for k, n := range m {
			out = append(out, UnknownKey{Pilot: imp.byID[k.pilot].slug, Key: k.key, Rows: n})
		}
		slices.SortFunc(out, func(a, b UnknownKey) int {
			return cmp.Or(cmp.Compare(a.Pilot, b.Pilot), cmp.Compare(a.Key, b.Key))
		})
		return out
	}
	imp.stats.UnknownMetrics, imp.stats.UnknownRings = list(metrics), list(rings)
}

// finish brings the series summaries up to date and records the import
// in its row and in the audit log.
func (imp *importer) finish(actor string) error {
	upd, err := imp.tx.PrepareContext(imp.ctx, `UPDATE series SET n = n + ?, sum = sum + ?,
		first_day = min(coalesce(first_day, ?3), ?3), last_day = max(coalesce(last_day, ?4), ?4) WHERE id = ?5`)
	if err != nil {
		return err
	}
	defer upd.Close()
	sumOnly, err := imp.tx.PrepareContext(imp.ctx, "UPDATE series SET sum = sum + ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer sumOnly.Close()
	pilots := map[string]bool{}
	for _, ss := range imp.series {
		pilots[imp.byID[ss.key.pilotID].slug] = true
		switch {
		case ss.dn > 0:
			_, err = upd.ExecContext(imp.ctx, ss.dn, ss.dsum, int64(ss.newLo), int64(ss.newHi), ss.id)
		case ss.dsum != 0:
			_, err = sumOnly.ExecContext(imp.ctx, ss.dsum, ss.id)
		}
		if err != nil {
			return err
		}
	}
	st := imp.stats
	if _, err := imp.tx.ExecContext(imp.ctx, "UPDATE imports SET sha256 = ?, rows = ?, new = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?",
		st.SHA256, st.Rows, st.New, st.Updated, st.Unchanged, st.Rejected, imp.importID); err != nil {
		return err
	}
	names := make([]string, 0, len(pilots))
	for p := range pilots {
		names = append(names, p)
	}
	slices.Sort(names)
	after, err := jsonText(struct {
		File          string     `json:"file"`
		SHA256        string     `json:"sha256"`
		ImportID      int64      `json:"import_id"`
		Pilots        []string   `json:"pilots"`
		Rows          int        `json:"rows"`
		New           int        `json:"new"`
		Updated       int        `json:"updated"`
		Unchanged     int        `json:"unchanged"`
		Merged        int        `json:"merged"`
		Replaced      []replaced `json:"replaced"`
		ReplacedTotal int        `json:"replaced_total"`
	}{st.File, st.SHA256, imp.importID, names, st.Rows, st.New, st.Updated, st.Unchanged, st.Merged,
		append([]replaced{}, imp.replaced...), imp.replacedTotal})
	if err != nil {
		return err
	}
	e := AuditEntry{Actor: actor, Action: "import", Entity: "metrics " + st.File,
		Summary: fmt.Sprintf("imported %s: %d rows, %d new, %d updated, %d unchanged", st.File, st.Rows, st.New, st.Updated, st.Unchanged),
		After:   after}
	if len(names) == 1 {
		e.Pilot = names[0]
	}
	if importDigests {
		if e.State, err = importState(imp.ctx, imp.tx, imp.importID, imp.digests()); err != nil {
			return err
		}
	}
	_, err = imp.s.appendAudit(imp.ctx, imp.tx, e)
	return err
}

// batchInsert appends observations many rows per statement: a prepared
// statement per row spends most of its time crossing database/sql.
type batchInsert struct {
	ctx   context.Context
	many  *sql.Stmt
	one   *sql.Stmt
	args  []any
	nrows int
}

const rowsPerInsert = 256

func newBatchInsert(ctx context.Context, tx *sql.Tx, importID int64) (*batchInsert, error) {
	id := strconv.FormatInt(importID, 10)
	tuple := "(?,?,?," + id + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO observations(series_id, day, value, import_id) VALUES ")
	for i := range rowsPerInsert {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(tuple)
	}
	many, err := tx.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, err
	}
	one, err := tx.PrepareContext(ctx, "INSERT INTO observations(series_id, day, value, import_id) VALUES "+tuple)
	if err != nil {
		many.Close()
		return nil, err
	}
	return &batchInsert{ctx: ctx, many: many, one: one, args: make([]any, 0, 3*rowsPerInsert)}, nil
}

func (b *batchInsert) add(series int64, d model.Date, v float64) error {
	b.args = append(b.args, series, int64(d), v)
	b.nrows++
	if b.nrows < rowsPerInsert {
		return nil
	}
	_, err := b.many.ExecContext(b.ctx, b.args...)
	b.args, b.nrows = b.args[:0], 0
	return err
}

func (b *batchInsert) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	for i := 0; i < len(b.args); i += 3 {
		if _, err := b.one.ExecContext(b.ctx, b.args[i:i+3]...); err != nil {
			return err
		}
	}
	b.args, b.nrows = b.args[:0], 0
	return nil
}

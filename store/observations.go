package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
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
	// Options is the canonical text of how the file is read (pilot,
	// layout, mapping, flags, source) and Size its bytes (-1 unknown):
	// recorded with the import, so the same file read the same way can be
	// answered unchanged (UnchangedImport). "" records nothing.
	Options string
	Size    int64
	// Notes, when set, is called after the last row for what the reader
	// noted about the file, recorded with the import for that answer.
	Notes func() []string
	// Progress, when set, is called every 65,536 rows with the rows read
	// so far, from the goroutine that reads them.
	Progress func(rowsDone int)
}

// ImportStats says what an import did (or, on a dry run, would do).
type ImportStats struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256,omitempty"`
	// Rows, New, Updated and Unchanged count readings (data rows), not
	// days: a day of three readings stored for the first time is 3 new.
	// For an accepted file rows = new + updated + unchanged (rejected 0);
	// a file with any bad row writes nothing, so none of its rows was
	// taken: new, updated and unchanged are 0 and rejected = rows, while
	// Errors names the rows that were wrong.
	Rows      int      `json:"rows"`      // data rows read
	New       int      `json:"new"`       // readings of days stored for the first time
	Updated   int      `json:"updated"`   // readings of days whose stored readings changed
	Unchanged int      `json:"unchanged"` // readings of days already stored with the same readings
	Rejected  int      `json:"rejected"`  // rows not taken: every row of a file with a bad row
	Accepted  bool     `json:"accepted"`  // false: a row was rejected, nothing was written
	DryRun    bool     `json:"dry_run,omitempty"`
	ImportID  int64    `json:"import_id,omitempty"` // 0 when nothing was written
	Errors    []string `json:"errors"`              // FILE:LINE: …, the first MaxErrors, then "… and N more"
	// Notes say what the reader did to the file that the user should know
	// (encoding converted, date format and decimal mark settled, units
	// stripped, Total rows skipped); at most MaxNotes, then a count.
	Notes          []string     `json:"notes,omitempty"`
	UnknownMetrics []UnknownKey `json:"unknown_metrics,omitempty"`
	UnknownRings   []UnknownKey `json:"unknown_rings,omitempty"`
	// UnknownPilots are the pilots the file names that the database does
	// not have, each at its first line. Its message in Errors says only
	// that; the front end words the remedy (see UnknownPilot).
	UnknownPilots []UnknownPilot `json:"-"`
}

// UnknownPilot is a pilot a file names that the database does not have:
// the file is rejected. Error is the index of its message in
// ImportStats.Errors ("FILE:LINE: unknown pilot \"slug\""), or -1 when the
// list was full. The store words no remedy: creating the pilot is done
// differently on the command line and in the cockpit.
type UnknownPilot struct {
	Slug  string
	Line  int
	Error int
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
func (s *Store) ImportObservations(ctx context.Context, c Change, meta ImportMeta, next func() (ObsRow, error)) (ImportStats, error) {
	actor := c.Actor
	st := ImportStats{File: meta.File, SHA256: meta.SHA256, DryRun: meta.DryRun, Errors: []string{}}
	errDone := errors.New("import finished") // rolls back without failing
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// 8 MiB of page cache: rows arrive sorted per chunk, so writes stay
		// local. Each cached page costs about twice its size in the pure-Go
		// allocator, so more cache would push a big import past 64 MB.
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -8192"); err != nil {
			return err
		}
		imp := &importer{s: s, tx: tx, ctx: ctx, meta: meta, origin: c.Origin, stats: &st, errs: &errorList{file: meta.File}}
		if err := imp.load(); err != nil {
			return err
		}
		if err := imp.start(actor); err != nil {
			return err
		}
		if err := imp.run(next); err != nil {
			return err
		}
		// What only reading and writing the rows needed goes before the
		// import is summed up: at 100,000 series it is tens of MB.
		imp.index, imp.canon, imp.stored = nil, nil, nil
		imp.kept, imp.keptSegs, imp.updated, imp.updatedSegs = nil, nil, nil, nil
		if imp.errs.count() == 0 {
			if err := imp.checkSLOCounts(); err != nil {
				return err
			}
		}
		if meta.Hash != nil {
			st.SHA256 = meta.Hash()
		}
		st.Errors = imp.errs.list()
		if imp.errs.rows > 0 {
			// Nothing is written from a file with a bad row, so no row of
			// it was taken: every row read counts rejected (rows =
			// rejected), and Errors names the rows that were wrong.
			st.Rejected = max(st.Rows, imp.errs.rows)
			st.New, st.Updated, st.Unchanged = 0, 0, 0
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
	changed      bool       // this import added or rewrote a day
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
	s    *Store
	tx   *sql.Tx
	q    querier // where tx is nil: answering an unchanged file
	ctx  context.Context
	meta ImportMeta
	rows rowHasher // the row hash of the series digests, its block reused
	// origin is where the import came from, for its audit entry.
	origin Origin
	stats  *ImportStats
	errs   *errorList

	importID int64
	pilots   map[string]*pilotInfo // by slug
	byID     map[int64]*pilotInfo
	stored   map[seriesKey]storedSeries

	// Owned by the parser until run returns.
	index  map[seriesKey]int // as spelled in the file, when not canonical → series index
	canon  map[seriesKey]int // canonical spelling → series index
	series []*seriesState

	wseries []*seriesState // the writer's copy of series, by index

	replaced      []replaced
	replacedTotal int
	insert        *batchInsert
	insSeries     *sql.Stmt // INSERT INTO series, prepared at the first new series

	// Days found stored with the same readings (unchanged), per chunk
	// sorted: series id << 32 | day. See inSegs.
	kept     []uint64
	keptSegs [][]uint64
	// updated and updatedSegs are the same for days this import changed
	// (stored before it): a later chunk's readings of such a day count as
	// updated, not new.
	updated     []uint64
	updatedSegs [][]uint64

	slo *sloState // good ≤ total for SLO counts (slo_import.go)
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

// add counts rows rejected and lists msg (unless ""), returning its index
// in the list, or -1 when it was not listed.
func (e *errorList) add(rows int, msg string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rows += rows
	if msg == "" {
		return -1
	}
	if len(e.msgs) < MaxErrors {
		e.msgs = append(e.msgs, model.Line(msg))
		return len(e.msgs) - 1
	}
	e.more++
	return -1
}

func (e *errorList) addRow(msg string) int { return e.add(1, msg) }

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
	if err := imp.loadPilots(); err != nil {
		return err
	}
	imp.stored = map[seriesKey]storedSeries{}
	return imp.query("SELECT id, pilot_id, ring, metric, n, coalesce(first_day, 0), coalesce(last_day, 0) FROM series", func(r *sql.Rows) error {
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

// query runs a query on the import's transaction (or, before one, on q)
// and scans each row.
func (imp *importer) query(query string, scan func(*sql.Rows) error) error {
	q := imp.q
	if imp.tx != nil {
		q = imp.tx
	}
	rows, err := q.QueryContext(imp.ctx, query)
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

// loadPilots reads the pilots with their KPI keys (SLO counts included)
// and rings.
func (imp *importer) loadPilots() error {
	imp.pilots, imp.byID = map[string]*pilotInfo{}, map[int64]*pilotInfo{}
	q := imp.query
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
	return imp.loadSLOs()
}

// start records the import, so its rows can carry its id.
func (imp *importer) start(actor string) error {
	size := imp.meta.Size
	if imp.meta.Options == "" {
		size = -1
	}
	res, err := imp.tx.ExecContext(imp.ctx, `INSERT INTO imports(file, sha256, at, actor, rows, new, updated, unchanged, rejected, options, size)
		VALUES (?,?,?,?,0,0,0,0,0,?,?)`, imp.meta.File, imp.meta.SHA256, timeText(imp.s.Now()), actor, imp.meta.Options, size)
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
	var sp *spool
	defer func() { sp.close() }()
	first := true
	for c := range full {
		if werr == nil && imp.errs.count() == 0 {
			if first && scattered(c) {
				sp = imp.s.newSpool()
			}
			first = false
			if sp != nil {
				werr = sp.add(c)
			} else {
				werr = imp.write(c)
			}
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
	if werr == nil && sp != nil && imp.errs.count() == 0 {
		werr = sp.merge(imp)
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
				i := imp.errs.addRow(imp.errs.at(row.Line, "unknown pilot %q", row.Pilot))
				imp.stats.UnknownPilots = append(imp.stats.UnknownPilots, UnknownPilot{Slug: row.Pilot, Line: row.Line, Error: i})
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
			// A file's spelling is in index only when it is not the
			// canonical one (most are): canon holds those.
			if idx, ok = imp.canon[k]; !ok {
				idx, ok = imp.index[k]
			}
			if !ok {
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
		imp.index[k] = idx // another spelling of a series met before
		return idx, nil
	}
	idx := len(imp.series)
	ss := &seriesState{key: canon, newLo: math.MaxInt32, newHi: math.MinInt32}
	if old, ok := imp.stored[canon]; ok {
		ss.id, ss.existed, ss.lo, ss.hi = old.id, old.n > 0, old.lo, old.hi
	}
	imp.series = append(imp.series, ss)
	imp.canon[canon] = idx
	if k != canon {
		imp.index[k] = idx
	}
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

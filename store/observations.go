package store

// The import of observations, its API and shared state. The stages are in
// their own files: observations_read.go (what is stored before the rows
// come), observations_parse.go (rows to chunks), spool.go (scattered chunks
// sorted into runs), observations_write.go (chunks to the database and the
// audit entry).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
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
		// 2 MiB of page cache: rows reach the writer in series order (each
		// chunk sorted; a scattered file spooled and merged), so writes stay
		// local. Each cached page costs about twice its size in the pure-Go
		// allocator: 8 MiB took 20 MB more RSS at 100,000 series for the same
		// CPU (1M rows, either order, the same to within noise).
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -2048"); err != nil {
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
		imp.stored = nil
		imp.kept, imp.updated = nil, nil
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
// the writer owns the rest once the series has reached it. An import
// holds one for every series of the file for the whole import (100,000
// series: 9.6 MB at 96 bytes each, the size class it fits), so its ring
// and metric are one pointer to a name the series share, and its counts
// are 32-bit (a file's lines are, too).
type seriesState struct {
	pilotID      int64
	name         *seriesName
	id           int64      // 0 until the writer resolved it
	digest       obsDigest  // what this import added and removed (digest.go)
	dsum         float64    // change of the sum of values
	marks        *dayMarks  // stored days an earlier chunk filed; nil until one does
	lo, hi       model.Date // its first and last stored day before this import
	newLo, newHi model.Date // first and last day this import added
	rows         int32      // rows of the file for it (at most math.MaxInt32)
	dn           int32      // days added
	existed      bool       // had days before this import
	wroteDays    bool       // newLo and newHi are set
	changed      bool       // this import added or rewrote a day
}

// seriesName is a ring and metric, held once for all the series of an
// import that share them.
type seriesName struct{ ring, metric string }

// key is the series' canonical key.
func (ss *seriesState) key() seriesKey {
	return seriesKey{ss.pilotID, ss.name.ring, ss.name.metric}
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
	canon  seriesIndex       // canonical spelling → series index
	series []*seriesState
	names  map[seriesName]*seriesName // the rings and metrics of series, each once

	wseries []*seriesState // the writer's copy of series, by index

	replaced      []replaced
	replacedTotal int
	insert        *batchInsert
	insSeries     *sql.Stmt // INSERT INTO series, prepared at the first new series

	// Days of this chunk found stored with the same readings (unchanged),
	// and days it changed from what was stored: filed in their series'
	// marks at the chunk's end (endChunk), so a later chunk's readings of
	// such a day count as updated, not new.
	kept, updated []markedDay
	// merging: the chunks come from the spool, each series whole in one
	// chunk but the last (tail), which may go on in the next (a chunk is
	// cut inside a series only past 2 × chunkRows rows, see cutInside). No other series
	// comes again, so none other needs its days marked.
	merging bool
	tail    *seriesState

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

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

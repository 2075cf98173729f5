package store

// The import's write stage: each chunk's days merged with what is stored, written in batches, and the import finished in its one audit entry.

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"ringside/model"
)

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

// write stores one chunk: series ids first, then the rows in key order.
func (imp *importer) write(c *chunk) error {
	imp.wseries = append(imp.wseries, c.newSeries...)
	if err := imp.addSeries(c.newSeries); err != nil {
		return err
	}
	if !imp.merging { // the merge's chunks come sorted
		sortRecs(c.recs)
	}
	if imp.merging && len(c.recs) > 0 {
		imp.tail = imp.wseries[c.recs[len(c.recs)-1].key>>32]
	}
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

// addSeries gives the series that have none an id, in order. A spooled
// import does it as each chunk is spooled, while the file is still read
// (its rows wait for the merge; at 27,000 series the inserts are a second
// that would otherwise come after the parse): the series are inserted in
// the order the merge's first chunk would insert them, and it finds them
// done.
func (imp *importer) addSeries(list []*seriesState) error {
	for _, ss := range list {
		if ss.id != 0 {
			continue
		}
		if imp.insSeries == nil { // prepared once: 100,000 new series are 100,000 inserts
			var err error
			if imp.insSeries, err = imp.tx.PrepareContext(imp.ctx, "INSERT INTO series(pilot_id, ring, metric) VALUES (?,?,?) RETURNING id"); err != nil {
				return err
			}
		}
		if err := imp.insSeries.QueryRowContext(imp.ctx, ss.key().pilotID, ss.key().ring, ss.key().metric).Scan(&ss.id); err != nil {
			return err
		}
	}
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
		if !agg.finite() {
			imp.errs.addRow(imp.errs.at(int(recs[i].line), "the readings of pilot %s, ring %s, metric %s on %s add up beyond what a number can hold: scale the metric down",
				imp.byID[ss.key().pilotID].slug, ss.key().ring, ss.key().metric, bitsDay(recs[i].key)))
			return r, false
		}
		days = append(days, day{bitsDay(recs[i].key), agg.mean(), recs[i].line, agg})
		i = j
	}
	imp.noteSLOLines(ss, days)
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
	// Only a series that may come again in a later chunk needs the days
	// kept and updated marked (see merging).
	mark := !imp.merging || ss == imp.tail
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
		kept := prev.importID != imp.importID && ss.marks.keptDay(d.d)
		if kept {
			// An earlier chunk found the day as stored; these rows change
			// it, so the readings counted unchanged then count updated.
			imp.stats.Unchanged -= prev.agg.n
			imp.stats.Updated += prev.agg.n + d.agg.n
			if mark {
				imp.updated = append(imp.updated, markedDay{ss, d.d})
			}
			imp.noteReplaced(ss, d.d, prev.value, prev.agg.merge(d.agg).mean())
		}
		switch {
		case prev.importID == imp.importID || kept:
			// The day's first rows came in an earlier chunk of this file:
			// these readings join it and count as its first ones did.
			if !kept {
				if ss.marks.updatedDay(d.d) {
					imp.stats.Updated += d.agg.n
				} else {
					imp.stats.New += d.agg.n
				}
			}
			d.agg = prev.agg.merge(d.agg)
			if !d.agg.finite() {
				imp.errs.addRow(imp.errs.at(int(d.line), "the readings of pilot %s, ring %s, metric %s on %s add up beyond what a number can hold: scale the metric down",
					imp.byID[ss.key().pilotID].slug, ss.key().ring, ss.key().metric, d.d))
				return nil
			}
			d.value = d.agg.mean()
			ss.dsum += d.value - prev.value
			if err := imp.updateDay(ss, d, prev); err != nil {
				return err
			}
		case prev.value == d.value && prev.agg == d.agg:
			imp.stats.Unchanged += d.agg.n
			if mark {
				imp.kept = append(imp.kept, markedDay{ss, d.d})
			}
		default:
			imp.stats.Updated += d.agg.n
			if mark {
				imp.updated = append(imp.updated, markedDay{ss, d.d})
			}
			ss.dsum += d.value - prev.value
			imp.noteReplaced(ss, d.d, prev.value, d.value)
			if err := imp.updateDay(ss, d, prev); err != nil {
				return err
			}
		}
	}
	return nil
}

// markedDay is a stored day of a series that this chunk kept or updated.
type markedDay struct {
	ss *seriesState
	d  model.Date
}

// dayMarks are the stored days of one series that earlier chunks of this
// import filed: kept (found stored with the same readings) or updated
// (changed from what was stored). One bit a day: a re-import of 10M rows
// files 10M days, which as sorted 8-byte keys per chunk held 80 MB and a
// binary search per chunk for every day; these hold 46 bytes a series-year.
type dayMarks struct{ kept, updated daySet }

func (m *dayMarks) keptDay(d model.Date) bool    { return m != nil && m.kept.has(d) }
func (m *dayMarks) updatedDay(d model.Date) bool { return m != nil && m.updated.has(d) }

// daySet is a set of days, one bit a day from its lowest.
type daySet struct {
	lo   model.Date
	bits []uint64
}

func (s *daySet) has(d model.Date) bool {
	if s.bits == nil || d < s.lo {
		return false
	}
	i := int(d) - int(s.lo)
	return i < 64*len(s.bits) && s.bits[i/64]&(1<<(i%64)) != 0
}

func (s *daySet) add(d model.Date) {
	switch {
	case s.bits == nil:
		s.lo = d
	case d < s.lo: // below the lowest day so far: move every bit up
		shift := int(s.lo) - int(d)
		bits := make([]uint64, (shift+64*len(s.bits)+63)/64)
		for i := range 64 * len(s.bits) {
			if s.bits[i/64]&(1<<(i%64)) != 0 {
				j := i + shift
				bits[j/64] |= 1 << (j % 64)
			}
		}
		s.lo, s.bits = d, bits
	}
	i := int(d) - int(s.lo)
	for i/64 >= len(s.bits) {
		s.bits = append(s.bits, 0)
	}
	s.bits[i/64] |= 1 << (i % 64)
}

// endChunk files the days kept unchanged, and those updated, in a chunk
// in their series' marks.
func (imp *importer) endChunk() {
	for _, m := range imp.kept {
		m.ss.mark().kept.add(m.d)
	}
	for _, m := range imp.updated {
		m.ss.mark().updated.add(m.d)
	}
	imp.kept, imp.updated = imp.kept[:0], imp.updated[:0]
}

func (ss *seriesState) mark() *dayMarks {
	if ss.marks == nil {
		ss.marks = &dayMarks{}
	}
	return ss.marks
}

// updateDay rewrites a stored day, old as it was stored.
func (imp *importer) updateDay(ss *seriesState, d day, old storedDay) error {
	ss.changed = true
	if importDigests {
		ss.digest.subHash(imp.rows.v3Row(int64(d.d), old.value, old.importID, aggCols(old.agg)))
		ss.digest.addHash(imp.rows.v3Row(int64(d.d), d.value, imp.importID, aggCols(d.agg)))
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
	imp.stats.New += d.agg.n
	ss.dn++
	ss.dsum += d.value
	ss.newLo, ss.newHi = min(ss.newLo, d.d), max(ss.newHi, d.d)
	ss.wroteDays, ss.changed = true, true
	if importDigests {
		ss.digest.addHash(imp.rows.v3Row(int64(d.d), d.value, imp.importID, aggCols(d.agg)))
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
		imp.replaced = append(imp.replaced, replaced{Pilot: imp.byID[ss.key().pilotID].slug, Ring: ss.key().ring, Metric: ss.key().metric,
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
		p := imp.byID[ss.key().pilotID]
		if !slices.Contains(p.kpis, ss.key().metric) {
			metrics[pk{p.id, ss.key().metric}] += int(ss.rows)
		}
		if ss.key().ring != model.BaselineRing && !slices.Contains(p.rings, ss.key().ring) {
			rings[pk{p.id, ss.key().ring}] += int(ss.rows)
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
	// changed: this import is the last to have changed the series' days
	// (what UnchangedImport compares with).
	upd, err := imp.tx.PrepareContext(imp.ctx, `UPDATE series SET n = n + ?, sum = sum + ?,
		first_day = min(coalesce(first_day, ?3), ?3), last_day = max(coalesce(last_day, ?4), ?4), changed = ?5 WHERE id = ?6`)
	if err != nil {
		return err
	}
	defer upd.Close()
	sumOnly, err := imp.tx.PrepareContext(imp.ctx, "UPDATE series SET sum = sum + ?, changed = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer sumOnly.Close()
	pilots := map[string]bool{}
	for _, ss := range imp.series {
		pilots[imp.byID[ss.key().pilotID].slug] = true
		switch {
		case ss.dn > 0:
			_, err = upd.ExecContext(imp.ctx, ss.dn, ss.dsum, int64(ss.newLo), int64(ss.newHi), imp.importID, ss.id)
		case ss.changed:
			_, err = sumOnly.ExecContext(imp.ctx, ss.dsum, imp.importID, ss.id)
		}
		if err != nil {
			return err
		}
	}
	if err := imp.recordRead(); err != nil {
		return err
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
		Replaced      []replaced `json:"replaced"`
		ReplacedTotal int        `json:"replaced_total"`
		// How the file was read, as the imports row records it.
		Options json.RawMessage `json:"options,omitempty"`
	}{st.File, st.SHA256, imp.importID, names, st.Rows, st.New, st.Updated, st.Unchanged,
		append([]replaced{}, imp.replaced...), imp.replacedTotal, optionsJSON(imp.meta.Options)})
	if err != nil {
		return err
	}
	e := AuditEntry{Actor: actor, Action: model.ActionImport, Entity: "metrics " + st.File, Origin: imp.origin,
		Summary: fmt.Sprintf("imported %s: %d rows, %d new, %d updated, %d unchanged", st.File, st.Rows, st.New, st.Updated, st.Unchanged),
		After:   after}
	if len(names) == 1 {
		e.Pilot = names[0]
	}
	if importDigests {
		changes := imp.digests()
		// The series states are done with (at 100,000 series, 9.6 MB): drop
		// them before the entry's state of every changed series is built.
		imp.series, imp.wseries = nil, nil
		if e.State, err = importState(imp.ctx, imp.tx, imp.importID, changes); err != nil {
			return err
		}
		if len(e.State) >= releaseStateBytes {
			// SQLite copies the state twice (the bound text, then the
			// row's record) while the Go heap holds it: hand back the
			// pages the import's heap no longer uses first.
			debug.FreeOSMemory()
		}
	}
	_, err = imp.s.appendAudit(imp.ctx, imp.tx, e)
	return err
}

// releaseStateBytes is the size of an audit state from which the import
// returns its free heap to the system before writing it (about 10,000
// series; a full collection costs about a millisecond per 10 MB live).
const releaseStateBytes = 1 << 20

// optionsJSON is the import's options for its audit entry: nil when not
// recorded (or not JSON).
func optionsJSON(o string) json.RawMessage {
	if o == "" || !json.Valid([]byte(o)) {
		return nil
	}
	return json.RawMessage(o)
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
	b.WriteString("INSERT OR FAIL INTO observations(series_id, day, value, import_id) VALUES ")
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

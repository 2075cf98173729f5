package store

// The import's parse stage: rows are read on a second goroutine, checked,
// matched to their series and cut into chunks for the writer.

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"strings"

	"ringside/model"
)

// chunk is a batch of rows from the parser, with the series first seen in it.
type chunk struct {
	recs      []rec
	newSeries []*seriesState
}

// run reads rows on a second goroutine and writes chunks on this one.
func (imp *importer) run(next func() (ObsRow, error)) error {
	imp.index, imp.canon, imp.names = map[seriesKey]int{}, newSeriesIndex(), map[seriesName]*seriesName{}
	full := make(chan *chunk, 1)
	free := make(chan *chunk, 2)
	for range 2 {
		free <- &chunk{recs: make([]rec, 0, chunkRows)}
	}
	stop := make(chan struct{})
	parseErr := make(chan error, 1)
	spooling := make(chan struct{}) // closed once the chunks are spooled
	go func() {
		parseErr <- imp.parse(next, full, free, stop, spooling)
		close(full)
	}()
	var werr error
	var sp *spool
	defer func() { sp.close() }()
	first := true
	for c := range full {
		if werr == nil && imp.errs.count() == 0 {
			if first && scattered(c) {
				if sp = imp.s.newSpool(); sp != nil {
					close(spooling)
				}
			}
			first = false
			if sp != nil {
				if werr = sp.add(c); werr == nil {
					werr = imp.addSeries(c.newSeries)
				}
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
	// The parser is done: the indexes that matched its rows to series
	// (2.3 MB at 100,000 series) go before the spooled rows are merged.
	imp.index, imp.canon, imp.names = nil, seriesIndex{}, nil
	if werr == nil && sp != nil && imp.errs.count() == 0 {
		// The parse stage is done with its chunks (3–4 MB each): the
		// merge writes through one of them and the other goes.
		var recs []rec
		for len(free) > 0 {
			if c := <-free; cap(c.recs) > cap(recs) {
				recs = c.recs[:0]
			}
		}
		// Every series is indexed: what only the parse needed goes too.
		imp.index, imp.canon, imp.stored = nil, seriesIndex{}, nil
		imp.merging = true
		werr = sp.merge(imp, recs)
	}
	if werr == nil {
		werr = imp.insert.flush()
	}
	return werr
}

// parse turns rows into recs, chunk by chunk. A chunk is cut where the day
// changes, so one day's rows of a date-sorted file meet in one chunk (or,
// past 2 × chunkRows rows, where the series or the day does: see cutInside).
// Once spooling closes, the rows are read on a goroutine of their own (see
// rowsAhead).
func (imp *importer) parse(next func() (ObsRow, error), full, free chan *chunk, stop, spooling chan struct{}) error {
	var c *chunk
	var ahead *rowsAhead
	defer func() { ahead.close() }()
	get := func() bool {
		select {
		case c = <-free:
		case <-stop:
			return false
		}
		if ahead == nil {
			select {
			case <-spooling:
				ahead = readAhead(next)
				next = ahead.next
			default:
			}
		}
		return true
	}
	if !get() {
		return nil
	}
	unknownPilot := map[string]int{}
	prevDay := model.Date(math.MinInt32)
	var lastKey seriesKey
	lastIdx := -1
	// after[i] is 1 + the series that followed series i in the file last
	// time (0: none yet). A date-ordered file names the series in the same
	// order every day: the guess spares a hashed look-up per row.
	var after []int32
	var lastPilot *pilotInfo
	var lastSlug string
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
		// A file names the same pilot row after row: its look-up was a
		// tenth of this stage.
		pilot := lastPilot
		if pilot == nil || row.Pilot != lastSlug {
			pilot, lastSlug = imp.pilots[row.Pilot], row.Pilot
			lastPilot = pilot
		}
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
			ok := false
			if idx >= 0 && idx < len(after) {
				// A file spelling a series as it is stored (most do).
				if g := int(after[idx]) - 1; g >= 0 && imp.series[g].key() == k {
					idx, ok = g, true
				}
			}
			// A file's spelling is in index only when it is not the
			// canonical one (most are): canon holds those.
			if !ok {
				if idx, ok = imp.canon.get(k, imp.series); !ok {
					idx, ok = imp.index[k]
				}
			}
			if !ok {
				if idx, err = imp.newSeries(pilot, k, c); err != nil {
					imp.errs.addRow(imp.errs.at(row.Line, "%v", err))
					continue
				}
			}
			if lastIdx >= 0 {
				if lastIdx >= len(after) {
					after = append(after, make([]int32, lastIdx+1-len(after))...)
				}
				after[lastIdx] = int32(idx + 1)
			}
			lastKey, lastIdx = k, idx
		}
		if ss := imp.series[idx]; ss.rows < math.MaxInt32 {
			ss.rows++
		}
		if n := len(c.recs); n >= chunkRows && (row.Day != prevDay || cutInside(n, c.recs[n-1].key, recKey(idx, row.Day))) {
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
	if idx, ok := imp.canon.get(canon, imp.series); ok {
		imp.index[k] = idx // another spelling of a series met before
		return idx, nil
	}
	idx := len(imp.series)
	name := imp.names[seriesName{canon.ring, canon.metric}]
	if name == nil {
		name = &seriesName{canon.ring, canon.metric}
		imp.names[*name] = name
	}
	ss := &seriesState{pilotID: canon.pilotID, name: name, newLo: math.MaxInt32, newHi: math.MinInt32}
	if old, ok := imp.stored[canon]; ok {
		ss.id, ss.existed, ss.lo, ss.hi = old.id, old.n > 0, old.lo, old.hi
	}
	imp.series = append(imp.series, ss)
	imp.canon.put(canon, idx)
	if k != canon {
		imp.index[k] = idx
	}
	c.newSeries = append(c.newSeries, ss)
	return idx, nil
}

func canonical(s string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(s, k) {
			return k
		}
	}
	return s
}

// seriesIndex finds a series by its canonical key in about 20 bytes an
// entry instead of about 64: a 64-bit hash of the key maps to the series'
// index, and the key itself is checked against the series state. The rare
// key whose hash another key took first goes in a map of its own. At
// 100,000 series it holds 2 MB instead of 6.4 MB.
type seriesIndex struct {
	byHash map[uint64]int32
	more   map[seriesKey]int
	hash   func(seriesKey) uint64 // a test makes every key collide
}

var seriesIndexSeed = maphash.MakeSeed()

func newSeriesIndex() seriesIndex {
	return seriesIndex{byHash: map[uint64]int32{}, more: map[seriesKey]int{},
		hash: func(k seriesKey) uint64 { return maphash.Comparable(seriesIndexSeed, k) }}
}

func (x seriesIndex) get(k seriesKey, series []*seriesState) (int, bool) {
	i, ok := x.byHash[x.hash(k)]
	if !ok {
		return 0, false
	}
	if series[i].key() == k {
		return int(i), true
	}
	j, ok := x.more[k]
	return j, ok
}

func (x seriesIndex) put(k seriesKey, idx int) {
	h := x.hash(k)
	if _, taken := x.byHash[h]; taken {
		x.more[k] = idx
		return
	}
	x.byHash[h] = int32(idx)
}

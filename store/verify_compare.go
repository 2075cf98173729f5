package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// verify's comparison of the state with the log, in two steps: what needs
// no observations (every key either side names, in order, with what the
// log and the tables say of it) is made ready while the observation scan
// runs (prepareState); once the scan is done, each series' digest is put
// beside its key and every key compared (verifyState). At 27,000 series the
// first step is most of the work (maps of 28,000 long keys, a sort), and
// it ran on one core after the scan.

// loggedDigest is an entity's newest digest in the log and its entry.
type loggedDigest = struct {
	digest string
	seq    int64
}

// stateCheck is the comparison made ready: every key of the tables' state
// (pilots, calendar, sources, imports, each series row's key) and every key
// the log gives a digest, sorted.
type stateCheck struct {
	entries []stateEntry
	pilots  map[string]string
	named   map[int64]bool
	latest  latestState
}

// stateEntry is one key: its newest digest in the log (logged), and its
// state now; for a series key, the series rows of that key in the order
// the table returned them (the last with observations gives the key's
// digest, as stateNow.withSeries has it).
type stateEntry struct {
	key    string
	log    loggedDigest
	logged bool
	now    string
	exists bool
	ids    []int64
}

// prepareState makes the comparison ready from the log's newest digests
// and the tables' state: each import whose newest entry recorded version
// 1 in that version (importsInTheirVersion), every key in order.
func (s *Store) prepareState(ctx context.Context, latest latestState, n *stateNow) (*stateCheck, error) {
	state := maps.Clone(n.state)
	if err := s.importsInTheirVersion(ctx, state, latest); err != nil {
		return nil, err
	}
	c := &stateCheck{entries: make([]stateEntry, 0, len(state)+len(n.series)+16), pilots: n.pilots, named: n.named}
	at := make(map[string]int, cap(c.entries))
	add := func(k string) int {
		if i, ok := at[k]; ok {
			return i
		}
		at[k] = len(c.entries)
		c.entries = append(c.entries, stateEntry{key: k})
		return len(c.entries) - 1
	}
	for k, d := range state {
		i := add(k)
		c.entries[i].now, c.entries[i].exists = d, true
	}
	for _, sk := range n.series {
		i := add(sk.key)
		c.entries[i].ids = append(c.entries[i].ids, sk.id)
	}
	for k, l := range latest {
		i, ok := at[k]
		if !ok && l.digest == "" {
			continue // gone, as the log says: compared only if it exists now (an observation of no series row)
		}
		if !ok {
			i = add(k)
		}
		c.entries[i].log, c.entries[i].logged = l, true
	}
	slices.SortFunc(c.entries, func(a, b stateEntry) int { return strings.Compare(a.key, b.key) })
	c.latest = latest
	return c, nil
}

// verifyState compares the state now with the newest digest per entity.
// A series is compared in the digest version its newest entry recorded.
func (s *Store) verifyState(ctx context.Context, r *VerifyReport, c *stateCheck, obs map[int64]seriesDigests) error {
	entries := c.withUnnamed(obs)
	for i := range entries {
		e := &entries[i]
		cur, exists := e.now, e.exists
		if len(e.ids) > 0 {
			for _, id := range e.ids {
				if d, ok := obs[id]; ok {
					cur, exists = d.v3.V3(), true
				}
			}
			if v := digestVersion(e.log.digest); e.logged && v != 3 {
				id := e.ids[len(e.ids)-1]
				if d, ok := obs[id]; ok {
					var err error
					if cur, err = s.inVersion(ctx, id, d, v); err != nil {
						return err
					}
				}
			}
		}
		if !exists && (!e.logged || e.log.digest == "") {
			continue // neither in the tables nor in the log
		}
		r.Entities++
		switch {
		case !e.logged:
			r.find(Finding{Entity: entityName(e.key), Problem: "no audit entry records it: it was written beside ringside (or the entries that recorded it were removed)"})
		case !exists:
			r.find(Finding{Entity: entityName(e.key), Seq: e.log.seq, Problem: fmt.Sprintf("audit entry %d records it, but it is gone from the database: deleted beside ringside", e.log.seq)})
		case cur != e.log.digest:
			r.find(Finding{Entity: entityName(e.key), Seq: e.log.seq, Problem: s.whatDiffers(ctx, e.key, e.log.seq, e.log.digest, cur, c.pilots)})
		}
	}
	r.Checked = append(r.Checked, fmt.Sprintf("state: %d entities (pilots with everything in them, imports, observation series, calendar) recomputed and compared with the newest audit entry of each", r.Entities))
	return nil
}

// withUnnamed is the entries with the observations of no series row among
// them, each under "series/#<id>" (a key no series row can have: it holds
// no slash), in order.
func (c *stateCheck) withUnnamed(obs map[int64]seriesDigests) []stateEntry {
	var extra []stateEntry
	for id, d := range obs {
		if !c.named[id] {
			extra = append(extra, stateEntry{key: keySeries + "#" + strconv.FormatInt(id, 10), now: d.v3.V3(), exists: true})
		}
	}
	if len(extra) == 0 {
		return c.entries
	}
	entries := slices.Clone(c.entries)
	for _, x := range extra {
		i, found := slices.BinarySearchFunc(c.entries, x.key, func(e stateEntry, k string) int { return strings.Compare(e.key, k) })
		if found { // the log names it too
			entries[i].now, entries[i].exists = x.now, true
			continue
		}
		if l, ok := c.latest[x.key]; ok { // logged without a digest: gone, as the log says
			x.log, x.logged = l, true
		}
		entries = append(entries, x)
	}
	slices.SortFunc(entries, func(a, b stateEntry) int { return strings.Compare(a.key, b.key) })
	return entries
}

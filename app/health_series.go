package app

import (
	"context"
	"fmt"
	"sync"

	"ringside/model"
	"ringside/store"
)

// The recent observations of a portfolio, read beside its pilots. The
// pilots' definitions (store.EachPilotJudgedDefs) and the windows of the
// pilots with series are read side by side, under the one write lock the
// two share (store/page_share.go): the series of a group of pilots are
// listed (their KPIs' aggregations, the baseline means and samples), then
// their windows read from the file's pages, group after group, the first
// groups small so the first verdicts are judged while the next windows
// are read. Before, every pilot's windows were read after the
// definitions, under a lock of their own, and before the first verdict:
// on the bench's 76 metric pilots, a third of the run with a core idle.

// seriesAhead reads the series of the pilots with any, group by group,
// ahead of the loader, which takes each pilot's with of.
type seriesAhead struct {
	ctx    context.Context
	cancel context.CancelFunc
	ready  chan struct{}   // closed once groupOf is known (or err set)
	read   chan aheadGroup // the groups' windows, in group order

	wg sync.WaitGroup

	err     error          // the list's error, set before ready is closed
	groupOf map[string]int // slug → its group, for the pilots with series
	sizes   []int          // pilots of each group, in group order
	got     map[int]aheadGroup
	next    int // the next group to take from read

	mu       sync.Mutex
	inFlight int           // series listed and not yet taken by the loader
	freed    chan struct{} // a group taken: the reader may go on
}

// aheadGroup is one group's series, by slug, or the error reading them.
type aheadGroup struct {
	series map[string]*store.PilotSeries
	count  int // its series, counted in seriesAhead.inFlight
	left   int // its pilots not yet taken
	err    error
}

// aheadGroupSizes are the first groups' sizes; the rest are of
// aheadGroupRest pilots. Small first groups let the workers start early;
// each group costs a few queries (or, listed from the pages, none). On
// the bench's 76 metric pilots groups of 4, 12, 24 and 36 keep the
// workers fed better than 4, 16 and 56 did: the loader waited for the
// third group from 12.3 ms into the run instead of 9.1, the last verdict
// 19.6 -> 18.6 ms (traced, 8 runs each). aheadSeries bounds the series listed
// or read and not yet taken by the loader (a group bigger than that is
// read alone): the bench's 76 metric pilots are 2,736 series, all read
// while the definitions are; at 100,000 series in 2,778 pilots, 6,000
// series are about 170 pilots, which memory holds well under health's
// 40 MiB heap (a series of 10 days: about 1 kB, listed and read). Before,
// a group of 250 pilots was read at a time. Variables for tests.
var (
	aheadGroupSizes = []int{4, 12, 24, 48}
	aheadGroupRest  = 128
	aheadSeries     = 6000
)

// readSeriesAhead starts reading the series of the pilots with any as of
// asOf. Call stop when done.
//
// One goroutine lists each group's series and reads its windows, under
// one page lock for the groups read while the definitions are (shared
// with them): the series of every pilot listed at once from the series
// table's pages, on the lock's connection (store.ListSeriesGroups). It
// lets go of the lock before waiting for what waits for the loader (the
// loader takes the groups read; past aheadSeries the reader waits for
// it), since the loader may wait for the output (a pager) for as long as
// it likes: a writer must not wait for that. A group read after that
// takes the lock again, for itself. Before, a lister and a reader of
// windows went side by side on connections of their own; on two cores
// beside the definitions' load, the reader waited for the lister to be
// done with every group before it read the first group's windows.
func readSeriesAhead(ctx context.Context, s *store.Store, asOf model.Date) *seriesAhead {
	ctx, cancel := context.WithCancel(ctx)
	// The channel holds a few pointers each: aheadSeries bounds memory.
	a := &seriesAhead{ctx: ctx, cancel: cancel, ready: make(chan struct{}), read: make(chan aheadGroup, 64),
		got: map[int]aheadGroup{}, freed: make(chan struct{}, 1)}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		release := s.HoldPages(ctx)
		held := true
		letGo := func() {
			if held {
				release()
				held = false
			}
		}
		defer letGo()
		lists, err := s.ListSeriesGroups(ctx, asOf, model.DefaultWindow)
		if err != nil {
			a.err = fmt.Errorf("health: read observations: %w", err)
			close(a.ready)
			return
		}
		slugs := lists.Slugs
		var groups [][]string
		for len(slugs) > 0 {
			n := aheadGroupRest
			if len(groups) < len(aheadGroupSizes) {
				n = aheadGroupSizes[len(groups)]
			}
			n = min(n, len(slugs))
			groups, slugs = append(groups, slugs[:n]), slugs[n:]
		}
		a.groupOf = map[string]int{}
		for g, group := range groups {
			a.sizes = append(a.sizes, len(group))
			for _, slug := range group {
				a.groupOf[slug] = g
			}
		}
		close(a.ready)
		// send hands r to the loader, letting go of the lock first if it
		// must wait for it; false when the run is over.
		send := func(r aheadGroup) bool {
			select {
			case a.read <- r:
				return true
			default:
			}
			letGo()
			select {
			case a.read <- r:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, group := range groups {
			if !held {
				release, held = s.HoldPages(ctx), true
			}
			l, err := lists.List(ctx, group)
			if err != nil {
				send(aheadGroup{err: fmt.Errorf("health: read observations: %w", err)})
				return
			}
			if !a.reserve(l.Len(), letGo) {
				return
			}
			if !held {
				release, held = s.HoldPages(ctx), true
			}
			series, err := l.Windows(ctx)
			if err != nil {
				err = fmt.Errorf("health: read observations: %w", err)
			}
			if !send(aheadGroup{series: series, count: l.Len(), err: err}) || err != nil {
				return
			}
		}
	}()
	return a
}

// reserve waits until n more series fit in aheadSeries (or none is in
// flight), and counts them; false when the run is over. It calls letGo
// before it waits.
func (a *seriesAhead) reserve(n int, letGo func()) bool {
	for {
		a.mu.Lock()
		if a.inFlight == 0 || a.inFlight+n <= aheadSeries {
			a.inFlight += n
			a.mu.Unlock()
			return true
		}
		a.mu.Unlock()
		letGo()
		select {
		case <-a.freed:
		case <-a.ctx.Done():
			return false
		}
	}
}

// taken uncounts a group's n series, all taken by the loader.
func (a *seriesAhead) taken(n int) {
	a.mu.Lock()
	a.inFlight -= n
	a.mu.Unlock()
	select {
	case a.freed <- struct{}{}:
	default: // the reader has been told already
	}
}

// of gives the series of the pilot slug (nil: it has none), in the
// order the pilots come (slug order: groups come in that order too, so
// one group at a time is held; a pilot out of that order is found all
// the same).
func (a *seriesAhead) of(slug string) (*store.PilotSeries, error) {
	select {
	case <-a.ready:
	case <-a.ctx.Done():
		return nil, a.ctx.Err()
	}
	if a.err != nil {
		return nil, a.err
	}
	g, ok := a.groupOf[slug]
	if !ok {
		return nil, nil
	}
	for a.next <= g {
		select {
		case r := <-a.read:
			if r.err != nil {
				return nil, r.err
			}
			r.left = a.sizes[a.next]
			a.got[a.next] = r
			a.next++
		case <-a.ctx.Done():
			return nil, a.ctx.Err()
		}
	}
	r, ok := a.got[g]
	if !ok {
		return nil, nil // taken twice: the group is gone (a pilot comes once)
	}
	ps := r.series[slug]
	if r.left--; r.left == 0 {
		delete(a.got, g)
		a.taken(r.count)
	} else {
		a.got[g] = r
	}
	return ps, nil
}

// stop ends the reads and waits for them.
func (a *seriesAhead) stop() {
	a.cancel()
	a.wg.Wait()
}

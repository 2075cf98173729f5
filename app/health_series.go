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
	ready  chan struct{} // closed once groupOf is known (or err set)
	listed chan *store.SeriesListed
	read   chan aheadGroup
	wg     sync.WaitGroup

	err     error          // the list's error, set before ready is closed
	groupOf map[string]int // slug → its group, for the pilots with series
	sizes   []int          // pilots of each group, in group order
	got     map[int]aheadGroup
	next    int // the next group to take from read
}

// aheadGroup is one group's series, by slug, or the error reading them.
type aheadGroup struct {
	series map[string]*store.PilotSeries
	left   int // its pilots not yet taken
	err    error
}

// aheadGroupSizes are the first groups' sizes; the rest are of
// aheadGroupRest pilots. Small first groups let the workers start early;
// each group costs a few queries. Variables for tests.
var (
	aheadGroupSizes = []int{4, 16, 64}
	aheadGroupRest  = healthGroup
)

// aheadGroups bounds the groups listed and not yet read, and the groups
// read and not yet taken: the windows are read while the definitions are
// (on the bench's million rows, all of them before the first pilot comes
// out), so a few groups wait; at 100,000 series a group of 250 pilots'
// windows is about 3 MB.
const aheadGroups = 4

// readSeriesAhead starts reading the series of the pilots with any as of
// asOf. Call stop when done.
func readSeriesAhead(ctx context.Context, s *store.Store, asOf model.Date) *seriesAhead {
	ctx, cancel := context.WithCancel(ctx)
	a := &seriesAhead{ctx: ctx, cancel: cancel, ready: make(chan struct{}), listed: make(chan *store.SeriesListed, aheadGroups-1),
		read: make(chan aheadGroup, aheadGroups-1), got: map[int]aheadGroup{}}
	a.wg.Add(2)
	go func() { // the lists, group by group
		defer a.wg.Done()
		defer close(a.listed)
		slugs, err := s.PilotsWithSeries(ctx)
		if err != nil {
			a.err = fmt.Errorf("health: read observations: %w", err)
			close(a.ready)
			return
		}
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
		for _, group := range groups {
			l, err := s.ListSeriesOfPilots(ctx, group, asOf, model.DefaultWindow)
			if err != nil {
				select {
				case a.read <- aheadGroup{err: fmt.Errorf("health: read observations: %w", err)}:
				case <-ctx.Done():
				}
				return
			}
			select {
			case a.listed <- l:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { // the windows
		defer a.wg.Done()
		// One lock for the groups read while the definitions are (shared
		// with them) or while nothing waits; let go before waiting for the
		// loader, which may wait for the output (a pager) for as long as
		// it likes: a writer must not wait for that.
		release := s.HoldPages(ctx)
		defer func() { release() }()
		for l := range a.listed {
			series, err := l.Windows(ctx)
			if err != nil {
				err = fmt.Errorf("health: read observations: %w", err)
			}
			r := aheadGroup{series: series, err: err}
			select {
			case a.read <- r:
			default:
				release()
				release = func() {}
				select {
				case a.read <- r:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return a
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

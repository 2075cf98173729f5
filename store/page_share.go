package store

import (
	"context"
	"sync"
)

// One write lock for the page reads of a run. `health` over a portfolio
// reads the pilots' definitions from the file (judged_file.go) and, beside
// them, the windows of the pilots with series (window_pages.go): each
// under the write lock with the log checkpointed. Taken one after the
// other, the windows waited for the definitions to let go of the file, a
// third of the run with the second core idle; taken each its own, the one
// that came second found the lock held and read the slow way. So they
// share it: the first to come takes it (with the observations' checks,
// which the definitions do not need but cost three small queries), the
// next share it, and the last to let go ends it. Under the write lock
// with everything in the file, the file is one snapshot for all of them.

// pageShare is the lock shared: held while holders > 0.
type pageShare struct {
	mu      sync.Mutex
	ps      *pageScan
	holders int
	// seriesRoot is the series table's root page, checked under ps
	// (series_pages.go), or 0; seriesBig says the table has more pages
	// than the series list reads, for the store's life.
	seriesRoot uint32
	seriesBig  bool
}

// sharePageScan is beginPageScanNoWait shared with whoever in this
// process holds it already; release (once) lets go of this hold.
func (s *Store) sharePageScan(ctx context.Context) (ps *pageScan, release func(), err error) {
	sh := &s.pages
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.ps == nil {
		// Taken with the mutex held: one who comes meanwhile waits for it
		// (about a millisecond) rather than find the lock taken.
		if sh.ps, err = s.beginPageScanNoWait(ctx); err != nil {
			sh.ps = nil
			return nil, nil, err
		}
	}
	return sh.ps, sh.hold(), nil
}

// hold counts one more holder of the lock held (sh.mu held) and gives
// the release of that hold.
func (sh *pageShare) hold() (release func()) {
	sh.holders++
	return sync.OnceFunc(func() {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if sh.holders--; sh.holders == 0 {
			sh.ps.end()
			sh.ps, sh.seriesRoot = nil, 0
		}
	})
}

// sharePagesHeld is sharePageScan when this process holds the lock
// already; ps is nil (and release does nothing) when it does not: a
// reader that would not take the lock for itself (SQL on the lock's
// connection, which opens no connection of its own).
func (s *Store) sharePagesHeld() (ps *pageScan, release func()) {
	sh := &s.pages
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.ps == nil {
		return nil, func() {}
	}
	return sh.ps, sh.hold()
}

// HoldPages holds the file for the page reads that follow (health's
// windows, group after group) until release: each then shares this lock
// instead of taking and checking its own. A hold that cannot be had is
// none: the reads take their own, or fall back to SQL, as without it.
func (s *Store) HoldPages(ctx context.Context) (release func()) {
	if windowPagesOff || s.bound != nil || s.path == "" {
		return func() {}
	}
	_, release, err := s.sharePageScan(ctx)
	if err != nil {
		return func() {}
	}
	return release
}

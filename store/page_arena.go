package store

import (
	"sync"
	"sync/atomic"
)

// pageArenas is where the judged load's file read puts the pages it
// reads: memory of their own, handed back to the system as soon as the
// load is done with them (free), where the platform can (mmap on Unix,
// page_arena_unix.go), instead of staying in the process until it
// exits. A thousand pilots' tables are 333 pages (1.3 MB): each page of
// memory costs the process about 2 µs to touch and again about 1 µs to
// give back at exit, on the run's last, single-threaded, stretch; freed
// by the loader once its pilots are out, that part runs beside the
// output's writing. alloc is safe for concurrent use.
type pageArenas struct {
	mu     sync.Mutex
	mapped [][]byte // the arenas mapped, for free
}

// alloc returns n bytes of zeroed memory, valid until free.
func (a *pageArenas) alloc(n int) []byte {
	if n <= 0 {
		return nil
	}
	if b := mapArena(n); b != nil {
		a.mu.Lock()
		a.mapped = append(a.mapped, b)
		a.mu.Unlock()
		arenasMapped.Add(1)
		return b
	}
	return make([]byte, n)
}

// free hands back every arena mapped: nothing may read or write them
// after (the load keeps no byte of a page past its end: every text it
// hands out is a copy, strs.of).
func (a *pageArenas) free() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, b := range a.mapped {
		unmapArena(b)
		arenasMapped.Add(-1)
	}
	a.mapped = nil
}

// arenasMapped counts the arenas mapped and not yet handed back (tests).
var arenasMapped atomic.Int64

//go:build unix

package store

import "golang.org/x/sys/unix"

// arenaMin is the smallest arena mapped: below it (the levels above the
// leaves, a few pages) the heap's memory costs less than a mapping.
const arenaMin = 64 << 10

// mapArena maps n bytes of private anonymous memory, or returns nil (too
// small to be worth a mapping, or the system said no: the caller takes
// the heap's).
func mapArena(n int) []byte {
	if n < arenaMin {
		return nil
	}
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil
	}
	return b
}

func unmapArena(b []byte) { unix.Munmap(b) }

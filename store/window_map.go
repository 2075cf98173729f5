package store

import (
	"io"
	"runtime/debug"
)

// The windows' pages, from a memory map of the file. A window lies in a
// leaf of its own, one of 2,835 leaves spread every second or third page
// over 29 MB of the bench's million rows: read with a pread each, the
// system calls were half the cost of reading the windows. Mapped, a
// page fault maps the 16 pages around the one touched (those the page
// cache holds), and the page is copied into the walk's buffer, as a
// pread would (the cells read from the map itself cost more: each
// binary search step a miss in the processor's caches). The map is read
// under the page lock only, and unmapped before it is let go: nothing in
// it is kept. A file cut short meanwhile by another program (SQLite
// itself never shrinks a file under the write lock) is a fault, not a
// crash: the read stops with an error and the windows are read through
// SQL (mappedRead).

// mappedFile reads pages from a memory map of the file.
type mappedFile []byte

func (m mappedFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(m)) || int64(len(p)) > int64(len(m))-off {
		return 0, io.ErrUnexpectedEOF
	}
	return copy(p, m[off:]), nil
}

// faultError is the runtime's error for a fault in a memory map
// (debug.SetPanicOnFault).
type faultError interface{ Addr() uintptr }

// mappedRead runs read, turning a fault in a memory map into an error.
func mappedRead(read func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(faultError); !ok {
				panic(r)
			}
			err = errPagesUnsupported{"the file changed under the read (a fault in its memory map)"}
		}
	}()
	return read()
}

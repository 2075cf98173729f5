//go:build unix

package main

import (
	"io"

	"golang.org/x/sys/unix"
)

// writev writes vecs to the descriptor, iovMax at a time and again after
// a partial write, and returns what it did not write (after an error).
func (o *healthOut) writev(vecs [][]byte) [][]byte {
	if o.regular {
		o.preallocate(vecs)
	}
	for len(vecs) > 0 && o.err == nil {
		batch := vecs[:min(len(vecs), iovMax)]
		var n int
		var werr error
		err := o.raw.Write(func(fd uintptr) bool {
			for {
				n, werr = unix.Writev(int(fd), batch)
				if werr != unix.EINTR {
					break
				}
			}
			return werr != unix.EAGAIN // not ready: wait for the descriptor (a non-blocking pipe)
		})
		if err == nil {
			err = werr
		}
		if err != nil {
			return vecs
		}
		if n <= 0 {
			o.err = io.ErrShortWrite
			return nil
		}
		o.written += n
		for n > 0 { // drop what was written
			if n < len(vecs[0]) {
				vecs[0] = vecs[0][n:]
				break
			}
			n -= len(vecs[0])
			vecs = vecs[1:]
		}
	}
	return vecs
}

// preallocMin is how many bytes a write to a regular file must be for
// its blocks to be allocated first (a flush of 64 kB is not).
const preallocMin = 256 << 10

// preallocate has the file's blocks for vecs allocated before they are
// written (preallocateFile), when they are many: the file system then takes
// the write without reserving its blocks page by page. A thousand
// pilots' 16.4 MB went to ext4 in 1 MB writes: the reservation was a
// third of what the kernel did for them.
func (o *healthOut) preallocate(vecs [][]byte) {
	n := 0
	for _, v := range vecs {
		n += len(v)
	}
	if n < preallocMin {
		return
	}
	o.raw.Control(func(fd uintptr) {
		if !preallocateFile(fd, n) {
			o.regular = false // not on this file system: no more asking
		}
	})
}

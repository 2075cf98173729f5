package main

import (
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// healthOut is how health writes its verdicts. A thousand pilots of a
// few definitions are 16 MB, nearly all of it bodies shared by many
// pilots (app.Verdict.Shared): through a bufio.Writer each was copied
// into the buffer before the kernel copied it again. Here small pieces
// (separators, heads, the verdicts of pilots judged alone) are copied
// into a buffer, shared bodies are only pointed at, and a flush hands
// the pieces to the kernel in one writev (at most iovMax at a time) when
// the output is a file descriptor: a file, a pipe, a terminal. Any other
// writer (a pager, a test's buffer) gets the pieces one Write each.
// Flushes come every 64 kB for the first MB (a few pilots' output goes
// out as before), then every MB: the kernel takes 16 MB in 1 MB writes
// for a fifth less than in 64 kB ones.
type healthOut struct {
	w       io.Writer
	f       *os.File        // w as a file, or nil
	raw     syscall.RawConn // f's descriptor for writev, or nil
	buf     []byte          // copies of the pieces since the last flush
	vecs    [][]byte        // the pieces the next flush writes, in order
	open    bool            // the last piece is buf's tail: a copy may extend it
	pending int             // bytes in vecs
	written int             // bytes flushed
	err     error           // the first write error; nothing is written after it
}

// bigOutput is how much health writes through 64 kB writes before it
// writes bigWrites at a time: a few pilots' output is as before.
const bigOutput, bigWrites = 1 << 20, 1 << 20

// iovMax is how many pieces one writev takes (Linux's IOV_MAX).
const iovMax = 1024

func newHealthOut(w io.Writer) *healthOut {
	o := &healthOut{w: w, buf: make([]byte, 0, 64<<10)}
	if f, ok := w.(*os.File); ok {
		o.f = f
		if raw, err := f.SyscallConn(); err == nil {
			o.raw = raw
		}
	}
	return o
}

// Write copies p to the output; p may change once it returns.
func (o *healthOut) Write(p []byte) {
	if len(p) == 0 {
		return
	}
	if cap(o.buf)-len(o.buf) < len(p) {
		if want := o.limit(); cap(o.buf) < want {
			// The buffer grows to the flush size once (the pieces in the
			// old one stay where they are until the flush).
			o.buf, o.open = make([]byte, 0, want), false
		} else if o.Flush(); cap(o.buf) < len(p) {
			o.vecs = append(o.vecs, p) // bigger than the buffer: written now
			o.Flush()
			return
		}
	}
	start := len(o.buf)
	o.buf = append(o.buf, p...)
	if last := len(o.vecs) - 1; o.open {
		o.vecs[last] = o.vecs[last][:len(o.vecs[last])+len(p)]
	} else {
		o.vecs, o.open = append(o.vecs, o.buf[start:len(o.buf):cap(o.buf)]), true
	}
	o.added(len(p))
}

// WriteString is Write of a string.
func (o *healthOut) WriteString(s string) { o.Write([]byte(s)) }

// Keep writes p without copying it: p must not change until the last
// Flush (the bodies HealthEach shares never do).
func (o *healthOut) Keep(p []byte) {
	if len(p) == 0 {
		return
	}
	o.vecs, o.open = append(o.vecs, p), false
	o.added(len(p))
}

func (o *healthOut) added(n int) {
	if o.pending += n; o.pending >= o.limit() || len(o.vecs) >= iovMax {
		o.Flush()
	}
}

// limit is how many bytes a flush writes: 64 kB for the first MB, then
// bigWrites.
func (o *healthOut) limit() int {
	if o.written >= bigOutput {
		return bigWrites
	}
	return 64 << 10
}

// Flush writes every piece and returns the first write error of the
// output (the same error after it).
func (o *healthOut) Flush() error {
	vecs := o.vecs
	if o.raw != nil {
		vecs = o.writev(vecs)
	}
	for _, v := range vecs {
		if o.err != nil {
			break
		}
		// A write that writev could not do (a broken pipe, a full disk)
		// is done again the plain way: the error, and on a broken
		// stdout the signal, are the ones every other command gives.
		if _, o.err = o.w.Write(v); o.err == nil {
			o.written += len(v)
		}
	}
	clear(o.vecs) // the shared bodies are not held past their flush
	o.vecs, o.buf, o.open, o.pending = o.vecs[:0], o.buf[:0], false, 0
	return o.err
}

// writev writes vecs to the descriptor, iovMax at a time and again after
// a partial write, and returns what it did not write (after an error).
func (o *healthOut) writev(vecs [][]byte) [][]byte {
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

// Err is the first write error, or nil.
func (o *healthOut) Err() error { return o.err }

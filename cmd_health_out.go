package main

import (
	"io"
	"os"
	"syscall"
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
	copied  []bool          // whether each of vecs is a copy in buf
	out     [][]byte        // the pieces a flush writes (reused)
	open    bool            // the last piece is buf's tail: a copy may extend it
	pending int             // bytes in vecs
	written int             // bytes flushed
	err     error           // the first write error; nothing is written after it
	// regular says f is a regular file: a big flush has its blocks
	// allocated first (preallocateFile), until the file system says no.
	regular bool
}

// bigOutput is how much health writes through 64 kB writes before it
// writes bigWrites at a time: a few pilots' output is as before.
const bigOutput, bigWrites = 1 << 20, 1 << 20

// iovMax is how many pieces one writev takes (Linux's IOV_MAX).
const iovMax = 1024

func newHealthOut(w io.Writer) *healthOut {
	o := &healthOut{w: w, buf: make([]byte, 0, 128<<10)} // a flush of 64 kB and a piece more
	if f, ok := w.(*os.File); ok {
		o.f = f
		if raw, err := f.SyscallConn(); err == nil {
			o.raw = raw
		}
		if st, err := f.Stat(); err == nil {
			o.regular = st.Mode().IsRegular()
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
		// The buffer does not grow: a full buffer is written out, however
		// far the output is from its next flush. Verdicts with data are
		// copies (a pilot's about 36 kB) and would have it grow to the
		// flush size, a MB of memory new to the process (about 2 µs a 4
		// kB page here) to save writes of 128 kB against 1 MB ones; the
		// shared bodies of pilots without data are never copied, and
		// their heads fill the buffer long after a MB of output.
		// It is written to the last multiple of 64 kB (a whole write, as
		// flush's), which leaves less than that waiting. No append below
		// may move the buffer: the pieces point into it.
		if o.flushTo(64 << 10); cap(o.buf)-len(o.buf) < len(p) {
			if o.Flush(); cap(o.buf) < len(p) {
				o.vecs, o.copied = append(o.vecs, p), append(o.copied, false) // bigger than the buffer: written now, as it is
				o.pending += len(p)
				o.Flush()
				return
			}
		}
	}
	start := len(o.buf)
	o.buf = append(o.buf, p...)
	if last := len(o.vecs) - 1; o.open {
		o.vecs[last] = o.vecs[last][:len(o.vecs[last])+len(p)]
	} else {
		o.vecs, o.copied, o.open = append(o.vecs, o.buf[start:len(o.buf):cap(o.buf)]), append(o.copied, true), true
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
	o.vecs, o.copied, o.open = append(o.vecs, p), append(o.copied, false), false
	o.added(len(p))
}

func (o *healthOut) added(n int) {
	if o.pending += n; len(o.vecs) >= iovMax {
		o.Flush()
	} else if o.pending >= o.limit() {
		o.flush()
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
func (o *healthOut) Flush() error { return o.flushTo(0) }

// flush writes as many bytes as end the output at a multiple of the
// flush size (limit). The kernel takes the file in whole writes of 64
// kB and 1 MB a fifth cheaper than in writes that start and end inside
// its pages (16.4 MB: 4.8–5.3 ms against 5.8–6.2 ms at best, a Python
// loop, load 9). What is left waits for the next flush; its copies move
// to the buffer's start.
func (o *healthOut) flush() error { return o.flushTo(o.limit()) }

// flushTo writes the pieces that end the output at a multiple of unit
// bytes, or all of them (unit 0).
func (o *healthOut) flushTo(unit int) error {
	n := o.pending
	if unit > 0 {
		if n = (o.written+o.pending)/unit*unit - o.written; n <= 0 {
			return o.err
		}
	}
	k, cut := 0, n // o.vecs[:k] and cut bytes of o.vecs[k] are written
	for k < len(o.vecs) && cut >= len(o.vecs[k]) {
		cut -= len(o.vecs[k])
		k++
	}
	out := append(o.out[:0], o.vecs[:k]...)
	if cut > 0 {
		out = append(out, o.vecs[k][:cut])
	}
	if o.raw != nil {
		out = o.writev(out)
	}
	for _, v := range out {
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
	clear(out) // the shared bodies are not held past their flush
	o.out = out[:0]
	// What is left: the rest of the piece cut, and the pieces after it.
	rest := o.vecs[k:]
	if cut > 0 {
		rest[0] = rest[0][cut:]
	}
	left := o.relocate(o.buf[:0], k)
	m := copy(o.vecs, rest)
	copy(o.copied, o.copied[k:])
	clear(o.vecs[m:])
	o.vecs, o.copied, o.buf, o.pending = o.vecs[:m], o.copied[:m], left, o.pending-n
	o.open = m > 0 && o.copied[m-1]
	return o.err
}

// relocate appends the copies among vecs[from:] to dst, in order, points
// them there and returns dst. The copies are in buf in their order, so
// moving them to buf's own start only ever copies a piece to where it
// was or before (copy handles the overlap).
func (o *healthOut) relocate(dst []byte, from int) []byte {
	for i := from; i < len(o.vecs); i++ {
		if o.copied[i] {
			start := len(dst)
			dst = append(dst, o.vecs[i]...)
			o.vecs[i] = dst[start:len(dst):cap(dst)]
		}
	}
	return dst
}

// Err is the first write error, or nil.
func (o *healthOut) Err() error { return o.err }

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// healthOutPieces writes to o what health writes: small pieces copied
// (changed right after, as the render buffers are), kept bodies pointed
// at, a piece larger than the buffer, and returns the bytes expected.
func healthOutPieces(o *healthOut, pilots int) []byte {
	var want bytes.Buffer
	bodies := [][]byte{bytes.Repeat([]byte("shared body A "), 1200), bytes.Repeat([]byte("body B·"), 2000)}
	scratch := make([]byte, 0, 256)
	for i := range pilots {
		scratch = fmt.Appendf(scratch[:0], `,{"pilot":"p-%05d"`, i)
		o.Write(scratch)
		want.Write(scratch)
		clear(scratch[:cap(scratch)]) // the caller reuses its buffer
		switch i % 7 {
		case 3: // a pilot judged alone: all of it copied
			own := bytes.Repeat([]byte{byte('a' + i%26)}, 9000+i)
			o.Write(own)
			want.Write(own)
		case 5: // bigger than the buffer
			own := bytes.Repeat([]byte{byte('A' + i%26)}, 150<<10)
			o.Write(own)
			want.Write(own)
		default:
			o.Keep(bodies[i%2])
			want.Write(bodies[i%2])
		}
	}
	o.WriteString("]}\n")
	want.WriteString("]}\n")
	return want.Bytes()
}

// TestHealthOutWritesEveryPieceInOrder: into a file, through a pipe that
// takes a little at a time (writev writes part of a flush, then waits for
// the reader), and into a plain writer, the bytes are the pieces in order.
func TestHealthOutWritesEveryPieceInOrder(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		f, err := os.Create(t.TempDir() + "/out")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		o := newHealthOut(f)
		if o.raw == nil {
			t.Fatal("a file is written without writev")
		}
		want := healthOutPieces(o, 400)
		if err := o.Flush(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(f.Name())
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("file holds %d bytes (%v), want %d", len(got), err, len(want))
		}
	})
	t.Run("pipe", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		got := make(chan []byte)
		go func() {
			var b bytes.Buffer
			chunk := make([]byte, 3000) // less than a pipe's buffer: writev meets a full pipe
			for {
				n, err := r.Read(chunk)
				b.Write(chunk[:n])
				if err != nil {
					got <- b.Bytes()
					return
				}
			}
		}()
		o := newHealthOut(w)
		want := healthOutPieces(o, 400)
		if err := o.Flush(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		if b := <-got; !bytes.Equal(b, want) {
			t.Fatalf("the pipe carried %d bytes, want %d (first difference at %d)", len(b), len(want), firstDiff(b, want))
		}
	})
	t.Run("writer", func(t *testing.T) {
		var b bytes.Buffer
		o := newHealthOut(&b)
		want := healthOutPieces(o, 100)
		if err := o.Flush(); err != nil || !bytes.Equal(b.Bytes(), want) {
			t.Fatalf("buffer holds %d bytes (%v), want %d", b.Len(), err, len(want))
		}
	})
}

// fileHealthOut is a healthOut writing to a new file of the test's.
func fileHealthOut(t *testing.T) (*os.File, *healthOut) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, newHealthOut(f)
}

// flushedAs flushes o and checks that its file f holds want.
func flushedAs(t *testing.T, o *healthOut, f *os.File, want []byte) {
	t.Helper()
	if err := o.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(f.Name()); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the file holds %d bytes (%v), want %d (first difference at %d)", len(got), err, len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestHealthOutStopsAtAWriteError: a full disk mid-output is the error a
// plain write gives (the file's name and the errno), writing stops there,
// and the same error comes back from every later call.
func TestHealthOutStopsAtAWriteError(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	_, plain := f.Write([]byte("x"))
	o := newHealthOut(f)
	healthOutPieces(o, 50)
	err = o.Err()
	var pe *os.PathError
	if !errors.As(err, &pe) || !errors.Is(err, syscall.ENOSPC) || err.Error() != plain.Error() {
		t.Fatalf("error %v, want %v", err, plain)
	}
	o.Keep([]byte("more"))
	if o.Flush() != err || o.written != 0 {
		t.Fatalf("after the error: %v, %d bytes written", o.Flush(), o.written)
	}
}

// TestHealthOutStopsAtAFailingWriter: a writer that fails part way
// through a piece gets nothing more.
func TestHealthOutStopsAtAFailingWriter(t *testing.T) {
	w := &failingWriter{limit: 100 << 10}
	o := newHealthOut(w)
	healthOutPieces(o, 200)
	if err := o.Flush(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Flush = %v, want disk full", err)
	}
	if w.limit != 0 || o.written > 100<<10 {
		t.Fatalf("after the failure: limit %d, %d bytes written", w.limit, o.written)
	}
}

// TestHealthToAFileAndAPipe: health writes the same bytes into a file and
// through a pipe (writev, pieces of shared bodies pointed at) as into a
// plain writer (each piece written): a portfolio of shared definitions,
// one pilot, and none at all ("no pilots yet"; JSON with an empty list).
func TestHealthToAFileAndAPipe(t *testing.T) {
	shared, _ := sharedPortfolio(t)
	empty := filepath.Join(t.TempDir(), "empty.db")
	for _, c := range []struct {
		name, db string
	}{{"shared definitions", shared}, {"one pilot", manyPilots(t, 1)}, {"no pilots", empty}} {
		for _, args := range [][]string{{"health"}, {"health", "--json"}} {
			all := append([]string{"--db", c.db, "--as", "tester"}, args...)
			code, want, errs := ringside(t, c.db, args...)
			if code > 1 {
				t.Fatalf("%s %v: exit %d: %s", c.name, args, code, errs)
			}
			if c.db == empty {
				if w := `{"as_of":"` + pinnedNow().Format("2006-01-02") + `","pilots":[]}` + "\n"; len(args) == 2 && want != w {
					t.Errorf("no pilots, JSON: %q, want %q", want, w)
				}
				if len(args) == 1 && !strings.HasPrefix(want, "no pilots yet") {
					t.Errorf("no pilots, text: %q", want)
				}
			}
			f, err := os.Create(filepath.Join(t.TempDir(), "out"))
			if err != nil {
				t.Fatal(err)
			}
			if got := runAt(pinnedNow, all, strings.NewReader(""), f, io.Discard); got != code {
				t.Errorf("%s %v into a file: exit %d, want %d", c.name, args, got, code)
			}
			f.Close()
			if b, err := os.ReadFile(f.Name()); err != nil || string(b) != want {
				t.Errorf("%s %v: the file holds %d bytes (%v), want %d", c.name, args, len(b), err, len(want))
			}
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			read := make(chan []byte)
			go func() { b, _ := io.ReadAll(r); read <- b }()
			if got := runAt(pinnedNow, all, strings.NewReader(""), w, io.Discard); got != code {
				t.Errorf("%s %v into a pipe: exit %d, want %d", c.name, args, got, code)
			}
			w.Close()
			if b := <-read; string(b) != want {
				t.Errorf("%s %v: the pipe carried %d bytes, want %d", c.name, args, len(b), len(want))
			}
			r.Close()
		}
	}
}

// TestHealthOutFlushesWholeWrites: while the pieces fit the buffer, every
// flush ends the output at a multiple of 64 kB, and past the first MB at
// a multiple of 1 MB unless the copies waiting filled the buffer first
// (it does not grow: it is written to its last 64 kB), the rest waiting
// for the next one, whatever the pieces' sizes; the buffer stays the
// size it was made; the file holds every piece in order.
func TestHealthOutFlushesWholeWrites(t *testing.T) {
	f, o := fileHealthOut(t)
	var want bytes.Buffer
	body := bytes.Repeat([]byte("0123456789abcdef"), 1500) // 24 kB, kept
	scratch := make([]byte, 40<<10)
	room := cap(o.buf)
	flushes, big, full := 0, 0, 0
	for i := range 2000 {
		last := o.written
		filled := false // the next copy does not fit the buffer
		// The first 1,500 pieces are mostly bodies kept, the copies
		// between them small (heads: the buffer never fills); the last
		// 500 mostly copies of up to 40 kB (verdicts with data).
		if heads := i < 1500; (heads && i%5 != 0) || (!heads && i%3 == 0) {
			o.Keep(body[:1+i*37%len(body)])
			want.Write(body[:1+i*37%len(body)])
		} else {
			n := len(scratch)
			if heads {
				n = 4 << 10
			}
			p := scratch[:1+i*7919%n]
			for j := range p {
				p[j] = byte('a' + (i+j)%26)
			}
			filled = cap(o.buf)-len(o.buf) < len(p)
			o.Write(p)
			want.Write(p)
		}
		if o.written != last {
			flushes++
			if o.written%(64<<10) != 0 {
				t.Fatalf("piece %d: a flush ended at %d, not a multiple of 64 kB", i, o.written)
			}
			if filled {
				full++
			} else if last >= bigOutput {
				if big++; o.written%(1<<20) != 0 && big > 1 {
					t.Fatalf("piece %d: a flush past the first MB ended at %d, not a multiple of 1 MB", i, o.written)
				}
			}
		}
		if cap(o.buf) != room {
			t.Fatalf("piece %d: the buffer grew from %d to %d bytes", i, room, cap(o.buf))
		}
	}
	flushedAs(t, o, f, want.Bytes())
	if flushes < 10 || big < 3 || full < 3 {
		t.Fatalf("%d flushes, %d past the first MB at its flush size, %d of a full buffer", flushes, big, full)
	}
}

// TestHealthOutTakesABigPieceAfterCopies: past the first MB, a copied
// piece bigger than the buffer, with copies waiting in it, is written
// whole and in order after them (once, the buffer grew for such a piece
// and it was appended past the buffer's end, moving the buffer its
// pieces point into).
func TestHealthOutTakesABigPieceAfterCopies(t *testing.T) {
	f, o := fileHealthOut(t)
	var want bytes.Buffer
	write := func(n int, c byte) {
		p := bytes.Repeat([]byte{c}, n)
		o.Write(p)
		want.Write(p)
	}
	for i := range 17 { // past the first MB, in pieces that fit the 128 kB buffer
		write(64<<10, byte('a'+i))
	}
	write(100, 'x')      // copies waiting
	write(1040<<10, 'y') // bigger than the buffer, and than the room left
	write(10, 'z')
	flushedAs(t, o, f, want.Bytes())
}

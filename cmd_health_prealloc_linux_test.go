package main

import (
	"bytes"
	"os"
	"syscall"
	"testing"
)

// blocksOf is how many bytes of blocks the file has (st_blocks × 512).
func blocksOf(t *testing.T, f *os.File) int64 {
	t.Helper()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Blocks * 512
}

// TestPreallocateFileKeepsTheSize: the blocks of the next write are
// allocated at the file's offset, or at its end when it appends, and
// its size does not move: a reader sees only what is written.
func TestPreallocateFileKeepsTheSize(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		flag int
	}{{"at the offset", os.O_WRONLY}, {"appending", os.O_WRONLY | os.O_APPEND}} {
		path := dir + "/" + c.name
		if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 100), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(path, c.flag, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		before := blocksOf(t, f)
		raw, err := f.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		ok := false
		raw.Control(func(fd uintptr) { ok = preallocateFile(fd, 1<<20) })
		if !ok {
			t.Skip("this file system cannot preallocate")
		}
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if after := blocksOf(t, f); st.Size() != 100 || after-before < 1<<20-4096 {
			t.Errorf("%s: size %d (want 100), blocks %d -> %d (want 1 MB more)", c.name, st.Size(), before, after)
		}
	}
}

// TestHealthOutPreallocatesWhatItWrites: a big output to a file is the
// pieces in order, its size is what was written, and no preallocation is
// left past its end; a pipe is never preallocated.
func TestHealthOutPreallocatesWhatItWrites(t *testing.T) {
	f, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := newHealthOut(f)
	if !o.regular {
		t.Fatal("a regular file is not taken for one")
	}
	want := healthOutPieces(o, 300) // about 10 MB: flushes of 1 MB
	if err := o.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(want) < 4<<20 {
		t.Fatalf("%d bytes: too few for the 1 MB flushes", len(want))
	}
	got, err := os.ReadFile(f.Name())
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("file holds %d bytes (%v), want %d", len(got), err, len(want))
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	// Blocks past the end (the file system's own, for its extents, are
	// a block or two): none of a preallocation left.
	if blocks, end := blocksOf(t, f), (int64(len(want))+4095)/4096*4096; blocks-end >= preallocMin {
		t.Errorf("%d bytes written, %d bytes of blocks: %d past the end", len(want), blocks, blocks-end)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if newHealthOut(w).regular {
		t.Error("a pipe is taken for a regular file")
	}
}

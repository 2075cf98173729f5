//go:build unix

package exporters

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func writeText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// A path that is not a regular file is written to, never replaced: an
// export to a named pipe (as to /dev/null or /dev/stdout) must leave the
// pipe a pipe. Renaming over it once turned /dev/null into a regular file.
func TestWriteFileAtomicWritesThroughAPipe(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens it
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := WriteFileAtomic(fifo, writeText("checklist\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "checklist\n" {
			t.Fatalf("the pipe's reader got %q, want the export", s)
		}
	case <-time.After(30 * time.Second): // the pipe was replaced: its reader waits for a writer that never comes
		t.Fatal("the pipe's reader got nothing: the export did not write through the pipe")
	}
	fi, err := os.Lstat(fifo)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s is %v after the export, want it still a named pipe", fifo, fi.Mode())
	}
}

// A symbolic link is followed: the file it points at gets the export and
// the link stays a link.
func TestWriteFileAtomicFollowsALink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "real.md")
	link := filepath.Join(dir, "link.md")
	if err := os.WriteFile(target, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, writeText("new\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link after the export: %v, %v; want a symbolic link still", fi, err)
	}
	b, err := os.ReadFile(target)
	if err != nil || string(b) != "new\n" {
		t.Fatalf("target holds %q (%v), want the export", b, err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o640 {
		t.Fatalf("target's mode is %v, want 0640 kept", fi.Mode().Perm())
	}
}

// A replaced file keeps its mode; a new one is 0644 (readable by the
// auditor it is handed to, as `>` would make it); a failed write leaves
// the old file as it was and no temporary file behind.
func TestWriteFileAtomicModesAndFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.csv")
	if err := WriteFileAtomic(fresh, writeText("a\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o644 {
		t.Fatalf("a new export's mode is %v, want 0644", fi.Mode().Perm())
	}
	private := filepath.Join(dir, "private.csv")
	if err := os.WriteFile(private, []byte("kept\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(private, writeText("b\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(private); fi.Mode().Perm() != 0o600 {
		t.Fatalf("a replaced export's mode is %v, want its 0600 kept", fi.Mode().Perm())
	}
	boom := errors.New("boom")
	if err := WriteFileAtomic(private, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the writer's", err)
	}
	if b, _ := os.ReadFile(private); string(b) != "b\n" {
		t.Fatalf("after a failed export the file holds %q, want it as it was", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("folder holds %d entries after a failed export, want 2 (no temporary file left)", len(entries))
	}
}

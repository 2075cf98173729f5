package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// manyPilots writes a portfolio of n pilots, listed in reverse slug order,
// each with two rings and a KPI, and applies it to a new database.
func manyPilots(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("pilots:\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "  - slug: p-%03d\n    name: Pilot %d\n    stage: pilot\n", i, i)
		b.WriteString("    rings:\n      - {name: pilot, status: active, start: 2026-11-01}\n      - {name: canary, status: planned}\n")
		b.WriteString("    kpis:\n      - {key: t, better: lower, baseline: 10, target: \"<= -5%\"}\n")
	}
	file := filepath.Join(dir, "many.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "many.db")
	if code, _, errs := ringside(t, db, "apply", "-f", file); code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errs)
	}
	return db
}

// TestHealthStreamsEveryPilotInOrder: health judges pilots a few at a time
// in parallel, and still writes every one, once, in slug order, as one
// JSON document and as text.
func TestHealthStreamsEveryPilotInOrder(t *testing.T) {
	const n = 45 // many more than the pilots in flight
	db := manyPilots(t, n)
	code, out, errs := ringside(t, db, "health", "--json")
	if code != 0 {
		t.Fatalf("health --json: exit %d: %s", code, errs)
	}
	var h struct {
		AsOf   string `json:"as_of"`
		Pilots []struct {
			Pilot string `json:"pilot"`
		} `json:"pilots"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("health --json is not one JSON document: %v", err)
	}
	if h.AsOf != "2026-11-20" || len(h.Pilots) != n || !strings.HasSuffix(out, "]}\n") {
		t.Fatalf("as_of %q, %d pilots (want %d), ends %q", h.AsOf, len(h.Pilots), n, out[len(out)-3:])
	}
	for i, p := range h.Pilots {
		if want := fmt.Sprintf("p-%03d", i); p.Pilot != want {
			t.Fatalf("pilot %d is %s, want %s", i, p.Pilot, want)
		}
	}
	code, text, _ := ringside(t, db, "health")
	if code != 0 {
		t.Fatalf("health: exit %d", code)
	}
	last := -1
	for i := range n {
		at := strings.Index(text, fmt.Sprintf("p-%03d · Pilot %d  (as of", i, i))
		if at <= last {
			t.Fatalf("pilot p-%03d missing or out of order in:\n%s", i, text)
		}
		last = at
	}
}

// failingWriter accepts limit bytes, then fails.
type failingWriter struct{ limit int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errors.New("disk full")
	}
	w.limit -= len(p)
	return len(p), nil
}

// TestHealthStopsWhenOutputFails: a failed write stops the stream (no
// hang with pilots in flight) and the command says so.
func TestHealthStopsWhenOutputFails(t *testing.T) {
	db := manyPilots(t, 300)
	var errb strings.Builder
	code := runAt(pinnedNow, []string{"--db", db, "health", "--json"}, strings.NewReader(""), &failingWriter{limit: 70 << 10}, &errb)
	if code == 0 || !strings.Contains(errb.String(), "disk full") {
		t.Errorf("health into a failing output: exit %d, stderr %q", code, errb.String())
	}
}

// lockedPilots is a portfolio of n pilots with locked hypotheses, named
// "Pilot i" and suffix, the hypothesis of pilot edit changed.
func lockedPilots(n int, suffix string, edit int) string {
	var b strings.Builder
	b.WriteString("pilots:\n")
	for i := range n {
		text := "Cut triage time"
		if i == edit {
			text = "Cut triage time by half"
		}
		fmt.Fprintf(&b, "  - slug: p-%03d\n    name: Pilot %d%s\n    stage: idea\n    hypothesis: {text: %s, locked: true}\n", i, i, suffix, text)
	}
	return b.String()
}

// TestApplyRefusedPartWayChangesNothing: apply writes pilot by pilot
// inside one transaction, so a pilot refused after others were written,
// or a line broken near the end of the file, leaves the database as it
// was (exit 2, the file named); a broken file never creates a database.
func TestApplyRefusedPartWayChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "locked.db")
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	first := write("first.yaml", lockedPilots(30, "", -1))
	if code, _, errs := ringside(t, db, "apply", "-f", first); code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errs)
	}
	before := fileSum(t, db)
	// Every pilot renamed; the 25th also changes its locked hypothesis
	// without a reason, after 24 pilots were written.
	locked := write("locked.yaml", lockedPilots(30, " (renamed)", 24))
	code, out, errs := ringside(t, db, "apply", "-f", locked)
	if code != 2 || !strings.Contains(errs, locked+": pilot p-024: the hypothesis is locked") || !strings.Contains(errs, "nothing was changed") || out != "" {
		t.Errorf("apply with a locked hypothesis changed: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// A broken line in the last pilot: every pilot before it read fine.
	text := lockedPilots(30, " (renamed)", -1)
	text = strings.Replace(text, "name: Pilot 29 (renamed)", "name: [Pilot 29", 1)
	broken := write("broken.yaml", text)
	line := strings.Count(text[:strings.Index(text, "[Pilot 29")], "\n") + 1
	if code, _, errs := ringside(t, db, "apply", "-f", broken); code != 2 || !strings.Contains(errs, fmt.Sprintf("%s:%d", broken, line)) {
		t.Errorf("apply of a file broken at line %d: exit %d, stderr %q", line, code, errs)
	}
	if after := fileSum(t, db); after != before {
		t.Error("a refused apply changed the database file")
	}
	fresh := filepath.Join(dir, "fresh.db")
	if code, _, _ := ringside(t, fresh, "apply", "-f", broken); code != 2 {
		t.Errorf("apply of a broken file to a new database: exit %d, want 2", code)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a broken file created the database %s (%v)", fresh, err)
	}
	if code, out, errs := ringside(t, db, "apply", "-f", write("renamed.yaml", lockedPilots(30, " (renamed)", -1))); code != 0 || !strings.Contains(out, "updated 30") {
		t.Errorf("the renames alone: exit %d, %q %q", code, out, errs)
	}
}

// TestApplyFromAPipe: apply -f - from an input that cannot seek (a pipe)
// copies it to a temporary file and reads that twice, leaving nothing
// behind; a broken file names -:LINE and changes nothing; an input that
// fails to read is exit 2.
func TestApplyFromAPipe(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	db := filepath.Join(t.TempDir(), "pipe.db")
	pipe := func(text string) io.Reader { return struct{ io.Reader }{strings.NewReader(text)} }
	apply := func(in io.Reader) (int, string, string) {
		var out, errb bytes.Buffer
		code := runAt(pinnedNow, []string{"--db", db, "--as", "tester", "apply", "-f", "-"}, in, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, out, errs := apply(pipe(lockedPilots(12, "", -1))); code != 0 || !strings.Contains(out, "created 12") {
		t.Fatalf("apply from a pipe: exit %d, %q %q", code, out, errs)
	}
	before := fileSum(t, db)
	text := strings.Replace(lockedPilots(12, " (renamed)", -1), "name: Pilot 11 (renamed)", "name: [Pilot 11", 1)
	line := strings.Count(text[:strings.Index(text, "[Pilot 11")], "\n") + 1
	if code, _, errs := apply(pipe(text)); code != 2 || !strings.Contains(errs, fmt.Sprintf("-:%d", line)) {
		t.Errorf("a broken file from a pipe: exit %d, stderr %q; want 2 naming -:%d", code, errs, line)
	}
	if code, _, errs := apply(io.MultiReader(strings.NewReader("pilots:\n"), iotest.ErrReader(errors.New("broken pipe")))); code != 2 || !strings.Contains(errs, "cannot read standard input: broken pipe") {
		t.Errorf("an input that fails: exit %d, stderr %q", code, errs)
	}
	if fileSum(t, db) != before {
		t.Error("a refused apply from a pipe changed the database")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("apply left %d files in TMPDIR: %v", len(left), left[0].Name())
	}
}

// TestSpoolInput: a pipe is copied to a file in TMPDIR that reads back
// the same text and is gone after done; an input that can seek back is
// left as it is.
func TestSpoolInput(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	spool, done, err := spoolInput(struct{ io.Reader }{strings.NewReader("pilots:\n")})
	f, ok := spool.(*os.File)
	if err != nil || !ok || filepath.Dir(f.Name()) != tmp {
		t.Fatalf("a pipe: %T %v, want a file in %s", spool, err, tmp)
	}
	if b, _ := io.ReadAll(f); string(b) != "pilots:\n" {
		t.Errorf("the spooled file reads %q", b)
	}
	done()
	if _, err := os.Stat(f.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after done, %s: %v", f.Name(), err)
	}
	if spool, _, err := spoolInput(strings.NewReader("pilots:\n")); spool != nil || err != nil {
		t.Errorf("a seekable input was spooled: %T %v", spool, err)
	}
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEndImportInTmux runs the built binary in tmux, in a folder
// holding one metric CSV, and imports it like a user: open claims-triage,
// i, pick the file, preview, dry run, import, read the health change,
// close, quit; then `ringside verify` must find the audit chain whole.
// Skipped without tmux, like TestEndToEndInTmux, whose steps it follows.
func TestEndToEndImportInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	dir := filepath.Dir(db)
	work := filepath.Join(dir, "exports")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join("ui", "testdata", "import", "claims-week.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "claims-week.csv"), csv, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color", "--as", "e2e"}, " ")
	p := startTmux(t, work, cmd, 100, 30)
	waitFor, send := p.waitFor, p.send

	waitFor("8 pilots")
	send("/")
	send("-l", "claims")
	waitFor("showing 1")
	send("Enter", "Enter")
	waitFor("Overview · claims-triage")
	send("i")
	waitFor("claims-week.csv") // the picker starts in the working folder
	send("Down", "Enter")      // past ../ to the file
	waitFor(`delimiter ";" semicolon · decimal comma`)
	send("Enter")
	waitFor("rows 10 · new 8 · updated 1 · unchanged 1 · rejected 0")
	send("Enter")
	waitFor("imported: 8 new, 1 updated, 1 unchanged")
	waitFor("○ nodata → ✖ fail ▲")
	send("Enter")
	waitFor("imported claims-week.csv: 8 new, 1 updated")
	send("q")
	p.waitExit()
	out, err := exec.Command(bin, "--db", db, "verify").CombinedOutput()
	if err != nil {
		t.Errorf("ringside verify after the import: %v\n%s", err, out)
	}
}

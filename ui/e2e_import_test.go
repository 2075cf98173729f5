package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndImportInTmux runs the built binary in tmux, in a folder
// holding one metric CSV, and imports it like a user: open claims-triage,
// i, pick the file, preview, dry run, import, read the health change,
// close, quit; then `ringside verify` must find the audit chain whole.
// Skipped without tmux, like TestEndToEndInTmux, whose steps it follows.
func TestEndToEndImportInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not on PATH")
	}
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ringside")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "demo.db")
	if out, err := exec.Command(bin, "--db", db, "--as-of", "2026-11-20", "demo").CombinedOutput(); err != nil {
		t.Fatalf("ringside demo: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "exports")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join("testdata", "import", "claims-week.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "claims-week.csv"), csv, 0o644); err != nil {
		t.Fatal(err)
	}

	session := "ringside-e2e-import-" + filepath.Base(dir)
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", session}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color", "--as", "e2e"}, " ")
	tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", work, "env TERM=xterm-256color "+cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", session, "kill-server").Run() })
	waitFor := func(want string) string {
		t.Helper()
		var screen string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			screen = tmux("capture-pane", "-p", "-t", session)
			if strings.Contains(screen, want) {
				return screen
			}
		}
		t.Fatalf("the screen never showed %q; last capture:\n%s", want, screen)
		return ""
	}
	send := func(keys ...string) {
		t.Helper()
		tmux(append([]string{"send-keys", "-t", session}, keys...)...)
	}

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
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if exec.Command("tmux", "-L", session, "has-session", "-t", session).Run() != nil {
			break
		}
	}
	out, err := exec.Command(bin, "--db", db, "verify").CombinedOutput()
	if err != nil {
		t.Errorf("ringside verify after the import: %v\n%s", err, out)
	}
}

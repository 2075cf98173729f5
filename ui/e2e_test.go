package ui

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndInTmux builds the real binary, loads the demo, runs the
// cockpit in a detached tmux session at 100×30 and drives it like a user:
// dashboard → filter → open → every tab → help → quit. Skipped without tmux
// (CI installs it).
func TestEndToEndInTmux(t *testing.T) {
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
	session := "ringside-e2e-" + filepath.Base(dir)
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", session}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "env TERM=xterm-256color "+cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", session, "kill-server").Run() })

	// waitFor polls the pane until it shows want (the cockpit draws
	// asynchronously), failing with the last capture.
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

	waitFor("IT service-desk copilot")
	waitFor("8 pilots")
	send("/")
	send("-l", "servicedesk")
	waitFor("showing 1")
	send("Enter", "Enter")
	waitFor("Overview · servicedesk-copilot")
	for _, step := range []struct{ key, want string }{
		{"2", "Rings & KPIs · servicedesk-copilot"},
		{"3", "Heat map"},
		{"4", "Sign-offs by role and gate"},
		{"5", "Drill log"},
		{"6", "Blockers"},
		{"7", "Scenarios"},
		{"8", "entries, newest first"},
		{"9", "Feature flags by ring"},
		{"Tab", "Overview · servicedesk-copilot"},
	} {
		send(step.key)
		waitFor(step.want)
	}
	send("?")
	waitFor("filter help")
	send("Escape")
	// wait until help has closed: an escape followed at once by q would
	// reach the program as alt+q
	waitFor("Hypothesis")
	send("q")
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if exec.Command("tmux", "-L", session, "has-session", "-t", session).Run() != nil {
			return // the session ended with the program: q quit
		}
	}
	t.Errorf("q did not quit; screen:\n%s", tmux("capture-pane", "-p", "-t", session))
}

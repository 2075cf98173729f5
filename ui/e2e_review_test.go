package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxPane is a detached tmux session running one command, driven like a
// user: send keys, wait for text on the pane.
type tmuxPane struct {
	t       *testing.T
	session string
}

func startTmux(t *testing.T, dir, cmd string, w, h int) *tmuxPane {
	t.Helper()
	p := &tmuxPane{t: t, session: "ringside-e2e-review-" + filepath.Base(dir)}
	p.tmux("new-session", "-d", "-s", p.session, "-c", dir, "-x", itoa(w), "-y", itoa(h), "env TERM=xterm-256color "+cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", p.session, "kill-server").Run() })
	return p
}

func (p *tmuxPane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.session}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p *tmuxPane) send(keys ...string) {
	p.t.Helper()
	p.tmux(append([]string{"send-keys", "-t", p.session}, keys...)...)
}

func (p *tmuxPane) waitFor(want string) {
	p.t.Helper()
	var screen string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		screen = p.tmux("capture-pane", "-p", "-t", p.session)
		if strings.Contains(screen, want) {
			return
		}
	}
	p.t.Fatalf("the screen never showed %q; last capture:\n%s", want, screen)
}

func (p *tmuxPane) waitExit() {
	p.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if exec.Command("tmux", "-L", p.session, "has-session", "-t", p.session).Run() != nil {
			return
		}
	}
	p.t.Fatalf("the cockpit did not quit; screen:\n%s", p.tmux("capture-pane", "-p", "-t", p.session))
}

// TestEndToEndReviewInTmux holds a short G3 review from `ringside review`
// at 80×24 in the real binary: one attendee, a note, quit mid-meeting;
// `ringside review` again resumes at the next criterion; the summary's `x`
// writes the checklist and minutes into the working directory. Skipped
// without tmux.
func TestEndToEndReviewInTmux(t *testing.T) {
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
	review := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color", "review", "--pilot", "claims-triage", "--gate", "G3"}, " ")

	p := startTmux(t, dir, review, 80, 24)
	p.waitFor("Who is here?")
	p.send("Space")
	p.waitFor("1 present")
	p.send("Right")
	p.waitFor("criterion 1 of 8")
	p.send("n")
	p.waitFor("Note on:")
	p.send("-l", "KPIs met for six weeks")
	p.send("Enter")
	p.waitFor("Note: KPIs met for six weeks")
	p.send("q")
	p.waitExit()

	// The meeting resumes where it stopped.
	p = startTmux(t, dir, review, 80, 24)
	p.waitFor("criterion 2 of 8")
	p.send("S")
	p.waitFor("x exports")
	p.send("x")
	p.waitFor("Written:")
	for _, name := range []string{"checklist-claims-triage-G3-2026-11-20.md", "minutes-claims-triage-G3-2026-11-20.md"} {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(body), "KPIs met for six weeks") {
			t.Errorf("%s: %v\n%s", name, err, body)
		}
	}
	p.send("q")
	p.waitExit()
}

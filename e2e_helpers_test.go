package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests run the real binary in a detached tmux session and
// drive it like a user: send keys, wait for text on the pane. They are
// skipped without tmux (CI installs it) and with -short.

var (
	e2eBuild    sync.Once
	e2eBin      string
	e2eBuildErr error
)

// builtBinary builds the binary once per test run, for every test that
// runs it as a process (the tmux tests, the kill -9 tests, the parallel
// sign-offs); TestMain removes it.
func builtBinary(t *testing.T) string {
	t.Helper()
	e2eBuild.Do(func() {
		dir, err := os.MkdirTemp("", "ringside-e2e-bin-")
		if err != nil {
			e2eBuildErr = err
			return
		}
		e2eBin = filepath.Join(dir, "ringside")
		if out, err := exec.Command("go", "build", "-o", e2eBin, ".").CombinedOutput(); err != nil {
			e2eBuildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if e2eBuildErr != nil {
		t.Fatal(e2eBuildErr)
	}
	return e2eBin
}

// e2eDemo builds the binary (once per test run) and loads the demo into a
// fresh database; it returns the binary and the database file. The test
// runs in parallel with the other end-to-end tests: each has its own
// database and its own tmux server.
func e2eDemo(t *testing.T) (bin, db string) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not on PATH")
	}
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	builtBinary(t)
	db = filepath.Join(t.TempDir(), "demo.db")
	demo := exec.Command(e2eBin, "--db", db, "--as-of", "2026-11-20", "demo")
	demo.Env = append(os.Environ(), e2eEnv...)
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("ringside demo: %v\n%s", err, out)
	}
	return e2eBin, db
}

// e2eEnv pins the binary's clock and zone: no end-to-end test depends on
// today's date or the machine's time zone.
// XDG_CONFIG_HOME names no folder: the machine's config file is not read
// (a test that wants one sets its own after these).
var e2eEnv = []string{"RINGSIDE_NOW=2026-11-20T15:04:05Z", "TZ=UTC", "XDG_CONFIG_HOME=/nonexistent/ringside-e2e"}

// e2eWait is how long a tmux test waits for what it expects to appear (or
// for the cockpit to quit) before it fails. The polling returns as soon as
// the screen shows it, so a generous bound costs nothing when things work;
// on a machine at load 20 a first frame has taken several seconds.
const e2eWait = 30 * time.Second

// tmuxPane is a detached tmux session running one command.
type tmuxPane struct {
	t       *testing.T
	session string
}

// startTmux runs cmd in dir on a w×h pane, on a tmux server of its own:
// the name carries the process id, so parallel test runs never collide.
func startTmux(t *testing.T, dir, cmd string, w, h int) *tmuxPane {
	t.Helper()
	return startTmuxConf(t, dir, cmd, w, h, "")
}

// startTmuxConf is startTmux on a server that reads the tmux commands in
// conf first ("" reads no file at all, not even ~/.tmux.conf).
func startTmuxConf(t *testing.T, dir, cmd string, w, h int, conf string) *tmuxPane {
	t.Helper()
	p := &tmuxPane{t: t, session: fmt.Sprintf("ringside-e2e-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))}
	file := filepath.Join(t.TempDir(), "tmux.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p.tmux("-f", file, "new-session", "-d", "-s", p.session, "-c", dir, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "env TERM=xterm-256color "+strings.Join(e2eEnv, " ")+" "+cmd)
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

// waitFor polls the pane until it shows want (the cockpit draws
// asynchronously), failing with the last capture.
func (p *tmuxPane) waitFor(want string) {
	p.t.Helper()
	var screen string
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		screen = p.tmux("capture-pane", "-p", "-t", p.session)
		if strings.Contains(screen, want) {
			return
		}
	}
	p.t.Fatalf("the screen never showed %q; last capture:\n%s", want, screen)
}

// waitForEscaped polls the pane, escape sequences kept, until it shows
// want: a theme chosen from the terminal's answer to the background query
// is drawn only once that answer arrives, which under load can be after
// the text first appears.
func (p *tmuxPane) waitForEscaped(want string) string {
	p.t.Helper()
	var screen string
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		screen = p.tmux("capture-pane", "-p", "-e", "-t", p.session)
		if strings.Contains(screen, want) {
			return screen
		}
	}
	p.t.Fatalf("the screen never showed %q; last capture:\n%q", want, screen)
	return screen
}

// capture is the pane's text now.
func (p *tmuxPane) capture() string {
	p.t.Helper()
	return p.tmux("capture-pane", "-p", "-t", p.session)
}

// waitExit waits for the program to end, which ends the session.
func (p *tmuxPane) waitExit() {
	p.t.Helper()
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if exec.Command("tmux", "-L", p.session, "has-session", "-t", p.session).Run() != nil {
			return
		}
	}
	p.t.Fatalf("the cockpit did not quit; screen:\n%s", p.tmux("capture-pane", "-p", "-t", p.session))
}

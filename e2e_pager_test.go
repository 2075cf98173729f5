package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pagerScript writes a shell script that runs the binary as given and then
// says how it ended, keeping the pane open to be read.
func pagerScript(t *testing.T, dir, name, env, line string) string {
	t.Helper()
	path := filepath.Join(dir, name+".sh")
	body := "#!/bin/sh\n" + env + "\n" + line + "\necho \"EXIT=$?\"\nsleep 30\n"
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return "sh " + path
}

// A report longer than the terminal goes through $PAGER on a real terminal
// (tmux): the first screen shows and the command waits for the reader; q
// ends it. --no-pager, RINGSIDE_PAGER=, --json, a pipe and a report that
// fits never start the pager.
func TestPagerInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	dir := filepath.Dir(db)
	rs := bin + " --db " + db + " --as-of 2026-11-20"

	p := startTmux(t, dir, pagerScript(t, dir, "paged", "export PAGER='less -R'", rs+" health"), 80, 24)
	p.waitFor("access-review-automation · Access review automation")
	screen := p.tmux("capture-pane", "-p", "-t", p.session)
	if strings.Contains(screen, "EXIT=") || strings.Contains(screen, "slo answer_within_3s: objective") {
		t.Fatalf("health did not stop at the first screen:\n%s", screen)
	}
	p.send("q")
	p.waitFor("EXIT=1") // health's own exit code, not the pager's
	p.tmux("kill-server")

	marker := "export PAGER='echo PAGER-RAN; cat >/dev/null'" // if it runs, the screen shows its word and not the report
	for _, c := range []struct{ name, env, line, want string }{
		{"no-pager", marker, rs + " --no-pager health", "slo answer_within_3s"},
		{"env-off", marker + "; export RINGSIDE_PAGER=", rs + " health", "slo answer_within_3s"},
		{"json", marker, rs + " health --json | tail -c 300", "EXIT="},
		{"pipe", marker, rs + " health | wc -l | sed 's/^/LINES=/'", "LINES="},
		{"fits", marker, rs + " verify", "chain intact"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := startTmux(t, dir, pagerScript(t, dir, c.name, c.env, c.line), 80, 24)
			p.waitFor("EXIT=")
			p.waitFor(c.want)
			if screen := p.tmux("capture-pane", "-p", "-t", p.session); strings.Contains(screen, "PAGER-RAN") {
				t.Errorf("the pager ran:\n%s", screen)
			}
		})
	}
	// The marker pager does run where paging is due, so its absence above means something.
	p = startTmux(t, dir, pagerScript(t, dir, "marker", marker, rs+" health"), 80, 24)
	p.waitFor("PAGER-RAN")
}

// The cockpit's help names the debug log, and says it is being written
// under --debug.
func TestHelpNamesTheDebugLogInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	dir := filepath.Dir(db)
	state := filepath.Join(dir, "state")
	p := startTmux(t, dir, "env XDG_STATE_HOME="+state+" "+bin+" --db "+db+" --as-of 2026-11-20 --no-color --debug", 140, 30)
	p.waitFor("8 pilots")
	p.send("?")
	p.waitFor("debug log: " + filepath.Join(state, "ringside", "ringside.log") + " (being written)")
	p.send("Escape")
	p.waitFor("8 pilots")
	p.send("q")
	p.waitExit()
	log, err := os.ReadFile(filepath.Join(state, "ringside", "ringside.log"))
	if err != nil || !strings.Contains(string(log), "run: ringside --as-of=2026-11-20") || !strings.Contains(string(log), "exit 0") {
		t.Errorf("cockpit debug log: %v\n%s", err, log)
	}
}

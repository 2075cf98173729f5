package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEndInTmux builds the real binary, loads the demo, runs the
// cockpit in a detached tmux session at 100×30 and drives it like a user:
// dashboard → filter → open → every tab → help → quit. Skipped without tmux
// (CI installs it).
func TestEndToEndInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	p := startTmux(t, filepath.Dir(db), cmd, 100, 30)
	waitFor, send := p.waitFor, p.send

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
	p.waitExit() // q quit: the session ended with the program
}

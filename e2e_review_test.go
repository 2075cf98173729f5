package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEndReviewInTmux holds a short G3 review from `ringside review`
// at 80×24 in the real binary: one attendee, a note, quit mid-meeting;
// `ringside review` again resumes at the next criterion; the summary's `x`
// writes the checklist and minutes into the working directory. Skipped
// without tmux.
func TestEndToEndReviewInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	dir := filepath.Dir(db)
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

// TestEndToEndLightMeetingInTmux opens `ringside review` with no theme on
// a light terminal: tmux's pane is white and answers the background query
// as light, so the meeting draws the light projector theme, dark on its
// own white (the pilot's name in black, 256-colour 16), and none of the
// dark projector's cyan, white and yellow foregrounds, which would vanish
// on a light projector. Skipped without tmux.
func TestEndToEndLightMeetingInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	review := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "review", "--pilot", "claims-triage", "--gate", "G3"}, " ")
	p := startTmuxConf(t, filepath.Dir(db), review, 80, 24, `set -g window-style "bg=#ffffff,fg=#000000"`+"\n")
	p.waitFor("Who is here?")
	p.waitFor("Dana Ruiz")
	// the pilot's name in black: fails after 10 s if the dark theme stays
	screen := p.waitForEscaped("\x1b[38;5;16mClaims email triage assistant")
	// HighContrast's accent, text and warning colours as 256-colour foregrounds
	for _, fg := range []string{"38;5;51m", "38;5;231m ringside", "38;5;226m"} {
		if strings.Contains(screen, fg) {
			t.Errorf("the light meeting draws the dark projector's %q:\n%q", fg, screen)
		}
	}
	p.send("q")
	p.waitExit()
}

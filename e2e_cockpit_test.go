package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEndFilterAndHelpInTmux: `/` filters the KPI and Gates tabs of
// the real binary, and `?` then enter runs the key of the help's line.
func TestEndToEndFilterAndHelpInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	p := startTmux(t, filepath.Dir(db), cmd, 80, 24)
	waitFor, send := p.waitFor, p.send

	waitFor("8 pilots")
	send("/")
	send("-l", "servicedesk")
	waitFor("1/1 of 8")
	send("Enter", "Enter")
	waitFor("Overview · servicedesk-copilot")
	send("2")
	waitFor("Rings & KPIs · servicedesk-copilot")
	send("/")
	send("-l", "canary satis")
	waitFor("1 of 12 rows")
	send("Escape")
	waitFor("First-contact")
	send("6")
	waitFor("Blockers")
	send("/")
	send("-l", "trained")
	waitFor("lines match")
	send("Escape")
	waitFor("Blockers")
	send("?")
	waitFor("filter help")
	send("-l", "import metrics")
	waitFor("import metrics")
	send("Enter")
	waitFor("1 file › 2 preview")
	waitFor("open/pick")
}

// TestEndToEndConfigRebindInTmux: a key rebound in the config file works
// in the real binary, the key it replaced does not, and help shows it.
func TestEndToEndConfigRebindInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	cfg := t.TempDir()
	os.MkdirAll(filepath.Join(cfg, "ringside"), 0o755)
	os.WriteFile(filepath.Join(cfg, "ringside", "config.yaml"), []byte("dates: text\nkeys:\n  lists.down: [J]\n  global.help: [F]\n"), 0o644)
	cmd := strings.Join([]string{"env", "XDG_CONFIG_HOME=" + cfg, bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	p := startTmux(t, filepath.Dir(db), cmd, 80, 24)
	p.waitFor("as of 20 Nov 2026")
	p.waitFor("› Access rev")
	p.send("j") // no longer down
	p.send("J")
	p.waitFor("› claims-triage")
	p.send("F")
	p.waitFor("filter help")
	p.waitFor("J")
	p.send("Escape")
	p.waitFor("› claims-triage")
	p.send("q")
	p.waitExit()
}

// TestEndToEndLiveSignoffInTmux: a sign-off recorded by another process
// (the command line) shows on the cockpit's dashboard within 3 s, with
// the cursor still on the pilot it was on.
func TestEndToEndLiveSignoffInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	p := startTmux(t, filepath.Dir(db), cmd, 100, 30)
	claims := regexp.MustCompile(`(?m)^› Claims email triage assistant .* 1 +(\d+) *$`)
	p.waitFor("8 pilots")
	p.send("Down")
	p.waitFor("› Claims email")
	// The rows come before their verdicts (the sign-off column shows …
	// until the assessment is in): wait for the count.
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		m = claims.FindStringSubmatch(p.capture())
	}
	if m == nil || m[1] != "3" {
		t.Fatalf("claims-triage before the sign-off: %v\n%s", m, p.capture())
	}
	time.Sleep(300 * time.Millisecond) // the cockpit has read its baseline version
	sign := exec.Command(bin, "--db", db, "--as", "Lee Park", "signoff", "--pilot", "claims-triage", "--gate", "G3",
		"--role", "security", "--decision", "approve", "--meaning", "Security controls verified")
	sign.Env = append(os.Environ(), e2eEnv...)
	if out, err := sign.CombinedOutput(); err != nil {
		t.Fatalf("ringside signoff: %v\n%s", err, out)
	}
	signed := time.Now()
	var screen string
	for time.Since(signed) < 3*time.Second {
		screen = p.capture()
		if m := claims.FindStringSubmatch(screen); m != nil && m[1] == "2" {
			t.Logf("the sign-off showed after %v", time.Since(signed).Round(10*time.Millisecond))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("within 3 s the cursor row did not show claims-triage with 2 sign-offs missing:\n%s", screen)
}

// TestEndToEndConfirmArrowsInTmux: a yes/no confirmation answered with
// the arrows: → from the default No stays on No, ← moves to Yes.
func TestEndToEndConfirmArrowsInTmux(t *testing.T) {
	bin, db := e2eDemo(t)
	cmd := strings.Join([]string{bin, "--db", db, "--as-of", "2026-11-20", "--no-color"}, " ")
	p := startTmux(t, filepath.Dir(db), cmd, 100, 30)
	p.waitFor("8 pilots")
	// the pilot holds observations: the dialog offers to stop it instead
	p.send("x")
	p.waitFor("Pilot access-review-automation cannot be deleted. Stop it instead?")
	p.send("Right")
	p.send("Enter")
	p.waitFor("no, nothing written")
	p.waitFor("8 pilots")
	p.send("x")
	p.waitFor("Pilot access-review-automation cannot be deleted. Stop it instead?")
	p.send("Left")
	p.send("Enter")
	// Yes was answered: the pilot is stopped — the answer reached the store
	p.waitFor("(stage idea → stopped)")
}

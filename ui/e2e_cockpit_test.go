package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	p.waitFor("› Claims ema")
	p.send("F")
	p.waitFor("filter help")
	p.waitFor("J")
	p.send("Escape")
	p.waitFor("› Claims ema")
	p.send("q")
	p.waitExit()
}

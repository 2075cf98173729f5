package dashboard

import (
	"path/filepath"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/store"
)

// The dashboard's hints name their keys from the key map: rebound there
// (as a config file does), the status line and the empty filter's line
// say the new keys, and the new keys do what the hints say.
func TestDashboardHintsNameTheKeyMapsKeys(t *testing.T) {
	d := openDashboard(t, uitest.OpenDemo(t), 100, 22) // the rebound keys are longer than 80 columns hold
	d.Rebind(map[string][]string{
		"global.filter": {"ctrl+f"}, "global.back": {"ctrl+b"},
		"lists.sort": {"ctrl+s"}, "lists.reverse": {"ctrl+r"}, "lists.open": {"ctrl+o"},
	})
	d.Must("ctrl+f filter · ctrl+s sort · ctrl+r reverse · ctrl+o open")
	d.Keys("ctrl+f")
	d.Type("zzz")
	d.Keys("enter")
	d.Must("no pilot matches zzz — ctrl+b clears the filter")
	d.Keys("ctrl+b")
	if strings.Contains(d.Screen(), "no pilot matches") {
		t.Fatalf("ctrl+b, which the hint names, did not clear the filter:\n%s", d.Screen())
	}
	d.Must("1/8 · sorted by name", "Claims email triage assistant")
}

// An empty database's welcome names the keys from the key map too, and
// the key it names for a new pilot opens the new-pilot form.
func TestWelcomeNamesTheKeyMapsKeys(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), uitest.Clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := openDashboard(t, s, 80, 22)
	d.Rebind(map[string][]string{"detail.new": {"ctrl+n"}, "global.quit": {"ctrl+q"}})
	d.Must("Welcome to ringside", "quit (ctrl+q) and run:", "ctrl+n adds a pilot here, then enter opens it",
		"Keys: ctrl+n new pilot · ? help · : commands · ctrl+q quit")
	d.Keys("ctrl+n")
	d.Must("New pilot")
}

// A portfolio that cannot be read says which keys reload and quit, from
// the key map: rebound, it names the new keys, and the quit key quits.
func TestUnreadablePortfolioNamesTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openDashboard(t, s, 100, 22)
	d.Rebind(map[string][]string{"global.palette": {"ctrl+k"}, "global.quit": {"ctrl+q"}})
	s.Close()
	d.Load(d.Reload())
	d.Must("could not read the portfolio", "check --db, then press ctrl+k and choose Reload, or ctrl+q to quit")
	d.Keys("ctrl+q")
	if !d.Quit {
		t.Fatalf("ctrl+q, which the line names, did not quit:\n%s", d.Screen())
	}
}

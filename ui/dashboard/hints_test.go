package dashboard

import (
	"strings"
	"testing"

	"ringside/internal/uitest"
)

// The dashboard's hints name their keys from the key map: rebound there
// (as a config file does), the status line and the empty filter's line
// say the new keys, and the new keys do what the hints say.
func TestDashboardHintsNameTheKeyMapsKeys(t *testing.T) {
	d := openDashboard(t, uitest.OpenDemo(t), 100, 22) // the rebound keys are longer than 80 columns hold
	for name, keys := range map[string][]string{
		"global.filter": {"ctrl+f"}, "global.back": {"ctrl+b"},
		"lists.sort": {"ctrl+s"}, "lists.reverse": {"ctrl+r"}, "lists.open": {"ctrl+o"},
	} {
		if !d.C.Keys.Rebind(name, keys) {
			t.Fatalf("no action %s", name)
		}
	}
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

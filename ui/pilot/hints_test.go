package pilot

import (
	"strings"
	"testing"
)

// The pilot screen's hints name their keys from the key map: rebound
// there (as a config file does), the chart's and the audit list's lines
// say the new keys, and the new keys do what the hints say.
func TestPilotHintsNameTheKeyMapsKeys(t *testing.T) {
	d := openPilot(t, "claims-triage", 100, 22)
	d.Rebind(map[string][]string{
		"global.back": {"ctrl+b"}, "global.filter": {"ctrl+f"}, "lists.open": {"ctrl+o"},
	})
	d.Keys("2", "enter") // Rings & KPIs: chart the row under the cursor
	d.Must("ctrl+b closes the chart")
	d.Keys("ctrl+b")
	if strings.Contains(d.Screen(), "closes the chart") {
		t.Fatalf("ctrl+b, which the hint names, did not close the chart:\n%s", d.Screen())
	}
	d.Keys("8") // Audit
	d.Must("newest first · ctrl+o shows the change · ctrl+f filter")
	d.Keys("ctrl+o")
	d.Must("ctrl+b back")
}

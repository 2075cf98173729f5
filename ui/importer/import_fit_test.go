package importer

import (
	"path/filepath"
	"testing"

	"ringside/importers"
)

// TestSourcesFitTheExportsTheyAreMadeFor reads real export fixtures under
// each built-in source: a source fits the export it was made for, and not
// another export or a plain long file, although those read cleanly under
// it (its mapped metrics are simply absent), which is why the import
// screen asks for one of the source's metrics and not only a clean read.
func TestSourcesFitTheExportsTheyAreMadeFor(t *testing.T) {
	exports := filepath.Join("..", "..", "testdata", "exports")
	cases := []struct {
		source, file string
		fits         bool
	}{
		{"m365-copilot-trend", filepath.Join(exports, "m365_copilot_trend.csv"), true},
		{"m365-teams-activity-counts", filepath.Join(exports, "m365_teams_activity_counts.csv"), true},
		{"m365-teams-activity-counts", filepath.Join(exports, "m365_copilot_trend.csv"), false},
		{"m365-copilot-trend", filepath.Join(exports, "m365_teams_activity_counts.csv"), false},
		{"m365-copilot-trend", filepath.Join("..", "testdata", "import", "claims-week.csv"), false},
	}
	for _, c := range cases {
		src, ok := importers.BuiltinSource(c.source)
		if !ok {
			t.Fatalf("no built-in source %s", c.source)
		}
		opt, err := importers.SourceOptions(src, importers.Options{Pilot: "p", Ring: "pilot"})
		if err != nil {
			t.Fatalf("%s: %v", c.source, err)
		}
		if got := sourceReads(c.file, filepath.Base(c.file), opt, sourceMetrics(src)); got != c.fits {
			t.Errorf("%s on %s: fits %v, want %v", c.source, filepath.Base(c.file), got, c.fits)
		}
	}
}

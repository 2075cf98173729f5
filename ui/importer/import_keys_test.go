package importer

import (
	"testing"

	"ringside/internal/uitest"
)

// The import screen's hints name its keys from the key map: rebound
// there (as a config file does), the picker, preview and dry-run lines
// say the new keys, and the new keys work.
func TestImportHintsNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openImport(t, s, "claims-triage", 80, 22)
	d.Rebind(map[string][]string{"import.type-path": {"ctrl+t"}, "import.dry-run": {"D"}, "import.change-pilot": {"P"}, "import.run-import": {"I"}})
	d.Must(" ctrl+t types a path instead")
	d.Keys("ctrl+t")
	d.Field("../testdata/import/claims-week.csv")
	d.Keys("enter")
	d.Must("for rows that name none (P changes)", " D runs a dry run: it reads every row and writes nothing")
	d.Keys("D")
	d.Must("Dry run: nothing written yet", " I imports in one transaction; esc cancels it while it runs")
}

// The pilot and source lines name their keys from the key map too:
// rebound, they say the new keys, and the keys choose a pilot, map a
// column, save a source and step through the sources as the lines say.
func TestImportSourceLinesNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openImport(t, s, "", 100, 28) // from the dashboard: no pilot yet
	d.Rebind(map[string][]string{"import.change-pilot": {"P"}, "import.change-source": {"ctrl+n"}, "import.map-column": {"M"}, "import.save-source": {"W"}})
	uitest.PickEntry(t, d, "testdata/")
	uitest.PickEntry(t, d, "import/")
	uitest.PickEntry(t, d, "claims-team.csv")
	d.Must("none chosen: every row must name its pilot (P chooses one)")
	d.Keys("P")
	if d.Choosing == nil {
		t.Fatalf("P, which the line names, offered no pilot:\n%s", d.Screen())
	}
	d.Choose("claims-triage")
	d.Keys("M")
	d.Type("ring=Team")
	d.Keys("enter")
	d.Must("mapped ring=Team")
	d.Keys("W")
	d.Type("claims-team")
	d.Keys("enter")
	d.Must("source claims-team  (1 of 4; ctrl+n the next, M names a column, W saves)")
	d.Keys("ctrl+n")
	d.Must("source none  (ctrl+n picks one of 1 made for this file: claims-team)")
	d.Keys("ctrl+n")
	d.Must("source claims-team  (1 of 4")
}

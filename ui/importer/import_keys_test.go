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

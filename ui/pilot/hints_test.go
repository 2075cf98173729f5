package pilot

import (
	"context"
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/ui/common"
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

// The tabs' lines name their keys from the key map too: rebound, the
// Gates tab's switch, the Risks tab's line and heat map, the palette's
// drill and the delete question say the new keys, and the keys switch the
// gate, toggle the heat map, sort the risks and undo the delete.
func TestPilotTabLinesNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openOn(t, s, "claims-triage", 100, 30)
	d.Rebind(map[string][]string{
		"detail.prev-item": {","}, "detail.next-item": {"."}, "detail.residual": {"z"}, "lists.sort": {"b"}, "global.filter": {"ctrl+f"},
		"drill.book-prev": {"<"}, "drill.book-next": {">"}, "detail.undo": {"U"},
	})
	d.Keys("6")
	d.Must(" ,/. switch gate", "▸G3")
	d.Keys(".")
	d.Must("▸G4")
	d.Keys("3")
	d.Must("Heat map (inherent, z toggles)", "· sorted by score · b sort · ctrl+f filter · z inherent/residual")
	d.Keys("z")
	d.Must("Heat map (residual, z toggles)")
	d.Keys("b")
	if strings.Contains(d.Screen(), "sorted by score") {
		t.Fatalf("b, which the line names, did not sort:\n%s", d.Screen())
	}
	d.Keys("5")
	if a := action(t, d, "Start a timed drill"); !strings.HasSuffix(a.Help, "(</> picks another)") {
		t.Errorf("the drill's palette entry says %q", a.Help)
	}
	kpis := len(uitest.MustPilot(t, s, "claims-triage").KPIs)
	d.Keys("2", "x")
	uitest.PickChoice(t, d, "Delete KPI suggestion_accept_pct")
	d.Must("U undoes it in this session")
	d.Keys("y")
	if len(uitest.MustPilot(t, s, "claims-triage").KPIs) != kpis-1 {
		t.Fatalf("the KPI is still there:\n%s", d.Screen())
	}
	d.Keys("U")
	if len(uitest.MustPilot(t, s, "claims-triage").KPIs) != kpis {
		t.Fatalf("U, which the question names, did not undo the delete:\n%s", d.Screen())
	}
}

// A pilot with nothing on its tabs says which key adds the first thing,
// from the key map: rebound, the Rings & KPIs tab, the edit and move keys
// and the delete key say the new keys, and the new key adds.
func TestEmptyPilotNamesTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	if _, err := app.New(s, nil).CreatePilot(context.Background(), app.Change{Actor: "test", Action: model.ActionPilotCreate, Summary: "seeded"},
		model.Pilot{Slug: "empty-one", Name: "Nothing yet", Stage: model.StageIdea}); err != nil {
		t.Fatal(err)
	}
	d := openOn(t, s, "empty-one", 100, 30)
	d.Rebind(map[string][]string{"detail.new": {"a"}, "detail.delete": {"X"}})
	d.Keys("X")
	d.Must("nothing to delete: the pilot itself is deleted from the portfolio (X there)")
	d.Keys("2")
	d.Must("this pilot defines no KPIs or rings yet (a adds one)")
	d.Keys("e")
	d.Must("no rings or KPIs yet: a adds one")
	d.Keys("m")
	d.Must("no rings yet: a adds one")
	d.Keys("3", "e")
	d.Must("no risks yet: a adds one")
	d.Keys("5", "e")
	d.Must("no runbooks yet: a adds one")
	d.Keys("a")
	d.Must("New runbook · empty-one")
}

// action is the top screen's palette entry named name.
func action(t *testing.T, d *uitest.Driver, name string) common.Action {
	t.Helper()
	for _, a := range d.Top().(common.PaletteSource).Actions() {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no palette entry %q", name)
	return common.Action{}
}

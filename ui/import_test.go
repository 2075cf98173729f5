package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
)

// TestImportScreen imports ui/testdata/import/claims-week.csv into
// claims-triage from its detail, through every step, at 80×24.
func TestImportScreen(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	obsBefore, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", "i")
	d.Must("Import met", "▸1 file", "folder ", "tab types a path")

	// the picker starts in the working directory: ui/
	uitest.PickEntry(t, d, "testdata/")
	uitest.PickEntry(t, d, "import/")
	uitest.PickEntry(t, d, "claims-week.csv")
	d.CheckFrame(80, 24)
	screen := d.Screen()
	uitest.MustContain(t, screen, "▸2 preview",
		"file  testdata/import/claims-week.csv",
		"pilot claims-triage", // the detail's pilot, for a file with no pilot column
		`layout long · delimiter ";" semicolon · decimal comma (7,9) · 10 rows read`,
		"pilots  claims-triage ✓",
		"rings   canary ✓  pilot ✓",
		"metrics handover_pct ?  misroute_pct ✓  triage_min ✓",
		"2 of 3 metrics named by a KPI",
		"    2  2026-11-19 claims-triage", // line 2, the first data row
	)
	checkGolden(t, "import_preview_80x24", screen)

	// the dry run writes nothing
	before := uitest.DBState(t, s)
	d.Keys("enter")
	screen = d.Screen()
	// claims-week.csv: pilot 19th triage 7,7 is stored already (unchanged),
	// pilot 19th misroute 7,0 replaces 6.9 (updated), the other 8 are new.
	uitest.MustContain(t, screen, "▸3 dry run", "Dry run: nothing written yet",
		"rows 10 · new 8 · updated 1 · unchanged 1 · rejected 0",
		"keeps 1 row of metric `handover_pct`, which no KPI of claims-triage names yet", "enter imports")
	if after := uitest.DBState(t, s); after != before {
		t.Fatalf("the dry run wrote: %s → %s", before, after)
	}

	// the import, then the ring health it moved: canary had no data; its
	// triage time is now (12.9+13.2+13.4)/3 = 13.17 min vs baseline 12,
	// +9.7 % > the +5 % rollback trigger: fail with the trigger fired.
	d.Keys("enter")
	d.CheckFrame(80, 24)
	screen = d.Screen()
	uitest.MustContain(t, screen, "▸5 health", "imported: 8 new, 1 updated, 1 unchanged", "one audit entry",
		"Ring health it changed, as of 2026-11-20",
		"claims-triage         pilot     ◐ warn → ◐ warn  (unchanged)",
		"canary    ○ nodata → ✖ fail ▲",
		"broad     ○ nodata → ○ nodata  (unchanged)")
	obsAfter, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if obsAfter != obsBefore+8 {
		t.Errorf("observations %d → %d, want 8 more", obsBefore, obsAfter)
	}
	es, err := s.Audit(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Summary+es[0].Action, "import") {
		t.Errorf("newest audit entry = %+v, %v; want the import", es, err)
	}

	// enter closes; the detail underneath was reloaded and shows the trigger
	d.Keys("enter")
	screen = d.Screen()
	uitest.MustContain(t, screen, "imported claims-week.csv: 8 new, 1 updated", "Overview · claims-triage")
	d.Keys("2")
	d.Must(common.GlyphTrigger)
}

// TestImportPilotChooser: p opens a filterable chooser of the pilot of
// rows that name none, its cursor on the current one; typing filters,
// enter picks and the file is read again, esc leaves the choice as it was.
func TestImportPilotChooser(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.Keys("i", "tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type("testdata/import/claims-week.csv")
	d.Keys("enter")
	d.Must("pilot claims-triage  for rows that name none (p changes)")
	d.Keys("p")
	d.CheckFrame(80, 24)
	d.Must("Pilot for rows that name none — type to filter, enter picks, esc closes")
	if l := uitest.CursorLine(d.Screen()); !strings.Contains(l, "claims-triage") {
		t.Fatalf("the cursor is not on the current pilot: %q\n%s", l, d.Screen())
	}
	checkGolden(t, "import_pilot_chooser_80x24", d.Screen())
	d.Type("zzz")
	d.Must("nothing matches zzz")
	d.Keys("esc") // nothing picked: the pilot stays
	d.Must("pilot claims-triage  for rows that name none", "▸2 preview")
	d.Keys("p")
	d.Type("kb")
	if l := uitest.CursorLine(d.Screen()); !strings.Contains(l, "kb-article-drafts") {
		t.Fatalf("typing did not filter to kb-article-drafts: %q\n%s", l, d.Screen())
	}
	d.Keys("enter")
	d.Must("pilot kb-article-drafts  for rows that name none", "▸2 preview")
	d.Keys("p", "g") // g types into the filter; ctrl+u clears it, up to none
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for range 10 {
		d.Keys("up")
	}
	d.Keys("enter")
	d.Must("pilot none chosen: every row must name its pilot")
}

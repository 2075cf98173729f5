package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringside/importers"
	"ringside/store"
)

// importPath imports the file at path as the command line does: opened,
// so it can be measured and hashed before it is read.
func importPath(t *testing.T, s *store.Store, path string, opt importers.Options, dryRun bool) store.ImportStats {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, filepath.Base(path), f, opt, dryRun, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// answered reports whether the import was answered from an earlier one
// (its note), and which.
func answered(st store.ImportStats) string {
	for _, n := range st.Notes {
		if strings.HasPrefix(n, "unchanged file: already imported as import ") {
			id, _, _ := strings.Cut(strings.TrimPrefix(n, "unchanged file: already imported as import "), " ")
			return id
		}
	}
	return ""
}

func counts(st store.ImportStats) string {
	return fmt.Sprintf("rows %d, new %d, updated %d, unchanged %d, rejected %d", st.Rows, st.New, st.Updated, st.Unchanged, st.Rejected)
}

// long.csv holds 8 rows: baseline (5 Jan), pilot (26 and 27 Jan) and
// canary (27 Jan), two metrics each.
func TestUnchangedFileIsAnsweredAfterHashing(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	path := writeTemp(t, "long.csv", string(readFile(t, csvPath("long.csv"))))
	opt := importers.Options{Pilot: "claims-triage"}
	first := importPath(t, s, path, opt, false)
	if counts(first) != "rows 8, new 8, updated 0, unchanged 0, rejected 0" || first.ImportID == 0 || answered(first) != "" {
		t.Fatalf("first import: %s, import %d, notes %q", counts(first), first.ImportID, first.Notes)
	}
	before := state(t, s)
	for _, dry := range []bool{false, true} {
		again := importPath(t, s, path, opt, dry)
		if counts(again) != "rows 8, new 0, updated 0, unchanged 8, rejected 0" || !again.Accepted || again.Changed() || again.DryRun != dry {
			t.Errorf("dry run %v: %s, accepted %v, dry run %v; want all 8 unchanged", dry, counts(again), again.Accepted, again.DryRun)
		}
		if got := answered(again); got != fmt.Sprint(first.ImportID) {
			t.Errorf("dry run %v: answered from import %q, want %d (notes %q)", dry, got, first.ImportID, again.Notes)
		}
		if again.SHA256 != first.SHA256 {
			t.Errorf("sha256 %s, want the first import's %s", again.SHA256, first.SHA256)
		}
	}
	if after := state(t, s); after != before {
		t.Errorf("an unchanged file wrote: %s → %s", before, after)
	}
	// A stream that cannot seek is read whole, and finds the same.
	st, err := New(s, nil).ImportMetrics(context.Background(), Change{Actor: "test"}, "long.csv", struct{ io.Reader }{strings.NewReader(string(readFile(t, path)))}, opt, false, 0, nil)
	if err != nil || counts(st) != "rows 8, new 0, updated 0, unchanged 8, rejected 0" || answered(st) != "" {
		t.Errorf("stream: %s, notes %q, %v; want 8 unchanged, read whole", counts(st), st.Notes, err)
	}
}

func TestOtherOptionsGoTheWholeWay(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	// No ring column: --ring says which ring every row is.
	path := writeTemp(t, "noring.csv", "date,metric,value\n2026-01-26,triage_min,7.9\n2026-01-27,triage_min,7.4\n")
	pilot := importers.Options{Pilot: "claims-triage", Ring: "pilot"}
	if st := importPath(t, s, path, pilot, false); st.New != 2 {
		t.Fatalf("first import: %s", counts(st))
	}
	// --ring canary: the same bytes go to other series.
	canary := importers.Options{Pilot: "claims-triage", Ring: "canary"}
	if st := importPath(t, s, path, canary, false); counts(st) != "rows 2, new 2, updated 0, unchanged 0, rejected 0" || answered(st) != "" {
		t.Errorf("--ring canary: %s, notes %q; want 2 new, read whole", counts(st), st.Notes)
	}
	// A mapping that reads the same columns still is another reading.
	mapped := pilot
	mapped.Map = map[string]string{"value": "value"}
	if st := importPath(t, s, path, mapped, false); counts(st) != "rows 2, new 0, updated 0, unchanged 2, rejected 0" || answered(st) != "" {
		t.Errorf("--map value=value: %s, notes %q; want 2 unchanged, read whole", counts(st), st.Notes)
	}
	// The first reading again is answered from its import.
	if st := importPath(t, s, path, pilot, false); answered(st) == "" || st.Unchanged != 2 {
		t.Errorf("--ring pilot again: %s, notes %q; want answered", counts(st), st.Notes)
	}
}

func TestChangedSeriesOrBytesGoTheWholeWay(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	text := string(readFile(t, csvPath("long.csv")))
	path := writeTemp(t, "long.csv", text)
	opt := importers.Options{Pilot: "claims-triage"}
	importPath(t, s, path, opt, false)

	// A later file changes one day of the first file's series.
	later := writeTemp(t, "later.csv", "date,ring,metric,value\n2026-01-27,pilot,triage_min,9.9\n")
	if st := importPath(t, s, later, opt, false); st.Updated != 1 {
		t.Fatalf("later import: %s", counts(st))
	}
	// The first file again puts the day back: read whole.
	st := importPath(t, s, path, opt, false)
	if counts(st) != "rows 8, new 0, updated 1, unchanged 7, rejected 0" || answered(st) != "" {
		t.Errorf("after a later import: %s, notes %q; want 1 updated, 7 unchanged, read whole", counts(st), st.Notes)
	}
	// ... which is now the file's latest import, and answers for it.
	if again := importPath(t, s, path, opt, false); answered(again) != fmt.Sprint(st.ImportID) {
		t.Errorf("again: answered from %q, want %d (notes %q)", answered(again), st.ImportID, again.Notes)
	}

	// The same size, one digit changed: every byte counts.
	edited := writeTemp(t, "long.csv", strings.Replace(text, "7.4", "7.5", 1))
	if st := importPath(t, s, edited, opt, false); counts(st) != "rows 8, new 0, updated 1, unchanged 7, rejected 0" || answered(st) != "" {
		t.Errorf("one digit changed: %s, notes %q; want 1 updated, read whole", counts(st), st.Notes)
	}
}

func TestRedefinedPilotGoesTheWholeWay(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	path := writeTemp(t, "long.csv", string(readFile(t, csvPath("long.csv"))))
	opt := importers.Options{Pilot: "claims-triage"}
	importPath(t, s, path, opt, false)
	// A third ring: where a file's rows go may differ now.
	const yaml = `pilots:
  - slug: claims-triage
    name: Claims email triage assistant
    stage: pilot
    rings:
      - {name: pilot, status: active}
      - {name: canary, status: active}
      - {name: broad, status: planned}
    kpis:
      - {key: triage_min, better: lower, baseline: 12, target: "<= -30%"}
      - {key: misroute_pct, better: lower, target: "pct <= 0"}
`
	pilots, err := importers.ReadPortfolio(strings.NewReader(yaml), "portfolio.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyPilots(context.Background(), "test", pilots); err != nil {
		t.Fatal(err)
	}
	if st := importPath(t, s, path, opt, false); counts(st) != "rows 8, new 0, updated 0, unchanged 8, rejected 0" || answered(st) != "" {
		t.Errorf("after the pilot changed: %s, notes %q; want 8 unchanged, read whole", counts(st), st.Notes)
	}
}

func TestImportKey(t *testing.T) {
	t.Parallel()
	base := importers.Options{Pilot: "p"}
	if ImportKey(base, 0) != ImportKey(importers.Options{Pilot: "p"}, 0) {
		t.Error("the same options give two keys")
	}
	// Map order does not matter; every option and the shift do.
	a := importers.Options{Pilot: "p", Map: map[string]string{"date": "Day", "ring": "Group"}}
	b := importers.Options{Pilot: "p", Map: map[string]string{"ring": "Group", "date": "Day"}}
	if ImportKey(a, 0) != ImportKey(b, 0) {
		t.Error("map order changed the key")
	}
	others := []importers.Options{{Pilot: "q"}, {Pilot: "p", Ring: "pilot"}, {Pilot: "p", Skip: []string{"Queue"}}, {Pilot: "p", DateFormat: "DD/MM/YYYY"},
		{Pilot: "p", Decimal: ","}, {Pilot: "p", Count: "tickets"}, {Pilot: "p", Sheet: "Data"}, {Pilot: "p", Layout: importers.LayoutWide}}
	seen := map[string]bool{ImportKey(base, 0): true, ImportKey(base, 1): true}
	for _, o := range others {
		k := ImportKey(o, 0)
		if seen[k] {
			t.Errorf("%+v: key %s repeats another's", o, k)
		}
		seen[k] = true
	}
}

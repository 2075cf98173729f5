package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sourcesPortfolio is exportsPortfolio with saved import sources: the flags
// of TestRealExportsThroughRingHealth's genesys, excel_de and servicenow
// imports, saved once under a name.
const sourcesPortfolio = `sources:
  - name: genesys-billing
    pilot: exports
    ring: genesys
    map: {date: Interval Start, offered: Offer, aht_s: Avg Handle}
    skip: [Interval End, Queue, Answer, Abandon]
    aggregation: {offered: sum, aht_s: max}
  - name: excel-de
    pilot: exports
    map: {aht_min: Bearbeitungszeit}
    skip: [Bemerkung]
  - name: servicenow
    pilot: exports
    ring: servicenow
    map: {date: opened_at}
    count: incidents
    mean: {resolve_s: calendar_stc}
  # A saved source of a built-in's name overrides the built-in.
  - name: m365-teams-activity-counts
    pilot: exports
    ring: teams
    map: {teams_meetings: Meetings}
    skip: [Report Refresh Date, Report Period, Team Chat Messages, Private Chat Messages, Calls, Other Actions]
` + exportsPortfolio

// TestSavedSourcesImportAndRoundTrip: apply stores the file's sources,
// `import metrics --source NAME FILE` imports each export with nothing
// else, flags given beside --source win over the source's, and export →
// apply → export carries the sources unchanged.
func TestSavedSourcesImportAndRoundTrip(t *testing.T) {
	dir := t.TempDir()
	yaml := filepath.Join(dir, "portfolio.yaml")
	if err := os.WriteFile(yaml, []byte(sourcesPortfolio), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ringside.db")
	code, out, errOut := ringside(t, db, "apply", "-f", yaml)
	if code != 0 || !strings.Contains(out, "import sources saved 4: excel-de, genesys-billing, m365-teams-activity-counts, servicenow") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	file := func(name string) string { return filepath.Join("testdata", "exports", name) }
	for _, im := range []struct{ source, file string }{
		{"genesys-billing", "genesys_interval.csv"},
		{"excel-de", "excel_de.csv"},
		{"servicenow", "servicenow_incidents.csv"},
		{"m365-teams-activity-counts", "m365_teams_activity_counts.csv"},
	} {
		code, out, errOut := ringside(t, db, "import", "metrics", "--source", im.source, file(im.file))
		if code != 0 {
			t.Fatalf("--source %s: exit %d\n%s%s", im.source, code, out, errOut)
		}
		// The source's aggregation hint disagrees with the KPI's: said, not applied.
		if im.source == "genesys-billing" && !strings.Contains(out, "source genesys-billing says a day of aht_s is its max, but KPI aht_s aggregates by mean") {
			t.Errorf("no note on the aggregation hint:\n%s", out)
		}
	}
	// The same values as the flags give (TestRealExportsThroughRingHealth).
	got := currentValues(t, db)
	for k, w := range map[string]string{
		"genesys/offered":      "25 n=2",   // sum per day: 12 + 8 = 20, then 30
		"genesys/aht_s":        "290 n=3",  // (300 + 240 + 330) / 3
		"de/tickets":           "1500 n=2", // (1487 + 1513) / 2
		"de/aht_min":           "375 n=2",  // (372.7 + 377.3) / 2
		"servicenow/incidents": "2.5 n=2",  // 3 on Oct 19, 2 on Oct 20
		"servicenow/resolve_s": "4320 n=5", // the mean of the five durations
		"teams/teams_meetings": "20 n=2",   // (18 + 22) / 2, through the saved source
	} {
		if got[k] != w {
			t.Errorf("%s: current %s, want %s", k, got[k], w)
		}
	}
	// A flag beside --source wins: --ring puts the rows in another ring.
	code, out, errOut = ringside(t, db, "import", "metrics", "--dry-run", "--source", "genesys-billing", "--ring", "night", file("genesys_interval.csv"))
	if code != 0 || !strings.Contains(out, "of ring `night`") {
		t.Errorf("--source with --ring night: exit %d, want rows of ring night\n%s%s", code, out, errOut)
	}
	// --map ring=COLUMN beside a source with ring: the flag wins, no conflict.
	code, out, errOut = ringside(t, db, "import", "metrics", "--dry-run", "--source", "genesys-billing", "--map", "ring=Queue", file("genesys_interval.csv"))
	if code != 0 || !strings.Contains(out, "of ring `Billing`") {
		t.Errorf("--source with --map ring=Queue: exit %d, want rows of ring Billing\n%s%s", code, out, errOut)
	}
	// An unknown source: exit 2, the saved and built-in names listed.
	code, _, errOut = ringside(t, db, "import", "metrics", "--source", "genesys", file("genesys_interval.csv"))
	if code != 2 || !strings.Contains(errOut, `--source "genesys": no such source; saved: excel-de, genesys-billing, m365-teams-activity-counts, servicenow; built in: m365-copilot-trend`) {
		t.Errorf("unknown source: exit %d, want 2 naming the sources\n%s", code, errOut)
	}
	// Round trip through export and apply.
	first, second := filepath.Join(dir, "first.yaml"), filepath.Join(dir, "second.yaml")
	if code, _, errOut := ringside(t, db, "export", "portfolio", "-o", first); code != 0 {
		t.Fatal(errOut)
	}
	db2 := filepath.Join(dir, "copy.db")
	if code, out, errOut := ringside(t, db2, "apply", "-f", first); code != 0 || !strings.Contains(out, "import sources saved 4") {
		t.Fatalf("apply the export: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := ringside(t, db2, "export", "portfolio", "-o", second); code != 0 {
		t.Fatal(errOut)
	}
	x, _ := os.ReadFile(first)
	y, _ := os.ReadFile(second)
	_, restX, _ := bytes.Cut(x, []byte("\n")) // each file anchors its own audit chain
	_, restY, _ := bytes.Cut(y, []byte("\n"))
	if !bytes.Equal(restX, restY) {
		t.Errorf("export → apply → export differs:\n%s\n---\n%s", restX, restY)
	}
	if !bytes.Contains(x, []byte("sources:\n  - name: excel-de\n    pilot: exports\n    map: {aht_min: Bearbeitungszeit}\n")) {
		t.Errorf("the export lacks the sources:\n%.600s", x)
	}
	// Re-applying changes nothing; the audit chain and state verify.
	if code, out, _ := ringside(t, db2, "apply", "-f", first); code != 0 || strings.Contains(out, "import sources") {
		t.Errorf("re-apply: exit %d, want the sources unchanged\n%s", code, out)
	}
	// sources: [] clears them, audited; verify finds nothing wrong.
	cleared := filepath.Join(dir, "cleared.yaml")
	os.WriteFile(cleared, []byte("sources: []\npilots: []\n"), 0o644)
	if code, out, errOut := ringside(t, db2, "apply", "-f", cleared); code != 0 || !strings.Contains(out, "import sources: none left") {
		t.Errorf("sources: []: exit %d\n%s%s", code, out, errOut)
	}
	for _, d := range []string{db, db2} {
		if code, out, errOut := ringside(t, d, "verify"); code != 0 {
			t.Errorf("verify %s: exit %d\n%s%s", filepath.Base(d), code, out, errOut)
		}
	}
}

// TestBadSourceIsRefusedByApply: a source apply cannot use is refused at
// its line, exit 2, and nothing is stored.
func TestBadSourceIsRefusedByApply(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ringside.db")
	bad := filepath.Join("testdata", "portfolio", "bad-sources.yaml")
	code, out, errOut := ringside(t, db, "apply", "-f", bad)
	if code != 2 || !strings.Contains(errOut, "bad-sources.yaml:7: source \"de\": unknown date format \"YYYY/DD\"") {
		t.Fatalf("exit %d, want 2 with FILE:LINE\n%s%s", code, out, errOut)
	}
	if code, out, _ := ringside(t, db, "export", "portfolio"); code != 0 || strings.Contains(out, "sources:") {
		t.Errorf("a refused file stored sources: exit %d\n%s", code, out)
	}
}

// currentValues is ring/kpi → "current n=N" from health --json as of 2026-10-25.
func currentValues(t *testing.T, db string) map[string]string {
	t.Helper()
	code, out, errOut := ringside(t, db, "health", "--pilot", "exports", "--json", "--as-of", "2026-10-25")
	if code > 1 {
		t.Fatalf("health: exit %d: %s", code, errOut)
	}
	var h struct {
		Pilots []struct {
			Rings []struct {
				Ring string `json:"ring"`
				KPIs []struct {
					Key     string   `json:"key"`
					Current *float64 `json:"current"`
					N       int      `json:"n"`
				} `json:"kpis"`
			} `json:"rings"`
		} `json:"pilots"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil || len(h.Pilots) != 1 {
		t.Fatalf("health --json: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, r := range h.Pilots[0].Rings {
		for _, k := range r.KPIs {
			if k.Current != nil {
				got[r.Ring+"/"+k.Key] = fmt.Sprintf("%g n=%d", *k.Current, k.N)
			}
		}
	}
	return got
}

// TestCopilotUserDetailThroughRingMap: the Copilot usage user-detail
// report (one row per licensed user) with a ring map gives per ring and
// day the licensed users and those active within the report period; the
// users the map does not name are counted and said, not dropped in silence.
func TestCopilotUserDetailThroughRingMap(t *testing.T) {
	dir := t.TempDir()
	yaml := filepath.Join(dir, "portfolio.yaml")
	os.WriteFile(yaml, []byte(`pilots:
  - slug: exports
    name: Copilot rollout
    stage: pilot
    rings:
      - {name: pilot, status: active}
      - {name: canary, status: active}
    kpis:
      - {key: copilot_active_users, better: higher, target: ">= 2"}
      - {key: copilot_enabled_users, better: higher, target: ">= 2"}
`), 0o644)
	db := filepath.Join(dir, "ringside.db")
	if code, _, errOut := ringside(t, db, "apply", "-f", yaml); code != 0 {
		t.Fatal(errOut)
	}
	report := filepath.Join("testdata", "exports", "m365_copilot_user_detail.csv")
	users := filepath.Join("testdata", "exports", "copilot_users.csv")
	code, out, errOut := ringside(t, db, "import", "metrics", "--pilot", "exports", "--source", "m365-copilot-user-detail", "--rings", users, report)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, `2 rows of users testdata/exports/copilot_users.csv does not name (e.g. "gus.reyes@contoso.com", "hal.moss@contoso.com") counted in no ring`) {
		t.Errorf("the users left out are not reported:\n%s", out)
	}
	got := currentValues(t, db)
	for k, w := range map[string]string{
		// Report refreshed 2026-10-25 over 7 days (Oct 19–25). pilot: Ana
		// (Oct 24) and Ben (Oct 19, the first day) active; Cem (Oct 18) is
		// a day too early, Dora never: 2 of 4 licensed.
		"pilot/copilot_active_users":  "2 n=1",
		"pilot/copilot_enabled_users": "4 n=1",
		// canary: Eve (Oct 25) active, Finn never: 1 of 2.
		"canary/copilot_active_users":  "1 n=1",
		"canary/copilot_enabled_users": "2 n=1",
	} {
		if got[k] != w {
			t.Errorf("%s: current %s, want %s", k, got[k], w)
		}
	}
	// A ring map with a user in two rings is refused at its line, exit 2.
	bad := filepath.Join(dir, "users.csv")
	os.WriteFile(bad, []byte("User Principal Name;Ring\nana.lima@contoso.com;pilot\nANA.LIMA@contoso.com;canary\n"), 0o644)
	code, _, errOut = ringside(t, db, "import", "metrics", "--pilot", "exports", "--source", "m365-copilot-user-detail", "--rings", bad, report)
	if code != 2 || !strings.Contains(errOut, bad+`:3: user "ana.lima@contoso.com" is in ring "canary" here and in ring "pilot" on line 2: a user is in one ring`) {
		t.Errorf("a user in two rings: exit %d, want 2 at line 3\n%s", code, errOut)
	}
	// --rings with --ring: refused.
	code, out, errOut = ringside(t, db, "import", "metrics", "--pilot", "exports", "--ring", "pilot", "--source", "m365-copilot-user-detail", "--rings", users, report)
	if code != 2 || !strings.Contains(out+errOut, "both say where the ring comes from") {
		t.Errorf("--ring with --rings: exit %d, want 2\n%s%s", code, out, errOut)
	}
}

// TestLateDateContradictionStoresNothing: a file whose first 100,000 rows
// read day first and month first alike, and whose row 100,011 reads day
// first only, is refused with both readings and the flag, and nothing of
// it is stored, though its first rows were already read month first; the
// flag it names imports it.
func TestLateDateContradictionStoresNothing(t *testing.T) {
	db := importDB(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("date,ring,metric,value\n")
	for i := range 100_010 {
		fmt.Fprintf(&b, "%02d/%02d/2026,pilot,triage_min,%d\n", 1+i%12, 2+i%11, 5+i%3)
	}
	b.WriteString("13/01/2026,pilot,triage_min,5\n")
	file := filepath.Join(dir, "late.csv")
	os.WriteFile(file, []byte(b.String()), 0o644)
	before := fileSum(t, db)
	code, out, errOut := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", file)
	if code != 2 || !strings.Contains(errOut, `late.csv:100012: date "13/01/2026" reads only as DD/MM/YYYY, but the rows before it read as MM/DD/YYYY: line 2's "01/02/2026" was taken as 2 January 2026 and would be 1 February 2026; the whole file was refused, nothing stored: pass --date-format DD/MM/YYYY`) {
		t.Fatalf("exit %d, want 2 with both readings\n%s%s", code, out, errOut)
	}
	if fileSum(t, db) != before {
		t.Error("a refused file changed the database")
	}
	if code, out, errOut := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", "--date-format", "DD/MM/YYYY", file); code != 0 {
		t.Errorf("with --date-format DD/MM/YYYY: exit %d\n%s%s", code, out, errOut)
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportsPortfolio has one ring per kind of export in testdata/exports/
// (see its README.md for where each format comes from), so each file's
// values can be checked through ring health on their own.
const exportsPortfolio = `pilots:
  - slug: exports
    name: Real exports
    stage: pilot
    rings:
      - {name: us, status: active}
      - {name: de, status: active}
      - {name: ch, status: active}
      - {name: fr, status: active}
      - {name: m365, status: active}
      - {name: teams, status: active}
      - {name: grafana, status: active}
      - {name: azure, status: active}
      - {name: powerbi, status: active}
      - {name: genesys, status: active}
      - {name: pilot, status: active}
      - {name: servicenow, status: active}
      - {name: jira, status: active}
      - {name: vm, status: active}
    kpis:
      - {key: tickets, better: higher, baseline: 1000, target: ">= +10%"}
      - {key: csat, better: higher, baseline: 75, target: ">= 80"}
      - {key: aht_min, better: lower, baseline: 10, target: "<= -10%"}
      - {key: copilot_any_app_active_users, better: higher, baseline: 10, target: ">= 15"}
      - {key: teams_meetings, better: higher, baseline: 10, target: ">= 15"}
      - {key: latency_ms, better: lower, baseline: 1500, target: "<= 1200"}
      - {key: offered, better: higher, baseline: 20, target: ">= 20", aggregation: sum}
      - {key: aht_s, better: lower, baseline: 330, target: "<= 300"}
      - {key: incidents, better: lower, baseline: 4, target: "<= 3"}
      - {key: resolve_s, better: lower, baseline: 5000, target: "<= 4500"}
      - {key: issues, better: lower, baseline: 3, target: "<= 3"}
`

// TestRealExportsThroughRingHealth imports each export as it comes, with
// flags or a built-in source and no edit to the file, and checks the
// current value ring health shows: the value the exporting tool meant.
func TestRealExportsThroughRingHealth(t *testing.T) {
	dir := t.TempDir()
	yaml := filepath.Join(dir, "portfolio.yaml")
	if err := os.WriteFile(yaml, []byte(exportsPortfolio), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ringside.db")
	if code, _, errOut := ringside(t, db, "apply", "-f", yaml); code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	file := func(name string) string { return filepath.Join("testdata", "exports", name) }
	imports := []struct {
		file  string
		flags []string
		notes []string // what the report must say it did
	}{
		// Excel US: "1,482" is 1482 and 81.7% is 81.7 points.
		{"excel_us.csv", nil, []string{`"Tickets": "1,482" read as 1482`, `values end in %`}},
		// Excel DE, Windows-1252, ';', decimal comma: 1.487 is 1487 (the
		// issue's silent 1000× misread), 372,7 minutes.
		{"excel_de.csv", []string{"--map", "aht_min=Bearbeitungszeit", "--skip", "Bemerkung"},
			[]string{"Windows-1252", `"Tickets": "1.487" read as 1487`, "dates read as DD/MM/YYYY"}},
		// Excel CH: 2'134 and a decimal point.
		{"excel_ch.csv", []string{"--map", "aht_min=AHT"}, nil},
		// Excel FR: 1 270 with a no-break space, 7,5, DD/MM/YYYY, ring column "Anneau".
		{"excel_fr.csv", []string{"--map", "ring=Anneau", "--map", "aht_min=DMT"}, []string{"dates read as DD/MM/YYYY"}},
		{"m365_copilot_trend.csv", []string{"--ring", "m365", "--source", "m365-copilot-trend"}, nil},
		{"m365_teams_activity_counts.csv", []string{"--ring", "teams", "--source", "m365-teams-activity-counts"}, nil},
		// Grafana "Download CSV" with raw (epoch ms) times.
		{"grafana.csv", []string{"--ring", "grafana", "--map", "latency_ms=latency_p95", "--tz", "UTC"}, []string{"epoch-ms"}},
		// Azure Monitor / Log Analytics: "10/19/2026, 12:00:00.000 AM".
		{"azure_monitor.csv", []string{"--ring", "azure", "--map", "latency_ms=AvgDuration"}, []string{`dates from column "TimeGenerated [UTC]"`}},
		// Power BI: "10/19/2026 12:00:00 AM".
		{"powerbi.csv", []string{"--ring", "powerbi", "--map", "aht_min=Avg Handle Time"}, nil},
		// Genesys interval export: 15-minute rows, several a day.
		{"genesys_interval.csv", []string{"--ring", "genesys", "--map", "date=Interval Start", "--map", "offered=Offer", "--map", "aht_s=Avg Handle",
			"--skip", "Interval End", "--skip", "Queue", "--skip", "Answer", "--skip", "Abandon"}, nil},
		// Ticket lists, one row per ticket: counted per day, and a
		// duration averaged over every ticket. Jira's two Labels columns
		// and every text column are simply not used.
		{"servicenow_incidents.csv", []string{"--ring", "servicenow", "--map", "date=opened_at", "--count", "incidents", "--mean", "resolve_s=calendar_stc"}, nil},
		{"jira_issues.csv", []string{"--ring", "jira", "--map", "date=Created", "--count", "issues"}, nil},
		// VictoriaMetrics /api/v1/export/csv: no header row; its columns are
		// the format string the export was asked for.
		{"victoriametrics.csv", []string{"--ring", "vm", "--tz", "UTC", "--format", "victoriametrics=__name__,__value__,__timestamp__:unix_s,instance"},
			[]string{"dates read as epoch-s (as --date-format or --format says)"}},
		// A workbook: typed cells, formula values cached.
		{"excel_typed.xlsx", nil, []string{`read sheet "Ring health"`}},
	}
	for _, im := range imports {
		args := append([]string{"import", "metrics", "--pilot", "exports"}, im.flags...)
		code, out, errOut := ringside(t, db, append(args, file(im.file))...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", im.file, code, out, errOut)
		}
		for _, n := range im.notes {
			if !strings.Contains(out, n) {
				t.Errorf("%s: the report does not say %q:\n%s", im.file, n, out)
			}
		}
	}
	// Every file again, read the same way: answered from its import after
	// hashing it (the workbook by its own bytes), with the notes its
	// reading gave (but for the sheet read: nothing is read).
	for _, im := range imports {
		args := append([]string{"import", "metrics", "--pilot", "exports"}, im.flags...)
		code, out, errOut := ringside(t, db, append(args, file(im.file))...)
		if code != 0 || !strings.Contains(out, "unchanged file: already imported as import ") || !strings.Contains(out, "  unchanged\n") {
			t.Errorf("%s again: exit %d, want it answered unchanged from its import:\n%s%s", im.file, code, out, errOut)
		}
		for _, n := range im.notes {
			if !strings.Contains(out, n) && !strings.HasPrefix(n, "read sheet") { // no sheet was read
				t.Errorf("%s again: the report does not say %q:\n%s", im.file, n, out)
			}
		}
	}
	got := currentValues(t, db) // main_sources_test.go
	want := map[string]string{
		"us/tickets":                        "1500 n=2", // (1482 + 1518) / 2
		"us/csat":                           "82 n=2",   // (81.7 + 82.3) / 2
		"de/tickets":                        "1500 n=2", // (1487 + 1513) / 2, not (1.487 + 1.513) / 2
		"de/aht_min":                        "375 n=2",  // (372.7 + 377.3) / 2
		"ch/tickets":                        "2000 n=2", // (2134 + 1866) / 2
		"ch/aht_min":                        "8 n=2",    // (7.5 + 8.5) / 2
		"fr/tickets":                        "1300 n=2", // (1270 + 1330) / 2
		"fr/aht_min":                        "8 n=2",    // (7,5 + 8,5) / 2
		"m365/copilot_any_app_active_users": "22 n=3",   // (20 + 22 + 24) / 3
		"teams/teams_meetings":              "20 n=2",   // (18 + 22) / 2
		"grafana/latency_ms":                "1100 n=2", // (1082 + 1118) / 2
		"azure/latency_ms":                  "1100 n=2", // (1050.5 + 1149.5) / 2
		"powerbi/aht_min":                   "8 n=2",    // (7.25 + 8.75) / 2
		// VictoriaMetrics: 1050 and 1150 on Oct 19 (01:00, 02:00 UTC), 1100
		// on Oct 20: (1050 + 1150 + 1100) / 3; the `up` rows are kept aside.
		"vm/latency_ms": "1100 n=3",
		// Offer is a count: the day is the sum of its intervals, 12 + 8 =
		// 20 and 30, so (20 + 30) / 2 = 25. AHT is a mean over every
		// interval: (300 + 240 + 330) / 3 = 290, not the mean of the day
		// means (270 + 330) / 2 = 300.
		"genesys/offered": "25 n=2",
		"genesys/aht_s":   "290 n=3",
		// The workbook: CSAT 0.810 … 0.816 shown as percents, 81.0 … 81.6
		// points over Oct 19–25: mean 81.3; Tickets 1480 … 1486: 1483.
		"pilot/csat":    "81.3 n=7",
		"pilot/tickets": "1483 n=7",
		// ServiceNow: 3 incidents opened on Oct 19, 2 on Oct 20: (3 + 2) / 2
		// = 2.5; calendar_stc over all five: (3600 + 7200 + 1800 + 5400 +
		// 3600) / 5 = 4320 s.
		"servicenow/incidents": "2.5 n=2",
		"servicenow/resolve_s": "4320 n=5",
		// Jira: 1 issue created on Oct 19 (14/Jul/25-style dates), 3 on Oct 20: 2.
		"jira/issues": "2 n=2",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: current %s, want %s", k, got[k], w)
		}
	}
}

// TestImportOutputIsBounded: a file of 30 metric columns no KPI names
// prints 20 notes and a count, not 30 lines; a rejected file among several
// says which were imported all the same.
func TestImportOutputIsBounded(t *testing.T) {
	db := importDB(t)
	dir := t.TempDir()
	var hdr, row strings.Builder
	hdr.WriteString("date,ring")
	row.WriteString("2026-01-26,pilot")
	for i := range 30 {
		fmt.Fprintf(&hdr, ",m%02d", i)
		row.WriteString(",1")
	}
	wide := filepath.Join(dir, "wide30.csv")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(wide, []byte(hdr.String()+"\n"+row.String()+"\n"), 0o644)
	os.WriteFile(bad, []byte("date,ring,metric,value\n2026-01-26,pilot,triage_min,soon\n"), 0o644)
	code, out, errOut := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", wide, bad)
	if code != 2 {
		t.Fatalf("exit %d, want 2 (bad.csv rejected)\n%s%s", code, out, errOut)
	}
	if n := strings.Count(out, "wide30.csv: kept 1 row of metric"); n != 20 || !strings.Contains(out, "wide30.csv: … and 10 more notes") {
		t.Errorf("%d unknown-metric notes printed, want 20 and a count of 10 more:\n%s", n, out)
	}
	if !strings.Contains(errOut, wide+" was imported all the same (each file is its own transaction)") {
		t.Errorf("stderr does not say wide30.csv was imported:\n%s", errOut)
	}
}

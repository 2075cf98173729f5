package main

import (
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ringside/internal/golden"
)

// importPortfolio defines the pilots the CSVs in testdata/csv/ refer to.
const importPortfolio = `pilots:
  - slug: claims-triage
    name: Claims email triage assistant
    stage: pilot
    rings:
      - {name: pilot, population: 25, status: active, start: 2026-01-05}
      - {name: canary, population: 240, status: active}
    kpis:
      - {key: triage_min, name: Triage time, unit: min, better: lower, baseline: 12, target: "<= -30%", rollback: "> +5%"}
      - {key: misroute_pct, name: Misrouting, unit: "%", better: lower, target: "pct <= 0", warning: "pct <= 10"}
  - slug: invoice-matching
    name: Invoice matching
    stage: pilot
    rings:
      - {name: pilot, status: active}
    kpis:
      - {key: auto_match_pct, better: higher, target: ">= 80"}
`

// importDB returns a fresh database holding the pilots of importPortfolio.
func importDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	yaml := filepath.Join(dir, "portfolio.yaml")
	if err := os.WriteFile(yaml, []byte(importPortfolio), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ringside.db")
	if code, _, errOut := ringside(t, db, "apply", "-f", yaml); code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	return db
}

func csvFile(name string) string { return filepath.Join("testdata", "csv", name) }

type importJSON struct {
	Files []struct {
		File      string   `json:"file"`
		Rows      *int     `json:"rows"`
		New       *int     `json:"new"`
		Updated   *int     `json:"updated"`
		Unchanged *int     `json:"unchanged"`
		Rejected  *int     `json:"rejected"`
		Errors    []string `json:"errors"`
	} `json:"files"`
}

// importCounts runs import --json and returns rows, new, updated,
// unchanged, rejected of the one file.
func importCounts(t *testing.T, db string, args ...string) (int, [5]int, []string) {
	t.Helper()
	code, out, _ := ringside(t, db, append([]string{"import", "metrics", "--json", "--pilot", "claims-triage"}, args...)...)
	var r importJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	if len(r.Files) != 1 {
		t.Fatalf("files = %d, want 1", len(r.Files))
	}
	f := r.Files[0]
	if f.Rows == nil || f.New == nil || f.Updated == nil || f.Unchanged == nil || f.Rejected == nil || f.Errors == nil {
		t.Fatalf("import --json lacks a field of the spec: %s", out)
	}
	return code, [5]int{*f.Rows, *f.New, *f.Updated, *f.Unchanged, *f.Rejected}, f.Errors
}

// dbChecksum hashes every observation, series, import and the audit log.
func dbChecksum(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := sha256.New()
	for _, q := range []string{"SELECT * FROM observations ORDER BY series_id, day", "SELECT * FROM series ORDER BY id",
		"SELECT * FROM imports ORDER BY id", "SELECT seq, hash FROM audit ORDER BY seq"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func observationCount(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM observations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportEveryDialectThenReimportIsUnchanged(t *testing.T) {
	tests := []struct {
		file string
		want [5]int // rows, new, updated, unchanged, rejected
	}{
		{"long.csv", [5]int{8, 8, 0, 0, 0}},
		{"long_pilot.csv", [5]int{4, 4, 0, 0, 0}}, // claims-triage and invoice-matching rows
		{"wide.csv", [5]int{7, 7, 0, 0, 0}},       // 4 records × 2 metrics, one cell empty: absent, not zero
		{"tab.tsv", [5]int{4, 4, 0, 0, 0}},
		{"quoted_spaces.csv", [5]int{3, 3, 0, 0, 0}},
		{"semicolon_decimal_comma.csv", [5]int{3, 3, 0, 0, 0}},
		{"bom_crlf.csv", [5]int{2, 2, 0, 0, 0}},
		{"timestamps.csv", [5]int{3, 3, 0, 0, 0}}, // two readings of one day make one day; counts are of readings, so 3 rows, 3 new
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			db := importDB(t)
			code, got, errs := importCounts(t, db, csvFile(tt.file))
			if code != 0 || got != tt.want {
				t.Fatalf("import: exit %d counts %v errors %q, want exit 0 counts %v", code, got, errs, tt.want)
			}
			sum := dbChecksum(t, db)
			distinct := tt.want[1]
			code, got, _ = importCounts(t, db, csvFile(tt.file))
			if want := [5]int{tt.want[0], 0, 0, distinct, 0}; code != 0 || got != want {
				t.Errorf("re-import: exit %d counts %v, want %v", code, got, want)
			}
			if dbChecksum(t, db) != sum {
				t.Error("re-importing the same rows changed the database")
			}
		})
	}
}

func TestImportBrokenFilesLeaveTheDatabaseAsItWas(t *testing.T) {
	tests := []struct {
		file string
		want string // an error line that must appear
	}{
		{"bad_date.csv", `bad_date.csv:3: date "2026-02-30" does not exist`},
		{"binary.bin", "binary.bin:1: this looks like a binary file"},
		{"control_chars.csv", `control_chars.csv:3: ring "pi\x1b[2Jlot" contains control characters`},
		{"empty.csv", "empty.csv:1: the file is empty"},
		{"missing_column.csv", "missing_column.csv:1: missing column ring"},
		{"non_numeric.csv", `non_numeric.csv:3: value "about eight" of metric "triage_min" is not a number`},
		{"unterminated_quote.csv", "unterminated_quote.csv:3: unterminated quote"},
		{"no-such-file.csv", "no-such-file.csv: no such file"},
	}
	db := importDB(t)
	if code, _, errOut := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", csvFile("long.csv")); code != 0 {
		t.Fatalf("import long.csv: exit %d: %s", code, errOut)
	}
	before := dbChecksum(t, db)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errOut := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", csvFile(tt.file))
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errOut)
			}
			if strings.ContainsRune(out+errOut, 0x1b) {
				t.Error("an escape character reached the terminal")
			}
			if !strings.Contains(out, "rejected") {
				t.Errorf("stdout does not say rejected:\n%s", out)
			}
			if dbChecksum(t, db) != before {
				t.Error("a rejected file changed the database")
			}
		})
	}
	t.Run("unknown pilot", func(t *testing.T) {
		code, _, errOut := ringside(t, db, "import", "metrics", "--pilot", "nobody", csvFile("long.csv"))
		if code != 2 || !strings.Contains(errOut, `long.csv:2: unknown pilot "nobody": create it first with `+"`ringside apply -f FILE`") {
			t.Errorf("exit %d, stderr:\n%s", code, errOut)
		}
		if dbChecksum(t, db) != before {
			t.Error("a rejected file changed the database")
		}
	})
	t.Run("a good and a bad file: the good one lands, exit 2", func(t *testing.T) {
		code, out, _ := ringside(t, db, "import", "metrics", "--pilot", "claims-triage", csvFile("timestamps.csv"), csvFile("bad_date.csv"))
		if code != 2 || !strings.Contains(out, "imported") || !strings.Contains(out, "rejected") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
}

func TestImportChangedValueIsUpdatedAndAudited(t *testing.T) {
	db := importDB(t)
	importCounts(t, db, csvFile("long.csv"))
	changed := filepath.Join(t.TempDir(), "changed.csv")
	orig, err := os.ReadFile(csvFile("long.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, []byte(strings.Replace(string(orig), "2026-01-27,pilot,triage_min,7.4", "2026-01-27,pilot,triage_min,7.2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, got, _ := importCounts(t, db, changed)
	if want := [5]int{8, 0, 1, 7, 0}; code != 0 || got != want {
		t.Fatalf("exit %d counts %v, want %v", code, got, want)
	}
	code, out, _ := ringside(t, db, "verify", "--json")
	if code != 0 {
		t.Fatalf("verify: exit %d %s", code, out)
	}
	rdb, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	var action, pilot, summary, after string
	if err := rdb.QueryRow("SELECT action, pilot, summary, after FROM audit ORDER BY seq DESC LIMIT 1").Scan(&action, &pilot, &summary, &after); err != nil {
		t.Fatal(err)
	}
	if action != "import" || pilot != "claims-triage" || !strings.Contains(summary, "1 updated") ||
		!strings.Contains(after, `"replaced":[{"pilot":"claims-triage","ring":"pilot","metric":"triage_min","day":"2026-01-27","old":7.4,"new":7.2}]`) {
		t.Errorf("audit entry: %s %s %q\n%s", action, pilot, summary, after)
	}
	if !strings.Contains(after, fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Replace(string(orig), "7.4", "7.2", 1))))[:16]) {
		t.Errorf("audit entry lacks the file's SHA-256: %s", after)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	db := importDB(t)
	before := dbChecksum(t, db)
	code, got, _ := importCounts(t, db, "--dry-run", csvFile("long.csv"))
	if want := [5]int{8, 8, 0, 0, 0}; code != 0 || got != want {
		t.Errorf("dry run: exit %d counts %v, want %v", code, got, want)
	}
	if dbChecksum(t, db) != before {
		t.Error("--dry-run wrote to the database")
	}
}

func TestImportUsageErrors(t *testing.T) {
	db := importDB(t)
	for _, args := range [][]string{
		{"import"},
		{"import", "metrics"},
		{"import", "pilots", "x.csv"},
		{"import", "metrics", "--format", "square", csvFile("long.csv")},
	} {
		if code, _, errOut := ringside(t, db, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
}

// checkGolden compares got with testdata/golden/NAME (go test -update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.AssertString(t, filepath.Join("testdata", "golden", name), got)
}

func TestImportTableGolden(t *testing.T) {
	db := importDB(t)
	var files []string
	for _, f := range []string{"long.csv", "long_pilot.csv", "wide.csv", "timestamps.csv"} {
		files = append(files, csvFile(f))
	}
	code, out, errOut := ringside(t, db, append([]string{"import", "metrics", "--pilot", "claims-triage"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkGolden(t, "import_metrics.txt", out)
}

func TestHealthAfterImport(t *testing.T) {
	db := importDB(t)
	importCounts(t, db, csvFile("long.csv"))

	// canary: triage 11.2 vs 12 = -6.67 %, misses <= -30 % on a critical KPI: fail, exit 1.
	code, out, errOut := ringside(t, db, "--as-of", "2026-01-31", "health", "--pilot", "claims-triage")
	if code != 1 || !strings.Contains(errOut, "claims-triage") {
		t.Errorf("health: exit %d, stderr %q; want 1 naming the pilot", code, errOut)
	}
	checkGolden(t, "health_claims_triage.txt", out)

	code, out, _ = ringside(t, db, "--as-of", "2026-01-31", "health", "--json")
	if code != 1 {
		t.Errorf("health --json: exit %d, want 1", code)
	}
	var r struct {
		Pilots []map[string]json.RawMessage `json:"pilots"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("health --json: %v\n%s", err, out)
	}
	if len(r.Pilots) != 2 {
		t.Fatalf("pilots = %d, want 2 (every pilot)", len(r.Pilots))
	}
	var rings []map[string]json.RawMessage
	json.Unmarshal(r.Pilots[0]["rings"], &rings)
	if string(r.Pilots[0]["pilot"]) != `"claims-triage"` || len(rings) != 2 {
		t.Fatalf("first pilot %s with %d rings", r.Pilots[0]["pilot"], len(rings))
	}
	for _, f := range []string{"ring", "status", "rollback", "kpis"} {
		if _, ok := rings[0][f]; !ok {
			t.Errorf("ring lacks %q", f)
		}
	}
	var kpis []map[string]json.RawMessage
	json.Unmarshal(rings[0]["kpis"], &kpis)
	for _, f := range []string{"key", "baseline", "current", "delta", "pct", "status", "rollback", "latest"} {
		if _, ok := kpis[0][f]; !ok {
			t.Errorf("kpi lacks %q", f)
		}
	}
	// pilot ring, triage_min: mean(7.9, 7.4) = 7.65 vs 12: delta -4.35, pct -36.25 %.
	if string(kpis[0]["current"]) != "7.65" || string(kpis[0]["delta"]) != "-4.35" || string(kpis[0]["pct"]) != "-36.25" ||
		string(kpis[0]["latest"]) != `"2026-01-27"` || string(kpis[0]["status"]) != `"pass"` {
		t.Errorf("pilot/triage_min = %v", kpis[0])
	}

	// Invoice matching has no data: nodata warns but fails nothing: exit 0.
	if code, _, errOut := ringside(t, db, "--as-of", "2026-01-31", "health", "--pilot", "invoice-matching"); code != 0 {
		t.Errorf("health of a pilot without data: exit %d %s", code, errOut)
	}
	if code, _, _ := ringside(t, db, "health", "--pilot", "nobody"); code != 2 {
		t.Errorf("unknown pilot: exit %d, want 2", code)
	}
}

// TestKillDuringImportIsAllOrNothing starts the built binary on a large
// file, kills it with SIGKILL at several moments, and checks each time that
// the database verifies and holds none or all of the file.
func TestKillDuringImportIsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 300,000 rows several times")
	}
	dir := t.TempDir()
	bin := builtBinary(t)
	big := filepath.Join(dir, "big.csv")
	const rows = 300_000 // 2 rings × 50 metrics × 3,000 days
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,ring,metric,value")
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range 3000 {
		day := start.AddDate(0, 0, d).Format("2006-01-02")
		for _, r := range []string{"pilot", "canary"} {
			for m := range 50 {
				fmt.Fprintf(w, "%s,%s,m%02d,%d.5\n", day, r, m, (d+m)%97)
			}
		}
	}
	w.Flush()
	f.Close()
	template := importDB(t)
	tmpl, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}
	for _, after := range []time.Duration{10 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 2 * time.Second} {
		t.Run(after.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "ringside.db")
			if err := os.WriteFile(db, tmpl, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "--db", db, "import", "metrics", "--pilot", "claims-triage", big)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(after)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if code, out, errOut := ringside(t, db, "verify"); code != 0 {
				t.Fatalf("verify after kill at %v: exit %d\n%s%s", after, code, out, errOut)
			}
			if n := observationCount(t, db); n != 0 && n != rows {
				t.Errorf("after kill at %v the database holds %d observations, want 0 or %d", after, n, rows)
			}
			// The killed database takes the import again, whole.
			if out, err := exec.Command(bin, "--db", db, "import", "metrics", "--pilot", "claims-triage", big).CombinedOutput(); err != nil {
				t.Fatalf("import after the kill: %v\n%s", err, out)
			}
			if n := observationCount(t, db); n != rows {
				t.Errorf("after a full import the database holds %d observations, want %d", n, rows)
			}
		})
	}
}

func TestProgressReaderShowsEveryFivePercentThenClears(t *testing.T) {
	var out strings.Builder
	p := &progressReader{r: strings.NewReader(strings.Repeat("x", 100)), w: &out, name: "f.csv", size: 100}
	buf := make([]byte, 3)
	for {
		if _, err := p.Read(buf); err != nil {
			break
		}
	}
	// Reads of 3 bytes: 6 % is the first step of at least 5, then 12, 18, …,
	// 96; 99 and 100 are less than 5 more than 96, so 96 % is the last shown.
	got := out.String()
	if !strings.HasPrefix(got, "\rf.csv: read 6%\rf.csv: read 12%") || !strings.HasSuffix(got, "\rf.csv: read 96%") {
		t.Errorf("progress = %q", got)
	}
	out.Reset()
	p.clear()
	if want := "\r" + strings.Repeat(" ", len("\rf.csv: read 96%")) + "\r"; out.String() != want {
		t.Errorf("clear = %q, want %q", out.String(), want)
	}
	if isTerminal(&out) {
		t.Error("a strings.Builder is not a terminal")
	}
}

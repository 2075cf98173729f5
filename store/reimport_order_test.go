package store

import (
	"cmp"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"ringside/internal/sqlite3cli"
	"ringside/model"
)

// TestChangedReimportByDateMatchesBySeries imports the same rows sorted by
// series and sorted by date, then the same file with a few values changed
// and one day added, read whole (the bench's "re-import, last value
// changed"). The order of the file must not show: the same counts, and the
// same database, compared as the sqlite3 shell dumps it (every table,
// audit entries and their hashes included).
func TestChangedReimportByDateMatchesBySeries(t *testing.T) {
	sqlite3 := sqlite3cli.Path(t)
	defer func(n, b int) { chunkRows, spoolBelow = n, b }(chunkRows, spoolBelow)
	// 16-row chunks: by date, two days of the 8 series (2 rows a series:
	// spooled); by series, 16 days of one series (written as they come).
	chunkRows, spoolBelow = 16, 4
	type reading struct {
		pilot, ring, metric string
		day                 int
		v                   float64
	}
	// 2 pilots × 2 rings × 2 metrics = 8 series × 40 days, and day 10 of
	// every series a second reading: 328 readings.
	var series [][3]string
	for _, p := range []string{"ct", "cu"} {
		for _, r := range []string{"pilot", "canary"} {
			for _, m := range []string{"triage_min", "misroute_pct"} {
				series = append(series, [3]string{p, r, m})
			}
		}
	}
	var first []reading
	for i, s := range series {
		for d := range 40 {
			first = append(first, reading{s[0], s[1], s[2], d, float64(10*i + d)})
			if d == 10 {
				first = append(first, reading{s[0], s[1], s[2], d, 4})
			}
		}
	}
	// The changed file: ct/pilot/triage_min on day 30 and cu/canary/
	// misroute_pct on day 5 changed (1 reading each), the second reading
	// of ct/canary/misroute_pct's day 10 changed (its day's 2 readings
	// count updated), and a day 40 for cu/pilot/triage_min (new).
	changed := slices.Clone(first)
	edit := func(s [3]string, day, nth int, v float64) {
		for i, r := range changed {
			if r.pilot == s[0] && r.ring == s[1] && r.metric == s[2] && r.day == day {
				if nth == 0 {
					changed[i].v = v
					return
				}
				nth--
			}
		}
		t.Fatalf("no reading %v day %d", s, day)
	}
	edit(series[0], 30, 0, 99)
	edit(series[7], 5, 0, 99)
	edit(series[3], 10, 1, 5)
	changed = append(changed, reading{"cu", "pilot", "triage_min", 40, 1})
	// rows = 328 + 1; new 1; updated 1 + 1 + 2; the rest unchanged.
	wantCounts := [5]int{329, 1, 4, 324, 0}

	// byDate sorts readings by day, the series in their order within a
	// day (a stable sort keeps a day's two readings in file order).
	byDate := func(rs []reading) []reading {
		rs = slices.Clone(rs)
		slices.SortStableFunc(rs, func(a, b reading) int { return cmp.Compare(a.day, b.day) })
		return rs
	}
	rows := func(rs []reading) []any {
		items := make([]any, len(rs))
		for i, r := range rs {
			items[i] = ObsRow{Line: i + 2, Pilot: r.pilot, Ring: r.ring, Metric: r.metric, Day: model.MustDate("2026-01-01").AddDays(r.day), Value: r.v}
		}
		return items
	}
	dump := map[string]string{}
	for _, order := range []struct {
		name  string
		files [2][]reading
	}{
		{"by series", [2][]reading{first, changed}},
		{"by date", [2][]reading{byDate(first), byDate(changed)}},
	} {
		s := openObs(t, "ct", "cu")
		st := importRows(t, s, ImportMeta{File: "metrics.csv", SHA256: "first", Options: "{}", Size: 1}, rows(order.files[0])...)
		if got, want := counts(st), [5]int{328, 328, 0, 0, 0}; got != want {
			t.Errorf("%s: first import %v, want %v", order.name, got, want)
		}
		st = importRows(t, s, ImportMeta{File: "metrics.csv", SHA256: "changed", Options: "{}", Size: 1}, rows(order.files[1])...)
		if got := counts(st); got != wantCounts {
			t.Errorf("%s: changed re-import %v, want %v", order.name, got, wantCounts)
		}
		if len(st.Notes) != 1 {
			t.Errorf("%s: notes %q, want one on the replaced days", order.name, st.Notes)
		}
		out, err := exec.Command(sqlite3, s.path, ".dump").CombinedOutput()
		if err != nil {
			t.Fatalf("sqlite3 .dump: %v: %s", err, out)
		}
		dump[order.name] = string(out)
	}
	a, b := strings.Split(dump["by series"], "\n"), strings.Split(dump["by date"], "\n")
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			t.Errorf("the database differs by the file's order, first at line %d of the dump:\nby series: %s\nby date:   %s",
				i+1, lineAt(a, i), lineAt(b, i))
			break
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}

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
	// 2 pilots × 2 rings × 2 metrics = 8 series × 40 days, day 10 of
	// every series a second reading, and day 20 of ct/pilot/misroute_pct
	// 19 more: 347 readings.
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
			if i == 1 && d == 20 { // a day of 20 readings: more than a chunk
				for range 19 {
					first = append(first, reading{s[0], s[1], s[2], d, 3})
				}
			}
		}
	}
	// The changed file: ct/pilot/triage_min on day 30 and cu/canary/
	// misroute_pct on day 5 changed (1 reading each), the second reading
	// of ct/canary/misroute_pct's day 10 changed (its day's 2 readings
	// count updated), the last of ct/pilot/misroute_pct's 20 readings of
	// day 20 changed (20 updated; a chunk is not cut inside the day, so it
	// is compared whole), and a day 40 for cu/pilot/triage_min (new).
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
	edit(series[1], 20, 19, 7)
	changed = append(changed, reading{"cu", "pilot", "triage_min", 40, 1})
	// rows = 347 + 1; new 1; updated 1 + 1 + 2 + 20; the rest unchanged.
	wantCounts := [5]int{348, 1, 24, 323, 0}

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
		if got, want := counts(st), [5]int{347, 347, 0, 0, 0}; got != want {
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

// TestADayOfMoreThanFourChunksIsComparedInParts: a series' day with more
// readings than 4 chunks hold is cut across chunks even when spooled (memory
// stays bounded). Re-importing the same rows, its first part differs from
// the stored day and is written, and the rest joins it: the day counts
// updated (its readings were compared in parts) but never new, and ends as
// stored. The other days count unchanged.
func TestADayOfMoreThanFourChunksIsComparedInParts(t *testing.T) {
	defer func(n, b int) { chunkRows, spoolBelow = n, b }(chunkRows, spoolBelow)
	chunkRows, spoolBelow = 16, 5
	// 4 series × 10 days by date (16-row chunks of 4 days: 4 rows a
	// series, spooled), and day 5 of pilot/triage_min 80 more readings of
	// 3: 120 rows; that day holds 81 readings, mean (5 + 240) / 81.
	var items []any
	line := 2
	for d := range 10 {
		for _, s := range [][2]string{{"pilot", "triage_min"}, {"pilot", "misroute_pct"}, {"canary", "triage_min"}, {"canary", "misroute_pct"}} {
			items = append(items, row(line, s[0], s[1], model.MustDate("2026-01-01").AddDays(d).String(), float64(d)))
			line++
			if d == 5 && s == [2]string{"pilot", "triage_min"} {
				for range 80 {
					items = append(items, row(line, s[0], s[1], "2026-01-06", 3))
					line++
				}
			}
		}
	}
	s := openObs(t, "ct")
	if st := importRows(t, s, ImportMeta{}, items...); counts(st) != [5]int{120, 120, 0, 0, 0} {
		t.Fatalf("first import %v, want 120 new", counts(st))
	}
	day := func() (n int, v float64) {
		t.Helper()
		if err := s.db.QueryRow("SELECT o.n, o.value FROM observations o JOIN series s ON s.id = o.series_id WHERE s.ring = 'pilot' AND s.metric = 'triage_min' AND o.day = ?",
			int64(model.MustDate("2026-01-06"))).Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		return n, v
	}
	n0, v0 := day()
	if n0 != 81 || v0 != 245.0/81 {
		t.Fatalf("the day of 81 readings: %d readings, mean %v", n0, v0)
	}
	// The same rows again: 81 updated (that day), 39 unchanged, 0 new.
	if st := importRows(t, s, ImportMeta{}, items...); counts(st) != [5]int{120, 0, 81, 39, 0} {
		t.Errorf("re-import %v, want [120 0 81 39 0]", counts(st))
	}
	if n, v := day(); n != n0 || v != v0 {
		t.Errorf("after the re-import the day holds %d readings, mean %v; want %d, %v", n, v, n0, v0)
	}
}

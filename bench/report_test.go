package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{ms(30, 10, 20), 20 * time.Millisecond},     // sorted 10 20 30: the middle one
		{ms(40, 10, 30, 20), 25 * time.Millisecond}, // sorted 10 20 30 40: (20 + 30) / 2
		{nil, 0},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1001376: "1,001,376", 10000584: "10,000,584"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPilotsFor(t *testing.T) {
	// 13,176 rows a pilot: 1,001,376 / 13,176 = 76; 10,000,000 / 13,176 = 758.96 → 759.
	for rows, want := range map[int]int{1001376: 76, 10000000: 759, 1: 1} {
		if got := pilotsFor(rows); got != want {
			t.Errorf("pilotsFor(%d) = %d, want %d", rows, got, want)
		}
	}
}

func TestResultsVerdicts(t *testing.T) {
	r := &results{rows: 1001376, pilots: 76, portfolio: 1000, machine: "test machine", command: "go run ./bench", load: []string{"1.50"}}
	add := func(name string, msec int, mb int64) {
		r.add(name, run{wall: time.Duration(msec) * time.Millisecond, rssKB: mb << 10})
	}
	add(caseCLIImport, 4000, 10)
	add(caseImportSeries, 1000, 40)
	add(caseImportDate, 1200, 50)
	add(caseReimportSeries, 80, 30)
	add(caseReimportDate, 200, 30)
	add(caseCLIHealth, 200, 10)
	add(caseHealth, 30, 20)
	add(casePortfolioHealth, 100, 70) // over the RSS budget
	add(caseSmallHealth, 40, 12)
	add(caseDashboard, 120, 0)
	// series import 1000 / 4000 = 0.25 (met, ≤ 0.5); date / series 1200 / 1000 = 1.2 (met, ≤ 1.3);
	// re-import date / series 200 / 80 = 2.5 (missed); unchanged series 80 / 1000 = 0.08 (met);
	// unchanged date 200 / 1200 = 0.17 (missed); health 30 / 200 = 0.15 (missed, ≤ 0.1);
	// portfolio health 100 / 40 = 2.5 (missed, ≤ 2); RSS 70 MB of portfolio health (missed).
	md := r.markdown()
	for _, want := range []string{
		"| import 1,001,376 rows, series order vs sqlite3 .import (date order) | 1000 ms | 4000 ms | 0.25× | ≤ 0.5× | met |",
		"| import, date order vs series order | 1200 ms | 1000 ms | 1.20× | ≤ 1.3× | met |",
		"| re-import unchanged, date order vs series order | 200 ms | 80 ms | 2.50× | ≤ 1.3× | MISSED |",
		"| re-import unchanged vs first import, series order | 80 ms | 1000 ms | 0.08× | ≤ 0.1× | met |",
		"| re-import unchanged vs first import, date order | 200 ms | 1200 ms | 0.17× | ≤ 0.1× | MISSED |",
		"| health, 76 pilots vs the sqlite3 naive aggregate | 30 ms | 200 ms | 0.15× | ≤ 0.1× | MISSED |",
		"| health, 1,000 pilots without data vs 10 pilots | 100 ms | 40 ms | 2.50× | ≤ 2.0× | MISSED |",
		"| dashboard startup to its rows, 1,000 pilots over the metrics (in process; CPU not measured) | 120.0 ms |  |  | ≤ 150 ms | met |",
		"| peak RSS: health, portfolio (no data) | 70.0 MB |  |  | ≤ 64 MB | MISSED |",
		"| peak RSS: import, date order | 50.0 MB |  |  | ≤ 64 MB | met |",
		"Load average (1 min) at the start of each round: 1.50.", "go run ./bench", "test machine",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, md)
		}
	}
	if r.ok() {
		t.Error("ok() with missed targets")
	}
}

// TestDoneWhen: each Done-when line is met, missed or not measured from
// the run's figures, and a run below the scale a line names never meets it.
func TestDoneWhen(t *testing.T) {
	r := &results{rows: 1001376, pilots: 76, portfolio: 1000, large: 4000, series: 100008, load: []string{"1"}}
	add := func(name string, msec int, mb int64) {
		r.add(name, run{wall: time.Duration(msec) * time.Millisecond, rssKB: mb << 10})
	}
	add(caseCLIImport, 4000, 10)
	add(caseImportSeries, 1000, 40)
	add(caseImportDate, 1200, 50)
	add(caseReimportSeries, 80, 30)
	add(caseReimportDate, 90, 30)
	add(caseChangedSeries, 1000, 40)
	add(caseChangedDate, 1400, 40)
	add(caseCLIHealth, 200, 10)
	add(caseHealth, 15, 20)
	add(casePortfolioHealth, 100, 37)
	add(caseSmallHealth, 40, 12)
	add(caseApplyLarge, 9000, 63)
	add(caseExportLarge, 2000, 30)
	// order: 1200/1000 = 1.20, 90/80 = 1.12, 1400/1000 = 1.40 (missed: one over 1.3);
	// unchanged: 80/1000 = 0.08, 90/1200 = 0.075, printed 0.07× (met);
	// per pilot: 100/40 = 2.50 (missed); memory: highest 63 MB, apply large (met);
	// import 1000/4000 = 0.25 (met); health 15/200 = 0.075 → 0.07× (met).
	want := []struct {
		value   string
		verdict string
	}{
		{"1.20×, 1.12×, 1.40×", "MISSED"},
		{"0.08×, 0.07×", "met"},
		{"2.50×", "MISSED"},
		{"highest 63.0 MB (apply portfolio, large)", "met"},
		{"0.25×", "met"},
		{"0.07×", "met"},
	}
	got := r.doneWhen()
	if len(got) != len(want) {
		t.Fatalf("%d Done-when lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].value != w.value || doneVerdict(got[i]) != w.verdict {
			t.Errorf("%s: %q %s, want %q %s", got[i].what, got[i].value, doneVerdict(got[i]), w.value, w.verdict)
		}
	}
	md := r.markdown()
	if !strings.Contains(md, "| every command's peak RSS at 100,000 series and 4,000 pilots | highest 63.0 MB (apply portfolio, large) | ≤ 64 MB | met |") {
		t.Errorf("RESULTS.md lacks the memory line:\n%s", md)
	}
	// 70 MB anywhere misses it; a run without the large portfolio, or
	// below 100,000 series, does not measure it.
	add(caseExportLarge, 2000, 70)
	if m := r.doneWhen()[3]; m.ok || m.value != "highest 70.0 MB (export portfolio, large)" {
		t.Errorf("70 MB: %q ok=%v", m.value, m.ok)
	}
	r.series = 2736
	if m := r.doneWhen()[3]; m.ok || doneVerdict(m) != "not measured" || !strings.Contains(m.value, "2,736 series and 4,000 pilots") {
		t.Errorf("2,736 series: %q %s", m.value, doneVerdict(m))
	}
	r.series, r.large = 100008, 0
	if m := r.doneWhen()[3]; m.ok || doneVerdict(m) != "not measured" {
		t.Errorf("no large portfolio: %q %s", m.value, doneVerdict(m))
	}
	// A case that did not run leaves its line unmeasured, never met.
	delete(r.cases, caseChangedDate)
	if m := r.doneWhen()[0]; m.ok || doneVerdict(m) != "not measured" {
		t.Errorf("order without the changed re-import: %q %s", m.value, doneVerdict(m))
	}
}

func TestWriteChanged(t *testing.T) {
	dir := t.TempDir()
	src, dst := dir+"/a.csv", dir+"/a-1.csv"
	if err := os.WriteFile(src, []byte("date,value\n2026-01-01,9.9\n2026-01-02,34.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeChanged(dst, src); err != nil {
		t.Fatal(err)
	}
	// only the last value moves, by one: 34.4 + 1 = 35.4
	if b, _ := os.ReadFile(dst); string(b) != "date,value\n2026-01-01,9.9\n2026-01-02,35.4\n" {
		t.Errorf("changed file = %q", b)
	}
}

// TestRatiosPairTheRounds: a ratio is the median of the rounds' own
// ratios, each round's two runs side by side, not the ratio of the two
// medians; the report shows both.
func TestRatiosPairTheRounds(t *testing.T) {
	r := &results{rows: 1001376, pilots: 76, portfolio: 1000, load: []string{"0.83", "1.20", "1.26"}}
	add := func(name string, msec ...int) {
		for _, m := range msec {
			r.add(name, run{wall: time.Duration(m) * time.Millisecond})
		}
	}
	// The session-8 start's first imports: round 3 ran slow for both.
	add(caseImportDate, 3978, 2887, 4396)
	add(caseImportSeries, 2213, 2327, 4351)
	// rounds: 3978/2213 = 1.798, 2887/2327 = 1.241, 4396/4351 = 1.010;
	// sorted 1.010 1.241 1.798: the median is 1.241 → 1.24× (met, ≤ 1.3);
	// the medians' ratio is 3978/2327 = 1.709 → 1.71×.
	if got := r.ratio(caseImportDate, caseImportSeries); got < 1.2405 || got > 1.2410 {
		t.Errorf("ratio = %.4f, want 1.2407 (2887/2327)", got)
	}
	md := r.markdown()
	for _, want := range []string{
		"| import, date order vs series order | 3978 ms | 2327 ms | 1.24× | ≤ 1.3× | met |",
		"- import, date order vs series order: 1.80×, 1.24×, 1.01× (of the medians: 1.71×)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, md)
		}
	}
	// An even count: rounds 100/100 = 1 and 300/100 = 3, median (1 + 3) / 2 = 2;
	// a case that ran fewer rounds pairs only the rounds both ran.
	add(caseReimportDate, 100, 300)
	add(caseReimportSeries, 100, 100, 50)
	if got := r.ratio(caseReimportDate, caseReimportSeries); math.Abs(got-2) > 1e-9 {
		t.Errorf("even rounds: ratio = %v, want 2", got)
	}
	if got := r.ratio(caseChangedDate, caseChangedSeries); got != 0 {
		t.Errorf("cases that did not run: ratio = %v, want 0", got)
	}
}

// TestRunsOfARoundKeepTheMedian: a round's health runs count as one run
// of their median wall time and their highest RSS, the last one's output
// kept for the check. By hand: 30, 10, 20, 50 and 40 ms sort to 10, 20,
// 30, 40, 50: the median is 30 ms; four runs of 10, 20, 30 and 40 ms give
// (20 + 30) / 2 = 25 ms.
func TestRunsOfARoundKeepTheMedian(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var rs runs
	for i, w := range []int{30, 10, 20, 50, 40} {
		rs = append(rs, run{wall: ms(w), rssKB: int64([]int{500, 900, 700, 600, 800}[i]), out: fmt.Sprintf("out-%d", i)})
	}
	if one := rs.one(); one.wall != ms(30) || one.rssKB != 900 || one.out != "out-4" || rs.last() != "out-4" {
		t.Errorf("five runs: %v, %d kB, %q (last %q); want 30ms, 900 kB, out-4", one.wall, one.rssKB, one.out, rs.last())
	}
	if one := (runs{{wall: ms(10)}, {wall: ms(40)}, {wall: ms(20)}, {wall: ms(30)}}).one(); one.wall != ms(25) {
		t.Errorf("four runs: %v, want 25ms", one.wall)
	}
	if one := (runs{}).one(); one.wall != 0 || (runs{}).last() != "" {
		t.Errorf("no run: %+v", one)
	}
}

// TestShortPairCountsRunsAfterTheWarmUp: each side runs warmReps +
// shortReps times, alternating which goes first; only the runs after the
// warm-up are returned (the first side's walls here are 1, 2, ... ms in
// the order run, so the counted ones are warmReps+1 to warmReps+shortReps
// ms), and every output but the last of each side's counted runs is
// removed.
func TestShortPairCountsRunsAfterTheWarmUp(t *testing.T) {
	dir := t.TempDir()
	var order []string
	var left [2]int // the most outputs of its side a run found on disk as it started
	side := func(name string) func() (run, error) {
		n := 0
		return func() (run, error) {
			n++
			order = append(order, name)
			i := 0
			if name == "theirs" {
				i = 1
			}
			found, err := filepath.Glob(filepath.Join(dir, name+"-*"))
			if err != nil {
				return run{}, err
			}
			left[i] = max(left[i], len(found)+1)
			f := filepath.Join(dir, fmt.Sprintf("%s-%d", name, n))
			if err := os.WriteFile(f, nil, 0o600); err != nil {
				return run{}, err
			}
			return run{wall: time.Duration(n) * time.Millisecond, out: f}, nil
		}
	}
	ours, theirs, err := shortPair(0, "ours", side("ours"), "theirs", side("theirs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ours) != shortReps || len(theirs) != shortReps {
		t.Fatalf("counted %d and %d runs, want %d each", len(ours), len(theirs), shortReps)
	}
	for i, r := range ours {
		if want := time.Duration(warmReps+1+i) * time.Millisecond; r.wall != want {
			t.Errorf("counted run %d took %v, want %v (the warm-up counted?)", i, r.wall, want)
		}
	}
	if len(order) != 2*(warmReps+shortReps) || order[0] != "ours" || order[2] != "theirs" {
		t.Errorf("runs went %v; want the sides alternating which goes first", order)
	}
	if max(left[0], left[1]) > 1 {
		t.Errorf("a run started with %d outputs of its side on disk; want only its own, every output removed as its run ends but the last", max(left[0], left[1]))
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range files {
		names = append(names, e.Name())
	}
	want := []string{fmt.Sprintf("ours-%d", warmReps+shortReps), fmt.Sprintf("theirs-%d", warmReps+shortReps)}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("outputs left %v, want %v", names, want)
	}
}

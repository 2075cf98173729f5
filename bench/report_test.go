package main

import (
	"os"
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

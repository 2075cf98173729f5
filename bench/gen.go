package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The benchmark data set, scaled: pilots × 3 rings × 12 metrics × 366
// days (76 pilots: 1,001,376 rows; 759 pilots: 10,000,584 rows).
const (
	numMetrics = 12
	numDays    = 366
	rowsPilot  = 3 * numMetrics * numDays // rows of one pilot
)

var benchRings = []string{"pilot", "canary", "broad"}

// firstDay is the first generated day; 366 days from it end on 2027-01-01.
var firstDay = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// lastDay is the day the data ends, used as --as-of for health.
func lastDay() string { return firstDay.AddDate(0, 0, numDays-1).Format("2006-01-02") }

// pilotsFor is how many pilots carry about rows rows (at least one).
func pilotsFor(rows int) int { return max(1, int(math.Round(float64(rows)/rowsPilot))) }

func pilotSlug(p int) string    { return fmt.Sprintf("bench-pilot-%04d", p) }
func metricKey(m int) string    { return fmt.Sprintf("metric_%02d", m) }
func wantRows(pilots int) int   { return pilots * rowsPilot }
func level(p, r, m int) float64 { return 10 + float64((p*7+r*3+m*5)%40) }
func value(p, r, m, d int) float64 {
	return math.Round((level(p, r, m)+2*math.Sin(float64(d+m)/9))*10) / 10
}

// writeCSV writes the long-form file with a pilot column for the first
// pilots pilots. byDate sorts it by date, as an export from a reporting
// tool would be; otherwise by series (pilot, ring, metric), then date.
// Values are deterministic: a level per series plus a small wave, with one
// decimal.
func writeCSV(path string, pilots int, byDate bool) (int, error) {
	return writeDaysCSV(path, pilots, firstDay, numDays, byDate)
}

// writeDaysCSV is writeCSV over span days from first.
func writeDaysCSV(path string, pilots int, first time.Time, span int, byDate bool) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "date,pilot,ring,metric,value")
	rows := 0
	buf := make([]byte, 0, 96)
	days := make([]string, span)
	for d := range days {
		days[d] = first.AddDate(0, 0, d).Format("2006-01-02")
	}
	row := func(d, p, r, m int) {
		buf = buf[:0]
		buf = append(buf, days[d]...)
		buf = append(buf, ',')
		buf = append(buf, pilotSlug(p)...)
		buf = append(buf, ',')
		buf = append(buf, benchRings[r]...)
		buf = append(buf, ',')
		buf = append(buf, metricKey(m)...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, value(p, r, m, d), 'f', -1, 64)
		buf = append(buf, '\n')
		w.Write(buf)
		rows++
	}
	if byDate {
		for d := range span {
			for p := range pilots {
				for r := range benchRings {
					for m := range numMetrics {
						row(d, p, r, m)
					}
				}
			}
		}
	} else {
		for p := range pilots {
			for r := range benchRings {
				for m := range numMetrics {
					for d := range span {
						row(d, p, r, m)
					}
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return rows, err
	}
	return rows, f.Close()
}

// writePortfolio writes pilots pilots with the KPIs the CSV refers to, in
// the format of docs/portfolio.md. Each KPI states its baseline, so health
// judges every ring×KPI.
func writePortfolio(path string, pilots int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "pilots:")
	for p := range pilots {
		fmt.Fprintf(w, "  - slug: %s\n    name: Benchmark pilot %d\n    stage: pilot\n", pilotSlug(p), p)
		fmt.Fprintln(w, "    rings:")
		for _, r := range benchRings {
			fmt.Fprintf(w, "      - {name: %s, status: active, start: 2026-01-01}\n", r)
		}
		fmt.Fprintln(w, "    kpis:")
		for m := range numMetrics {
			fmt.Fprintf(w, "      - {key: %s, name: Metric %d, unit: min, better: lower, baseline: %g, target: \"<= +5%%\", warning: \"<= +10%%\", rollback: \"> +20%%\", critical: %v}\n",
				metricKey(m), m, level(p, 0, m), m%3 != 0)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeChanged writes src with its last value one more: the same file
// but for one byte or two, which an import must read whole.
func writeChanged(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	text := strings.TrimRight(string(b), "\n")
	i := strings.LastIndexByte(text, ',')
	v, err := strconv.ParseFloat(text[i+1:], 64)
	if err != nil {
		return fmt.Errorf("%s: last value %q: %v", src, text[i+1:], err)
	}
	text = text[:i+1] + strconv.FormatFloat(v+1, 'f', -1, 64) + "\n"
	return os.WriteFile(dst, []byte(text), 0o644)
}

// The "import at 100,000 series" case: series100kPilots pilots of the
// bench's shape (3 rings × 12 metrics: 100,008 series), series100kDays
// days each, ending on the bench's last day (1,000,080 rows).
const (
	series100kPilots = 2778
	series100kDays   = 10
)

// series100kFiles names the case's files in a folder.
type series100kFiles struct{ yaml, bySeries, byDate string }

func series100kIn(dir string) series100kFiles {
	w := func(name string) string { return filepath.Join(dir, name) }
	return series100kFiles{w("series100k.yaml"), w("series100k-by-series.csv"), w("series100k-by-date.csv")}
}

// writeSeries100k writes the case's portfolio and its rows in both orders.
func writeSeries100k(f series100kFiles) error {
	if err := writePortfolio(f.yaml, series100kPilots); err != nil {
		return err
	}
	first := firstDay.AddDate(0, 0, numDays-series100kDays)
	for _, c := range []struct {
		path   string
		byDate bool
	}{{f.bySeries, false}, {f.byDate, true}} {
		rows, err := writeDaysCSV(c.path, series100kPilots, first, series100kDays, c.byDate)
		if err != nil {
			return err
		}
		if want := series100kPilots * len(benchRings) * numMetrics * series100kDays; rows != want {
			return fmt.Errorf("generated %d rows, want %d", rows, want)
		}
	}
	return nil
}

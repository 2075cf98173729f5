// Command bench measures ringside at scale and against the sqlite3
// command-line shell: a metrics file of the benchmark shape (pilots × 3 rings ×
// 12 metrics × 366 days; 76 pilots make 1,001,376 rows, 759 make 10.0M)
// imported sorted by date and sorted by series, each imported again
// unchanged; health over the pilots against the shell's naive aggregate;
// and a portfolio of many pilots: apply, health without data against 10
// pilots, export, and the cockpit's dashboard; and a larger portfolio
// (4,000 pilots) applied, judged and exported for its peak RSS; and a
// first import of 100,008 series (2,778 pilots × 10 days) for its peak
// RSS (-series100k=false leaves it out). Whole process against whole
// process; the two sides of a comparison run one after the other in each
// round, and a ratio is the median of the rounds' ratios; peak RSS and the
// machine's load noted.
// Run it from the module root:
//
//	go run ./bench                      # 1M rows, 1,000- and 4,000-pilot portfolios, 3 rounds, writes bench/RESULTS.md
//	go run ./bench -rows 10000000       # the 10M case (minutes)
//	go run ./bench -rounds 5 -keep      # more rounds; keep the work folder
//	go run ./bench -write100k DIR       # only write the 100,000-series case's files
//
// It needs the sqlite3 shell on PATH (apt-get install sqlite3).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

func main() {
	rounds := flag.Int("rounds", 3, "rounds to measure (the median is reported; 1 gives one round's figures, for the 10M case on a machine that has the time for one)")
	dir := flag.String("dir", "", "work folder for the data and databases (default: a new temporary folder)")
	keep := flag.Bool("keep", false, "keep the work folder")
	sqlite := flag.String("sqlite3", "sqlite3", "the sqlite3 shell to compare with")
	out := flag.String("o", "bench/RESULTS.md", "where to write the results (\"\" for nowhere)")
	rows := flag.Int("rows", 1001376, "metric rows, as whole pilots of 13,176 rows (10000000 for the 10M case)")
	portfolio := flag.Int("portfolio", 1000, "pilots of the portfolio cases (apply, health, export, dashboard)")
	large := flag.Int("portfolio-large", 4000, "pilots of the large portfolio cases (apply, health, export: their peak RSS); 0 leaves them out")
	dashboard := flag.Bool("dashboard", true, "also run the cockpit's DashboardStartup benchmark")
	series100k := flag.Bool("series100k", true, "also import 100,008 series (2,778 pilots × 36 series × 10 days) and note its peak RSS")
	write100k := flag.String("write100k", "", "only write that case's files (series100k.yaml, series100k-by-series.csv, series100k-by-date.csv) into this folder, and exit")
	flag.Parse()
	if *write100k != "" {
		if err := os.MkdirAll(*write100k, 0o755); err != nil {
			fail(err.Error())
		}
		if err := writeSeries100k(series100kIn(*write100k)); err != nil {
			fail(err.Error())
		}
		return
	}
	if *rounds < 1 {
		fail("-rounds must be at least 1 (3 or more for a median)")
	}
	shell, err := exec.LookPath(*sqlite)
	if err != nil {
		fail("the sqlite3 shell is needed for the comparison: install it (apt-get install sqlite3) or pass -sqlite3 PATH")
	}
	work := *dir
	if work == "" {
		if work, err = os.MkdirTemp("", "ringside-bench-"); err != nil {
			fail(err.Error())
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		fail(err.Error())
	}
	if !*keep {
		defer os.RemoveAll(work) // also before exit 1, below
	}
	root, err := moduleRoot()
	if err != nil {
		fail(err.Error())
	}
	if *portfolio < 10 {
		fail("-portfolio must be at least 10 (its health is compared with 10 pilots')")
	}
	if *large != 0 && *large < 10 {
		fail("-portfolio-large must be 0 (left out) or at least 10")
	}
	b := &bench{work: work, shell: shell, root: root, pilots: pilotsFor(*rows), portfolio: max(*portfolio, pilotsFor(*rows)), large: *large, dashboard: *dashboard, do100k: *series100k}
	if err := b.prepare(); err != nil {
		fail(err.Error())
	}
	// The files just generated and built (some 300 MB at the 1M case)
	// are written back before the rounds, not 30 s into the first: at
	// 05:16 UTC, 2026-12-02, the first round's health runs waited (a
	// thousand pilots' 43-59 ms wall for 27-35 ms of CPU, ten pilots'
	// 17-25 ms for 10-14 ms) where the next rounds' did not.
	syscall.Sync()
	res, err := b.measure(*rounds)
	if err != nil {
		fail(err.Error())
	}
	res.machine = machine(shell)
	res.floorKB = b.floorKB
	res.command = fmt.Sprintf("go run ./bench -rounds %d -rows %d -portfolio %d -portfolio-large %d", *rounds, wantRows(b.pilots), b.portfolio, b.large)
	if !*dashboard {
		res.command += " -dashboard=false"
	}
	if !*series100k {
		res.command += " -series100k=false"
	}
	fmt.Print(res.text())
	if *out != "" {
		path := *out
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path) // relative to the module, wherever the bench runs from
		}
		if err := os.WriteFile(path, []byte(res.markdown()), 0o644); err != nil {
			fail(err.Error())
		}
		fmt.Println("wrote", *out)
	}
	if *keep {
		fmt.Println("work folder:", work)
	}
	if !res.ok() {
		if !*keep {
			os.RemoveAll(work)
		}
		os.Exit(1)
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(2)
}

// moduleRoot is the folder of ringside's go.mod.
func moduleRoot() (string, error) {
	outb, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(outb))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the bench from inside the ringside module (go run ./bench)")
	}
	return filepath.Dir(mod), nil
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type bench struct {
	work, shell, root  string
	pilots, portfolio  int    // pilots with metric rows; pilots of the portfolio cases
	large              int    // pilots of the large portfolio cases (0: left out)
	byDate, bySeries   string // the same rows sorted by date, and by series
	byDate1, bySeries1 string // the same, with the last value changed
	yaml, bigYAML      string // the metric pilots; the portfolio's pilots
	smallYAML          string // the first 10 of them
	largeYAML          string // the large portfolio's pilots
	bin, uiTest        string
	template           string // a database with the metric pilots applied, copied per round
	dashboard          bool
	do100k             bool            // run the case "import at 100,000 series"
	s100k              series100kFiles // its files
	template100k       string          // a database with its pilots applied
	floorKB            int64           // the bench's own RSS when it starts a command, at most
}

// run is one measured child process.
type run struct {
	wall  time.Duration
	cpu   time.Duration // user + system, of the child
	rssKB int64
	out   string // the file holding its standard output
}

// cliAggregate is the naive query a user of the shell would write: per
// pilot × ring × metric, the latest day and the mean of the 7 days up to it.
const cliAggregate = `SELECT l.pilot, l.ring, l.metric, l.d, avg(m.value)
FROM (SELECT pilot, ring, metric, max(date) AS d FROM m GROUP BY pilot, ring, metric) AS l
JOIN m ON m.pilot = l.pilot AND m.ring = l.ring AND m.metric = l.metric
 AND m.date > date(l.d, '-7 days') AND m.date <= l.d
GROUP BY l.pilot, l.ring, l.metric;`

// prepare writes the data, builds ringside (and the cockpit's benchmark)
// and applies the pilots once.
func (b *bench) prepare() error {
	w := func(name string) string { return filepath.Join(b.work, name) }
	b.byDate, b.bySeries = w("metrics-by-date.csv"), w("metrics-by-series.csv")
	b.byDate1, b.bySeries1 = w("metrics-by-date-1.csv"), w("metrics-by-series-1.csv")
	b.yaml, b.bigYAML, b.smallYAML = w("pilots.yaml"), w("portfolio.yaml"), w("portfolio-10.yaml")
	b.largeYAML = w("portfolio-large.yaml")
	b.bin, b.uiTest, b.template = w("ringside"), w("ui.test"), w("template.db")
	for _, f := range []struct {
		path   string
		byDate bool
	}{{b.byDate, true}, {b.bySeries, false}} {
		fmt.Println("generating", f.path)
		rows, err := writeCSV(f.path, b.pilots, f.byDate)
		if err != nil {
			return err
		}
		if rows != wantRows(b.pilots) {
			return fmt.Errorf("generated %d rows, want %d", rows, wantRows(b.pilots))
		}
	}
	for _, f := range [][2]string{{b.byDate1, b.byDate}, {b.bySeries1, b.bySeries}} {
		if err := writeChanged(f[0], f[1]); err != nil {
			return err
		}
	}
	for _, y := range []struct {
		path string
		n    int
	}{{b.yaml, b.pilots}, {b.bigYAML, b.portfolio}, {b.smallYAML, 10}, {b.largeYAML, b.large}} {
		if y.n == 0 {
			continue
		}
		if err := writePortfolio(y.path, y.n); err != nil {
			return err
		}
	}
	fmt.Println("building ringside")
	build := exec.Command("go", "build", "-o", b.bin, ".")
	build.Dir, build.Stdout, build.Stderr = b.root, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %v", err)
	}
	if b.dashboard {
		build := exec.Command("go", "test", "-c", "-o", b.uiTest, "./ui")
		build.Dir, build.Stdout, build.Stderr = b.root, os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go test -c ./ui: %v", err)
		}
	}
	if _, err := b.exec(nil, 0, b.bin, "--db", b.template, "apply", "-f", b.yaml); err != nil {
		return err
	}
	if b.do100k {
		fmt.Println("generating the 100,000-series files")
		b.s100k, b.template100k = series100kIn(b.work), w("template-100k.db")
		if err := writeSeries100k(b.s100k); err != nil {
			return err
		}
		if _, err := b.exec(nil, 0, b.bin, "--db", b.template100k, "apply", "-f", b.s100k.yaml); err != nil {
			return err
		}
	}
	return nil
}

// exec runs a command and measures its wall time and peak RSS. Exit code
// okCode (besides 0) counts as success: health exits 1 when a ring fails.
// Its standard output goes to a file (run.out), so the bench itself stays
// small: Linux counts the starting process's peak RSS into the child's
// (ru_maxrss survives exec), so the bench drops its own peak first.
func (b *bench) exec(stdin io.Reader, okCode int, name string, args ...string) (run, error) {
	out, err := os.CreateTemp(b.work, "stdout-*")
	if err != nil {
		return run{}, err
	}
	defer out.Close()
	cmd := exec.Command(name, args...)
	var errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, out, &errb
	// A fixed clock: the evaluation day is the data's last day.
	cmd.Env = append(os.Environ(), "RINGSIDE_NOW="+lastDay()+"T12:00:00Z", "TZ=UTC")
	b.noteFloor(dropPeakRSS())
	start := time.Now()
	err = cmd.Run()
	r := run{wall: time.Since(start), out: out.Name()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssKB = ru.Maxrss // kilobytes on Linux
		}
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || okCode == 0 || ee.ExitCode() != okCode {
			return r, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.String())
		}
	}
	return r, nil
}

// dropPeakRSS returns memory to the system and resets this process's peak
// RSS (clear_refs 5, Linux 4.0+), returning the RSS left in kB: the least
// a child started now can be reported to use.
func dropPeakRSS() int64 {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb
		}
	}
	return 0
}

func (b *bench) noteFloor(kb int64) { b.floorKB = max(b.floorKB, kb) }

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// shortReps is how many times each side of a comparison of health runs
// runs in a round, one right after the other, alternating which goes
// first; the round keeps each side's median. A run of a few tens of
// milliseconds moves by a third from one run to the next on this
// machine (the same thousand-pilot health took 21, 29 and 27 ms in the
// three rounds of 01:45 UTC, 2026-12-02), and one run a round handed
// that to the ratio whole.
const shortReps = 5

// warmReps is how many runs of each side of a health comparison go
// before its shortReps, printed and not counted. On this machine (a VM
// whose freed memory goes back to its host) a run that needs memory
// right after a pause or another program's work pays for pages the host
// must give again: at 04:28 UTC, 2026-12-02, Python writing the same
// 16 MB to a new file took 55-92 ms in 14 of 24 writes made after a
// pause of 1-2 s (the others 4-25 ms), and 5-7 ms back to back (but for
// the very first two, 67 and 74 ms); in the bench's round after
// `apply`, the first two to four of a thousand pilots' health runs took
// 52-94 ms and the next 16-21 ms, the ten pilots' 8-10 ms throughout
// (04:13 UTC). The cost fades over three or four runs, not two: with two
// warm-up runs, in the bench's rounds of 05:44-05:47 UTC the thousand
// pilots' runs took (wall/CPU, ms) 69/73 and 45/51 in the warm-up, then
// 32/33, 32/37, 18/22, 18/21, 18/22; 84/82 and 121/89, then 51/31,
// 38/27, 26/24, 21/23, 34/33; the ten pilots' 9-15 ms throughout; the
// slow runs' CPU rising with their wall is the memory's cost, not a
// wait. The warm-up takes that cost, which is the machine's and not
// ringside's, out of the per-pilot comparison.
const warmReps = 4

// shortPair runs the two sides of a health comparison warmReps +
// shortReps times each, one after the other, alternating which goes
// first, prints every run's wall time (the warm-up's too) and returns
// the runs counted. Each run's output is removed as soon as it ends, but
// for each side's last (kept for the check). Outputs left to
// pile up made the next runs slow: a thousand pilots' health writes 16
// MB, and its fourth and fifth runs of a round took 52–54 ms against
// 14–15 (the walls printed by round, 02:10 UTC), the 10 pilots' not at
// all; and removed only once the next run was done, the next run's 16 MB
// went into memory new to the process rather than the pages just given
// back: a thousand pilots' health 22.6 and 24.1 ms against 21.4 and 20.2
// removed as soon as it ended (a Go loop of 21 runs a side, 05:19 UTC).
func shortPair(round int, ourName string, ours func() (run, error), theirName string, theirs func() (run, error)) (our, their runs, err error) {
	var warmOur, warmTheir runs
	side := func(rs *runs, last bool, f func() (run, error)) func() error {
		return func() error {
			r, err := f()
			if *rs = append(*rs, r); !last {
				os.Remove(r.out)
			}
			return err
		}
	}
	for i := range warmReps + shortReps {
		o, t := &our, &their
		if i < warmReps {
			o, t = &warmOur, &warmTheir
		}
		last := i == warmReps+shortReps-1
		err := alternate(round+i, side(o, last, ours), side(t, last, theirs))
		if err != nil {
			our.remove()
			their.remove()
			return nil, nil, err
		}
	}
	fmt.Printf("  %s: warm-up %s, then %s; %s: warm-up %s, then %s\n", ourName, warmOur.walls(), our.walls(), theirName, warmTheir.walls(), their.walls())
	return our, their, nil
}

// runs are one case's runs within a round.
type runs []run

// one is the round's run: the median wall time, the highest RSS, and
// the last run's output.
func (rs runs) one() run {
	if len(rs) == 0 {
		return run{}
	}
	walls := make([]time.Duration, len(rs))
	out := run{out: rs[len(rs)-1].out}
	for i, r := range rs {
		walls[i] = r.wall
		out.rssKB = max(out.rssKB, r.rssKB)
	}
	out.wall = median(walls)
	return out
}

// walls is the runs' wall times in milliseconds, in the order they ran,
// each with its CPU time (user + system) after a slash: a run slow for
// the work it did (CPU up with it) or for waiting (CPU not).
func (rs runs) walls() string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%.1f/%.1f", float64(r.wall.Microseconds())/1000, float64(r.cpu.Microseconds())/1000)
	}
	return b.String() + " ms"
}

// last is the output of the last run.
func (rs runs) last() string {
	if len(rs) == 0 {
		return ""
	}
	return rs[len(rs)-1].out
}

// remove deletes the output kept (the last run's).
func (rs runs) remove() {
	if len(rs) > 0 {
		os.Remove(rs[len(rs)-1].out)
	}
}

// ringside runs ringside on db and records the run under name.
func (b *bench) ringside(res *results, name string, okCode int, db string, args ...string) (run, error) {
	r, err := b.exec(nil, okCode, b.bin, append([]string{"--db", db}, args...)...)
	if err == nil {
		res.add(name, r)
	}
	os.Remove(r.out)
	return r, err
}

// measure runs the rounds: the two sides of each comparison one after
// the other, alternating which goes first from round to round.
func (b *bench) measure(rounds int) (*results, error) {
	res := &results{rows: wantRows(b.pilots), pilots: b.pilots, portfolio: b.portfolio, large: b.large, series: b.pilots * len(benchRings) * numMetrics}
	if b.do100k { // the case "import at 100,000 series"
		res.series = max(res.series, series100kPilots*len(benchRings)*numMetrics)
	}
	db, cli := filepath.Join(b.work, "ringside.db"), filepath.Join(b.work, "cli.db")
	seriesDB := filepath.Join(b.work, "series.db")
	importScript := fmt.Sprintf("CREATE TABLE m(date, pilot, ring, metric, value, UNIQUE(pilot, ring, metric, date));\n.mode csv\n.import --skip 1 %s m\n", b.byDate)
	asOf := lastDay()
	for round := range rounds {
		res.load = append(res.load, loadAverage())
		for _, f := range []string{db, cli, seriesDB} {
			removeDB(f)
		}
		if err := copyFile(db, b.template); err != nil {
			return nil, err
		}
		if err := copyFile(seriesDB, b.template); err != nil {
			return nil, err
		}
		// The two first imports one after the other, then the shell's;
		// each pair alternates which side goes first from round to round.
		imports := func() error {
			return alternate(round, func() error {
				_, err := b.ringside(res, caseImportDate, 0, db, "import", "metrics", b.byDate)
				return err
			}, func() error {
				_, err := b.ringside(res, caseImportSeries, 0, seriesDB, "import", "metrics", b.bySeries)
				return err
			})
		}
		theirs := func() error {
			r, err := b.exec(strings.NewReader(importScript), 0, b.shell, cli)
			res.add(caseCLIImport, r)
			return err
		}
		if err := alternate(round, imports, theirs); err != nil {
			return nil, err
		}
		// Health and the aggregate shortReps times each, one after the
		// other; the round keeps each side's median, and the last run's
		// outputs are checked.
		healthRuns, aggRuns, err := shortPair(round, caseHealth, func() (run, error) {
			return b.exec(nil, 1, b.bin, "--db", db, "--as-of", asOf, "health", "--json")
		}, caseCLIHealth, func() (run, error) {
			return b.exec(strings.NewReader(cliAggregate), 0, b.shell, cli)
		})
		if err != nil {
			return nil, err
		}
		res.add(caseHealth, healthRuns.one())
		res.add(caseCLIHealth, aggRuns.one())
		if err := b.check(db, healthRuns.last(), aggRuns.last()); err != nil {
			return nil, err
		}
		healthRuns.remove()
		aggRuns.remove()
		// Each date-order run beside its series-order twin. A file that
		// differs in one value is read whole; the next round starts from
		// fresh copies.
		pairs := []struct {
			date, series string
			byDate       string
			bySeries     string
		}{
			{caseReimportDate, caseReimportSeries, b.byDate, b.bySeries},
			{caseChangedDate, caseChangedSeries, b.byDate1, b.bySeries1},
		}
		for _, p := range pairs {
			err := alternate(round, func() error {
				_, err := b.ringside(res, p.date, 0, db, "import", "metrics", p.byDate)
				return err
			}, func() error {
				_, err := b.ringside(res, p.series, 0, seriesDB, "import", "metrics", p.bySeries)
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		if err := b.portfolioRound(res, round, db); err != nil {
			return nil, err
		}
		if b.do100k {
			// A first import of 100,008 series, for its peak RSS.
			db100k := filepath.Join(b.work, "series100k.db")
			removeDB(db100k)
			if err := copyFile(db100k, b.template100k); err != nil {
				return nil, err
			}
			if _, err := b.ringside(res, caseImport100k, 0, db100k, "import", "metrics", b.s100k.bySeries); err != nil {
				return nil, err
			}
			removeDB(db100k)
		}
		fmt.Printf("round %d (load %s): %s\n", round+1, res.load[round], res.roundLine(round))
	}
	return res, nil
}

// portfolioRound measures the portfolio cases: apply of the whole
// portfolio to a new database, health over its pilots (no observations)
// against health over 10 pilots, export, and the cockpit's dashboard on
// the metrics database with the portfolio applied over it.
func (b *bench) portfolioRound(res *results, round int, metricsDB string) error {
	big, small := filepath.Join(b.work, "portfolio.db"), filepath.Join(b.work, "portfolio-10.db")
	removeDB(big)
	removeDB(small)
	if _, err := b.ringside(res, caseApply, 0, big, "apply", "-f", b.bigYAML); err != nil {
		return err
	}
	if _, err := b.exec(nil, 0, b.bin, "--db", small, "apply", "-f", b.smallYAML); err != nil {
		return err
	}
	bigRuns, smallRuns, err := shortPair(round, casePortfolioHealth, func() (run, error) {
		return b.exec(nil, 1, b.bin, "--db", big, "health", "--json")
	}, caseSmallHealth, func() (run, error) {
		return b.exec(nil, 1, b.bin, "--db", small, "health", "--json")
	})
	if err != nil {
		return err
	}
	res.add(casePortfolioHealth, bigRuns.one())
	res.add(caseSmallHealth, smallRuns.one())
	bigRuns.remove()
	smallRuns.remove()
	if _, err := b.ringside(res, caseExport, 0, big, "export", "portfolio", "-o", filepath.Join(b.work, "export.yaml")); err != nil {
		return err
	}
	if err := b.largeRound(res); err != nil {
		return err
	}
	if !b.dashboard {
		return nil
	}
	if _, err := b.exec(nil, 0, b.bin, "--db", metricsDB, "apply", "-f", b.bigYAML); err != nil {
		return err
	}
	cmd := exec.Command(b.uiTest, "-test.run", "^$", "-test.bench", "DashboardStartup", "-test.benchtime", "5x")
	cmd.Dir = filepath.Join(b.root, "ui")
	cmd.Env = append(os.Environ(), "RINGSIDE_BENCH_DB="+metricsDB, "TZ=UTC")
	b.noteFloor(dropPeakRSS())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("DashboardStartup: %v\n%s", err, out)
	}
	var rssKB int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssKB = ru.Maxrss
		}
	}
	for _, sub := range []struct{ name, bench string }{{caseDashboard, "rows"}, {caseDashboardFilled, "filled"}} {
		m := regexp.MustCompile(`DashboardStartup/` + sub.bench + `\S*\s+\d+\s+(\d+(?:\.\d+)?) ns/op\s+(\d+(?:\.\d+)?) cpu-ms/op`).FindSubmatch(out)
		if m == nil {
			return fmt.Errorf("DashboardStartup/%s printed no ns/op and cpu-ms/op:\n%s", sub.bench, out)
		}
		ns, _ := strconv.ParseFloat(string(m[1]), 64)
		cpu, _ := strconv.ParseFloat(string(m[2]), 64)
		res.add(sub.name, run{wall: time.Duration(ns), rssKB: rssKB})
		res.addCPU(sub.name, time.Duration(cpu*float64(time.Millisecond)))
	}
	return nil
}

// largeRound measures the large portfolio (-portfolio-large): apply to a
// new database, health without data and export, each for its peak RSS
// (the 64 MB target holds at 4,000 pilots).
func (b *bench) largeRound(res *results) error {
	if b.large == 0 {
		return nil
	}
	db := filepath.Join(b.work, "portfolio-large.db")
	removeDB(db)
	defer removeDB(db)
	if _, err := b.ringside(res, caseApplyLarge, 0, db, "apply", "-f", b.largeYAML); err != nil {
		return err
	}
	if _, err := b.ringside(res, caseHealthLarge, 1, db, "health", "--json"); err != nil {
		return err
	}
	out := filepath.Join(b.work, "export-large.yaml")
	defer os.Remove(out)
	_, err := b.ringside(res, caseExportLarge, 0, db, "export", "portfolio", "-o", out)
	return err
}

func alternate(round int, ours, theirs func() error) error {
	first, second := ours, theirs
	if round%2 == 1 {
		first, second = theirs, ours
	}
	if err := first(); err != nil {
		return err
	}
	return second()
}

// check makes sure both sides did the whole job: every row stored, a
// verdict for every ring × KPI, an aggregate row for every series.
func (b *bench) check(db, healthFile, aggFile string) error {
	healthOut, err := os.ReadFile(healthFile)
	if err != nil {
		return err
	}
	aggOut, err := os.ReadFile(aggFile)
	if err != nil {
		return err
	}
	out, err := exec.Command(b.shell, db, "SELECT count(*) FROM observations").Output()
	if err != nil {
		return fmt.Errorf("count observations: %v", err)
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); n != wantRows(b.pilots) {
		return fmt.Errorf("ringside stored %d observations, want %d", n, wantRows(b.pilots))
	}
	var h struct {
		Pilots []struct {
			Rings []struct {
				KPIs []struct {
					Current *float64 `json:"current"`
				} `json:"kpis"`
			} `json:"rings"`
		} `json:"pilots"`
	}
	if err := json.Unmarshal(healthOut, &h); err != nil {
		return fmt.Errorf("health --json: %v", err)
	}
	judged := 0
	for _, p := range h.Pilots {
		for _, r := range p.Rings {
			for _, k := range r.KPIs {
				if k.Current != nil {
					judged++
				}
			}
		}
	}
	series := b.pilots * len(benchRings) * numMetrics
	if judged != series {
		return fmt.Errorf("health judged %d ring × KPI with data, want %d", judged, series)
	}
	if n := bytes.Count(aggOut, []byte("\n")); n != series {
		return fmt.Errorf("the sqlite3 aggregate returned %d rows, want %d", n, series)
	}
	return nil
}

// loadAverage is the machine's 1-minute load average (from /proc/loadavg),
// noted with every round: the machine may be shared.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

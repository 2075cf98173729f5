package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The measured cases, by name.
const (
	caseImportDate      = "import, date order"
	caseCLIImport       = "sqlite3 .import"
	caseHealth          = "health, metric pilots"
	caseCLIHealth       = "sqlite3 aggregate"
	caseReimportDate    = "re-import unchanged, date order"
	caseImportSeries    = "import, series order"
	caseReimportSeries  = "re-import unchanged, series order"
	caseChangedDate     = "re-import, last value changed, date order"
	caseChangedSeries   = "re-import, last value changed, series order"
	caseApply           = "apply portfolio"
	casePortfolioHealth = "health, portfolio (no data)"
	caseSmallHealth     = "health, 10 pilots (no data)"
	caseExport          = "export portfolio"
	caseApplyLarge      = "apply portfolio, large"
	caseHealthLarge     = "health, large portfolio (no data)"
	caseExportLarge     = "export portfolio, large"
	caseDashboard       = "dashboard startup to rows (in process)"
	caseDashboardFilled = "dashboard startup to every verdict (in process)"
	caseImport100k      = "import at 100,000 series, series order"
)

// Targets the benchmark holds ringside to.
const (
	importTarget      = 0.5 // series-ordered import ≤ 0.5 × sqlite3 .import
	orderTarget       = 1.3 // date order ≤ 1.3 × series order, import and re-import
	unchangedTarget   = 0.1 // an unchanged re-import ≤ 0.1 × a first import
	healthTarget      = 0.1 // health ≤ 0.1 × the naive aggregate
	perPilotTarget    = 2.0 // health of the portfolio ≤ 2 × health of 10 pilots
	rssTargetMB       = 64  // every command's peak RSS
	dashboardTargetMS = 150 // the dashboard of the portfolio over the metrics
)

type measurements struct {
	walls []time.Duration
	rssKB []int64
	cpu   []time.Duration // CPU time per operation, where measured
}

type results struct {
	rows, pilots, portfolio int
	large                   int // pilots of the large portfolio (0: not run)
	series                  int // the most series an import measured held
	cases                   map[string]*measurements
	load                    []string // 1-minute load average at the start of each round
	floorKB                 int64    // the bench's own RSS when it started a command, at most
	machine, command        string
}

func (r *results) addCPU(name string, d time.Duration) {
	if m := r.cases[name]; m != nil {
		m.cpu = append(m.cpu, d)
	}
}

func (r *results) add(name string, x run) {
	if r.cases == nil {
		r.cases = map[string]*measurements{}
	}
	m := r.cases[name]
	if m == nil {
		m = &measurements{}
		r.cases[name] = m
	}
	m.walls = append(m.walls, x.wall)
	m.rssKB = append(m.rssKB, x.rssKB)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// med is the median wall time of a case (0 when it did not run).
func (r *results) med(name string) time.Duration {
	if m := r.cases[name]; m != nil {
		return median(m.walls)
	}
	return 0
}

// ratio compares case a with case b: the median over the rounds of each
// round's a ÷ b. The two sides of every comparison run one after the
// other in each round (bench.measure), so a round in which the machine
// was slower for both cancels out, where the ratio of the two medians
// would pair one round's a with another round's b. 0 when b did not run.
func (r *results) ratio(a, b string) float64 {
	xs := r.roundRatios(a, b)
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

// roundRatios is a ÷ b round by round, over the rounds both ran.
func (r *results) roundRatios(a, b string) []float64 {
	ma, mb := r.cases[a], r.cases[b]
	if ma == nil || mb == nil {
		return nil
	}
	var xs []float64
	for i := range min(len(ma.walls), len(mb.walls)) {
		if mb.walls[i] > 0 {
			xs = append(xs, ma.walls[i].Seconds()/mb.walls[i].Seconds())
		}
	}
	return xs
}

// medianRatio is the ratio of the two cases' medians, shown beside ratio.
func (r *results) medianRatio(a, b string) float64 {
	if r.med(b) == 0 {
		return 0
	}
	return r.med(a).Seconds() / r.med(b).Seconds()
}

// peakMB is a case's highest RSS over the rounds.
func (r *results) peakMB(name string) float64 {
	if m := r.cases[name]; m != nil && len(m.rssKB) > 0 {
		return float64(slices.Max(m.rssKB)) / 1024
	}
	return 0
}

// ringsideCases are the cases that run ringside, whose RSS is held to the target.
var ringsideCases = []string{caseImportDate, caseReimportDate, caseChangedDate, caseImportSeries, caseReimportSeries, caseChangedSeries, caseHealth,
	caseApply, casePortfolioHealth, caseSmallHealth, caseExport, caseApplyLarge, caseHealthLarge, caseExportLarge, caseImport100k}

type row struct {
	what, value, versus, ratio, target string
	ok                                 bool
	a, b                               string // the cases a ratio row compares
}

func (r *results) ratioRow(what, a, b string, target float64) row {
	x := r.ratio(a, b)
	return row{what, ms(r.med(a)), ms(r.med(b)), fmt.Sprintf("%.2f×", x), fmt.Sprintf("≤ %.1f×", target), x <= target, a, b}
}

// table is every measure: what, value, compared with, ratio, target, met.
func (r *results) table() []row {
	rows := []row{
		r.ratioRow("import "+commas(r.rows)+" rows, series order vs sqlite3 .import (date order)", caseImportSeries, caseCLIImport, importTarget),
		r.ratioRow("import, date order vs series order", caseImportDate, caseImportSeries, orderTarget),
		r.ratioRow("re-import unchanged, date order vs series order", caseReimportDate, caseReimportSeries, orderTarget),
		r.ratioRow("re-import, last value changed (read whole), date order vs series order", caseChangedDate, caseChangedSeries, orderTarget),
		r.ratioRow("re-import unchanged vs first import, series order", caseReimportSeries, caseImportSeries, unchangedTarget),
		r.ratioRow("re-import unchanged vs first import, date order", caseReimportDate, caseImportDate, unchangedTarget),
		r.ratioRow(fmt.Sprintf("health, %d pilots vs the sqlite3 naive aggregate", r.pilots), caseHealth, caseCLIHealth, healthTarget),
		r.ratioRow(fmt.Sprintf("health, %s pilots without data vs 10 pilots", commas(r.portfolio)), casePortfolioHealth, caseSmallHealth, perPilotTarget),
		{fmt.Sprintf("apply %s pilots to a new database", commas(r.portfolio)), ms(r.med(caseApply)), "", "", "", true, "", ""},
		{fmt.Sprintf("export portfolio of %s pilots", commas(r.portfolio)), ms(r.med(caseExport)), "", "", "", true, "", ""},
	}
	if r.large > 0 {
		rows = append(rows,
			row{fmt.Sprintf("apply %s pilots to a new database", commas(r.large)), ms(r.med(caseApplyLarge)), "", "", "", true, "", ""},
			row{fmt.Sprintf("health, %s pilots without data", commas(r.large)), ms(r.med(caseHealthLarge)), "", "", "", true, "", ""},
			row{fmt.Sprintf("export portfolio of %s pilots", commas(r.large)), ms(r.med(caseExportLarge)), "", "", "", true, "", ""})
	}
	if d := r.med(caseDashboard); d > 0 {
		rows = append(rows, row{fmt.Sprintf("dashboard startup to its rows, %s pilots over the metrics (in process; CPU %s)", commas(r.portfolio), r.cpuText(caseDashboard)),
			fmt.Sprintf("%.1f ms", d.Seconds()*1000), "", "", fmt.Sprintf("≤ %d ms", dashboardTargetMS), d <= dashboardTargetMS*time.Millisecond, "", ""})
		f := r.med(caseDashboardFilled)
		rows = append(rows, row{fmt.Sprintf("dashboard startup to every verdict (in process; CPU %s)", r.cpuText(caseDashboardFilled)),
			fmt.Sprintf("%.1f ms", f.Seconds()*1000), "", "", "", true, "", ""})
	}
	for _, c := range ringsideCases {
		if r.cases[c] == nil {
			continue // left out of this run
		}
		mb := r.peakMB(c)
		rows = append(rows, row{"peak RSS: " + c, fmt.Sprintf("%.1f MB", mb), "", "", fmt.Sprintf("≤ %d MB", rssTargetMB), mb <= rssTargetMB, "", ""})
	}
	return rows
}

// Scale the Done-when line on memory names.
const (
	doneSeries = 100000
	donePilots = 4000
)

// doneWhen is the Done-when, line by line, as this run found it:
// what, the figures it rests on, the target, and met. A line whose cases
// did not run, or ran below the scale it names, is not met: verdict says
// "not measured".
func (r *results) doneWhen() []row {
	ratios := func(what, target string, limit float64, pairs ...[2]string) row {
		x := row{what: what, target: target, ok: true}
		var parts []string
		for _, p := range pairs {
			if r.med(p[0]) == 0 || r.med(p[1]) == 0 {
				return row{what: what, value: "not measured", target: target}
			}
			v := r.ratio(p[0], p[1])
			parts = append(parts, fmt.Sprintf("%.2f×", v))
			x.ok = x.ok && v <= limit
		}
		x.value = strings.Join(parts, ", ")
		return x
	}
	rows := []row{
		ratios("date-ordered import, unchanged re-import and changed re-import vs the series-ordered ones", "≤ 1.3×", orderTarget,
			[2]string{caseImportDate, caseImportSeries}, [2]string{caseReimportDate, caseReimportSeries}, [2]string{caseChangedDate, caseChangedSeries}),
		ratios("an unchanged re-import vs a first import (series order, date order)", "≤ 0.1×", unchangedTarget,
			[2]string{caseReimportSeries, caseImportSeries}, [2]string{caseReimportDate, caseImportDate}),
	}
	per := ratios(fmt.Sprintf("%s-pilot health vs 10-pilot health (no data)", commas(r.portfolio)), "≤ 2×", perPilotTarget,
		[2]string{casePortfolioHealth, caseSmallHealth})
	if r.portfolio < 1000 {
		per.value, per.ok = "not measured (needs -portfolio 1000 or more)", false
	}
	rows = append(rows, per)
	// Memory: every ringside command of the run, at the scale named.
	mem := row{what: fmt.Sprintf("every command's peak RSS at %s series and %s pilots", commas(doneSeries), commas(donePilots)),
		target: fmt.Sprintf("≤ %d MB", rssTargetMB)}
	worst, worstCase := 0.0, ""
	for _, c := range ringsideCases {
		if mb := r.peakMB(c); r.cases[c] != nil && mb >= worst {
			worst, worstCase = mb, c
		}
	}
	switch {
	case worstCase == "":
		mem.value = "not measured"
	case r.series < doneSeries || r.large < donePilots:
		mem.value = fmt.Sprintf("not measured: this run reached %s series and %s pilots (highest %.1f MB, %s)",
			commas(r.series), commas(max(r.large, r.portfolio)), worst, worstCase)
	default:
		mem.value, mem.ok = fmt.Sprintf("highest %.1f MB (%s)", worst, worstCase), worst <= rssTargetMB
	}
	rows = append(rows, mem)
	imp := ratios("series-ordered import vs the sqlite3 shell", "≤ 0.5×", importTarget, [2]string{caseImportSeries, caseCLIImport})
	if r.rows < 1000000 {
		imp.value, imp.ok = "not measured (needs -rows 1000000 or more)", false
	}
	rows = append(rows, imp,
		ratios("health vs the naive sqlite3 aggregate", "≤ 0.1×", healthTarget, [2]string{caseHealth, caseCLIHealth}))
	return rows
}

// doneVerdict is a Done-when line's verdict.
func doneVerdict(x row) string {
	if strings.HasPrefix(x.value, "not measured") {
		return "not measured"
	}
	return verdict(x.ok)
}

// cpuText is a case's median CPU time per operation.
func (r *results) cpuText(name string) string {
	if m := r.cases[name]; m != nil && len(m.cpu) > 0 {
		return fmt.Sprintf("%.1f ms", median(m.cpu).Seconds()*1000)
	}
	return "not measured"
}

func (r *results) ok() bool {
	for _, x := range append(r.table(), r.doneWhen()...) {
		if !x.ok {
			return false
		}
	}
	return true
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", d.Seconds()*1000) }

// commas writes n with thousands separators.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func all(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%.0f", d.Seconds()*1000)
	}
	return strings.Join(parts, ", ")
}

// roundLine sums up one round for the progress output.
func (r *results) roundLine(round int) string {
	var parts []string
	for _, name := range append([]string{caseCLIImport, caseCLIHealth}, append(ringsideCases, caseDashboard, caseDashboardFilled)...) {
		if m := r.cases[name]; m != nil && round < len(m.walls) {
			parts = append(parts, fmt.Sprintf("%s %s", name, m.walls[round].Round(time.Millisecond)))
		}
	}
	return strings.Join(parts, "; ")
}

// text is the table for the terminal.
func (r *results) text() string {
	var b strings.Builder
	b.WriteByte('\n')
	for _, x := range r.table() {
		fmt.Fprintf(&b, "%-78s %10s %10s %7s %8s  %s\n", x.what, x.value, x.versus, x.ratio, x.target, verdictIf(x))
	}
	b.WriteString("\nDone when (issue 18):\n")
	for _, x := range r.doneWhen() {
		fmt.Fprintf(&b, "- %s: %s (target %s): %s\n", x.what, x.value, x.target, doneVerdict(x))
	}
	return b.String()
}

func verdictIf(x row) string {
	if x.target == "" {
		return ""
	}
	return verdict(x.ok)
}

func (r *results) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmark: ringside at scale, and against the sqlite3 shell\n\n")
	fmt.Fprintf(&b, "Data: %d pilots × 3 rings × 12 metrics × 366 days = %s rows, one long-form CSV with a `pilot` column, written twice: sorted by date (as a reporting tool exports) and sorted by series (generated by `bench/gen.go`). Portfolio: %s pilots with 3 rings and 12 KPIs each, the first %d of them the metric pilots.\n\n",
		r.pilots, commas(r.rows), commas(r.portfolio), r.pilots)
	b.WriteString("- **import**: `ringside import metrics FILE` into a database holding the metric pilots, against `sqlite3` running `.mode csv` + `.import --skip 1 FILE m` (the date-ordered file) into a fresh plain table `m(date, pilot, ring, metric, value, UNIQUE(pilot, ring, metric, date))`. **re-import unchanged**: the same file imported again right after.\n")
	b.WriteString("- **health**: `ringside health --json --as-of LAST-DAY` over every pilot (full verdicts with reasons), against `sqlite3` running the naive aggregate (latest day and 7-day mean per pilot × ring × metric, one query; see `cliAggregate` in `bench/run.go`). The portfolio's health runs on a database holding only the portfolio (no observations), against the same for its first 10 pilots.\n")
	if r.large > 0 {
		fmt.Fprintf(&b, "- **large portfolio**: %s pilots of the same shape, applied to a new database, judged without data (`health --json`) and exported, for their peak RSS at that size.\n", commas(r.large))
	}
	if r.cases[caseImport100k] != nil {
		b.WriteString("- **import at 100,000 series**: 2,778 pilots of the same shape with 10 days each (100,008 series, 1,000,080 rows, by series; `go run ./bench -write100k DIR` writes the files) imported into a fresh copy of a database holding those pilots, for its peak RSS at that many series.\n")
	}
	b.WriteString("- **apply** writes the portfolio file into a new database; **export** writes it back (`export portfolio -o FILE`); **dashboard** is `BenchmarkDashboardStartup` (ui/startup_bench_test.go) on the metrics database with the portfolio applied over it: a new cockpit model to the drawn dashboard, in process.\n")
	fmt.Fprintf(&b, "- Whole process (wall clock). The two sides of every comparison run one right after the other in each round, and alternate which goes first from round to round; a ratio is the median of the rounds' ratios (each round's two runs side by side, so a round in which the whole machine ran slower cancels out), a time the median of the rounds. The two health comparisons (against the aggregate, and 1,000 pilots against 10) run each side %d times a round, one after the other, after %d warm-up runs of each that are printed and not counted, and the round keeps each side's median: one run of a few tens of milliseconds moves by a third from one run to the next, and on this machine (a VM whose freed memory goes back to its host) the first runs after a pause pay several times over for the memory they touch (bench/run.go, warmReps). Peak RSS from the child's `rusage.ru_maxrss`. The machine's 1-minute load average is noted at the start of each round.\n\n", shortReps, warmReps)
	b.WriteString("| measure | ringside | compared with | ratio | target | |\n|---|---:|---:|---:|---:|---|\n")
	for _, x := range r.table() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", x.what, x.value, x.versus, x.ratio, x.target, verdictIf(x))
	}
	b.WriteString("\n## Done when (issue 18)\n\nEach line of the issue's Done-when, from the figures above.\n\n| line | this run | target | |\n|---|---|---:|---|\n")
	for _, x := range r.doneWhen() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", x.what, x.value, x.target, doneVerdict(x))
	}
	b.WriteString("\nEvery round (ms; peak RSS in MB):\n\n")
	for _, name := range append([]string{caseCLIImport, caseCLIHealth}, append(ringsideCases, caseDashboard, caseDashboardFilled)...) {
		if m := r.cases[name]; m != nil {
			fmt.Fprintf(&b, "- %s: %s (RSS %s)\n", name, all(m.walls), rss(m.rssKB))
		}
	}
	b.WriteString("\nEvery ratio round by round (each round's ringside ÷ compared with; the table gives their median), and beside it the ratio of the two medians:\n\n")
	for _, x := range r.table() {
		if x.a == "" {
			continue
		}
		parts := make([]string, 0, len(r.load))
		for _, v := range r.roundRatios(x.a, x.b) {
			parts = append(parts, fmt.Sprintf("%.2f×", v))
		}
		fmt.Fprintf(&b, "- %s: %s (of the medians: %.2f×)\n", x.what, strings.Join(parts, ", "), r.medianRatio(x.a, x.b))
	}
	fmt.Fprintf(&b, "\nLoad average (1 min) at the start of each round: %s.\n", strings.Join(r.load, ", "))
	fmt.Fprintf(&b, "\nThe bench's own RSS when it started a command was at most %.1f MB (it resets its peak before each; Linux counts the starting process's peak into the child's, so no figure above can read lower).\n", float64(r.floorKB)/1024)
	fmt.Fprintf(&b, "\nMachine: %s.\n\nRepeat with:\n\n```sh\n%s\n```\n", r.machine, r.command)
	return b.String()
}

func rss(kb []int64) string {
	parts := make([]string, len(kb))
	for i, k := range kb {
		parts[i] = fmt.Sprintf("%.1f", float64(k)/1024)
	}
	return strings.Join(parts, ", ")
}

// machine describes where the numbers were taken.
func machine(shell string) string {
	v, _ := exec.Command(shell, "--version").Output()
	fields := strings.Fields(string(v))
	sv := "unknown"
	if len(fields) > 0 {
		sv = fields[0]
	}
	return fmt.Sprintf("%s/%s, %d CPUs (nproc), %s, sqlite3 %s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), sv,
		time.Now().UTC().Format("2006-01-02"))
}

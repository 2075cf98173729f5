package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// newCmdImport is `ringside import`, whose one subcommand is metrics.
func newCmdImport(a *cli, runF func(*importOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "import",
		Short:   "Import metric CSVs",
		Example: "  ringside import metrics --pilot claims-triage triage.csv",
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			what := "nothing"
			if len(args) > 0 {
				what = fmt.Sprintf("%q", model.Line(args[0]))
			}
			return usageErr("import: ringside imports metrics, not %s: use ringside import metrics FILE... (see ringside import --help)", what)
		},
	}
	cmd.AddCommand(newCmdImportMetrics(a, runF))
	return cmd
}

type importOptions struct {
	App     *cli
	files   []string
	pilot   string
	layout  importers.Layout
	dryRun  bool
	asJSON  bool
	read    importers.Options // --ring, --map, --skip, --date-format, --decimal, --tz, --source
	maps    []string
	means   []string
	tz      string
	source  string
	columns string
	actives []string
}

// newCmdImportMetrics is `ringside import metrics FILE...`: each file is
// its own transaction; every file is tried and reported; exit 2 when any
// was rejected (the others are imported all the same).
func newCmdImportMetrics(a *cli, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{App: a}
	var format string
	cmd := &cobra.Command{
		Use:   "metrics FILE...",
		Short: "Import metric CSVs: per file rows, new, updated, unchanged, rejected",
		Long: "Import metric CSVs (long: date,ring,metric,value; wide: date,ring,METRIC…). Each file is imported whole\n" +
			"or not at all; --pilot is needed unless the file has a pilot column.\n\n" +
			"Real exports come in as they are: the delimiter, UTF-8/UTF-16/Windows-1252, sep= lines and CR line ends;\n" +
			"dates (ISO, RFC 3339, M/D/Y, D/M/Y, D.M.Y, 12-hour times, month names in English, German, French,\n" +
			"epoch s/ms) settled per column, ambiguous ones refused (--date-format settles them); numbers with\n" +
			"thousands separators, a decimal comma, % or a unit suffix, never misread (--decimal settles a value that\n" +
			"reads two ways). --ring for a file without a ring column, --map ROLE=HEADER to name the date, ring or a\n" +
			"metric's column, --skip for columns that are no metric; --count NAME and --mean NAME=COLUMN for files of\n" +
			"one row per event (tickets); --rings FILE and --active NAME=COLUMN for one row per user (Copilot user\n" +
			"detail); --columns or --format victoriametrics=FORMAT for a file without a header row; --sheet for a\n" +
			"workbook's sheet; --source NAME for a source saved in the portfolio file (sources:) or a built-in one\n" +
			"(" + strings.Join(importers.SourceNames(), ", ") + ").\n" +
			"Several readings of a day are all kept; a KPI's aggregation (mean, sum, min, max, last) makes the day's\n" +
			"value. Limits: record 1 MiB, field 64 KiB, 10,000 columns. Every layout, format, flag and limit, with a\n" +
			"worked example per kind of export: docs/metrics.md.",
		Example: "  ringside import metrics --pilot claims-triage triage.csv\n  ringside import metrics --dry-run --json exports/*.csv\n" +
			"  ringside import metrics --pilot contact-centre --ring pilot --map date='Interval Start' --map aht='Avg Handle Time' --skip Queue genesys.csv\n" +
			"  ringside import metrics --pilot copilot --ring pilot --source m365-copilot-trend Copilot_UserCountTrend.csv",
		// Collect garbage sooner: an import allocates per row and lives
		// briefly; this keeps a million-row import's peak memory well under
		// 64 MB (main sets it). At 100,000 series a first import holds
		// about 20 MB live and a changed re-import more; a 36 MiB limit
		// made the re-import collect all the time (+30 % CPU, session 6).
		// At 44 MiB the peaks reached 63.7 MB in the bench (first import)
		// and 65.8 MB (a changed re-import); at 40 MiB, 56.7-60.3 and
		// 58.9-59.7 MB for 5-8 % more CPU (three runs each, 05:33 UTC,
		// 2026-12-02): docs/performance.md, "The import's heap limit" (a
		// million rows of 2,736 series never reach it).
		Annotations: map[string]string{gcAnnotation: "50", memLimitAnnotation: "40"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := refuseAsOf(a, "import metrics"); err != nil {
				return err
			}
			if len(args) == 0 {
				return usageErr("import metrics: which files? e.g. ringside import metrics --pilot claims-triage triage.csv")
			}
			fm, err := importers.ParseFormat(format)
			if err != nil {
				return usageErr("import metrics: --format: %v", err)
			}
			opts.files, opts.layout, opts.read.Columns = args, fm.Layout, fm.Columns
			if opts.read.DateFormat == "" {
				opts.read.DateFormat = fm.DateFormat
			}
			if err := opts.readOptions(); err != nil {
				return err
			}
			return runWith(runF, importRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot of rows that have no pilot column (or an empty pilot cell)")
	f.StringVar(&format, "format", "", "layout of the files: auto, long (date,ring,metric,value), wide (date,ring,METRIC…) or victoriametrics=FORMAT (its headerless CSV export)")
	f.StringVar(&opts.columns, "columns", "", "NAME,NAME,…: the header of files that have none (their first line is data)")
	f.BoolVar(&opts.dryRun, "dry-run", false, "read and compare everything, report what would change, write nothing")
	f.BoolVar(&opts.asJSON, "json", false, "print the report as JSON")
	f.StringVar(&opts.read.Ring, "ring", "", "ring of every row, for files without a ring column")
	f.StringArrayVar(&opts.maps, "map", nil, "ROLE=HEADER: the column of the date, ring, pilot, metric or value, or of a metric key (repeatable)")
	f.StringArrayVar(&opts.read.Skip, "skip", nil, "a column that is no metric (repeatable)")
	f.StringVar(&opts.read.DateFormat, "date-format", "", "settles a date column that reads two ways: DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD, epoch-s, epoch-ms")
	f.StringVar(&opts.read.Decimal, "decimal", "", "the files' decimal mark, . or , (settles a value like 1.487 that reads two ways)")
	f.StringVar(&opts.tz, "tz", "", "zone whose day an epoch time falls on (default: the local zone)")
	f.StringVar(&opts.read.Count, "count", "", "a file of one row per event (ticket, call): the metric NAME counts its rows per day and ring")
	f.StringArrayVar(&opts.means, "mean", nil, "NAME=COLUMN: with one row per event, metric NAME takes COLUMN's values, a day's value their mean (repeatable)")
	f.StringArrayVar(&opts.actives, "active", nil, "NAME=COLUMN: with one row per user, metric NAME counts the rows whose date in COLUMN falls in the report period (repeatable)")
	f.StringVar(&opts.read.RingsFrom, "rings", "", "FILE: a user,ring CSV that puts each row of a per-user export in its user's ring")
	f.StringVar(&opts.read.Sheet, "sheet", "", "the sheet of an .xlsx workbook to read (default: the first)")
	f.StringVar(&opts.source, "source", "", "a saved import source (the portfolio file's sources:) or a built-in one: "+strings.Join(importers.SourceNames(), ", "))
	completePilotFlag(a, cmd, "pilot")
	completeStatic(cmd, "format", "auto", "long", "wide")
	completeStatic(cmd, "date-format", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "epoch-s", "epoch-ms")
	completeStatic(cmd, "decimal", ".", ",")
	completeStatic(cmd, "source", importers.SourceNames()...)
	return cmd
}

// readOptions checks the reading flags before any database is opened.
func (o *importOptions) readOptions() error {
	if o.columns != "" {
		cols, err := importers.ParseColumns(o.columns)
		if err != nil {
			return usageErr("import metrics: %v", err)
		}
		if o.read.Columns != nil {
			return usageErr("import metrics: --columns and --format victoriametrics=… both give the header: use one")
		}
		o.read.Columns = cols
	}
	for _, m := range o.maps {
		role, header, ok := strings.Cut(m, "=")
		if role = strings.TrimSpace(role); !ok || role == "" || strings.TrimSpace(header) == "" {
			return usageErr("import metrics: --map %q: write ROLE=HEADER, e.g. --map date=\"Report Date\" or --map aht=\"Avg Handle Time\"", model.Line(m))
		}
		if o.read.Map == nil {
			o.read.Map = map[string]string{}
		}
		o.read.Map[strings.ToLower(role)] = header
	}
	for _, m := range o.means {
		name, col, ok := strings.Cut(m, "=")
		if name = strings.TrimSpace(name); !ok || name == "" || strings.TrimSpace(col) == "" {
			return usageErr("import metrics: --mean %q: write NAME=COLUMN, e.g. --mean resolve_s=calendar_stc", model.Line(m))
		}
		if o.read.Means == nil {
			o.read.Means = map[string]string{}
		}
		o.read.Means[name] = col
	}
	for _, m := range o.actives {
		name, col, ok := strings.Cut(m, "=")
		if name = strings.TrimSpace(name); !ok || name == "" || strings.TrimSpace(col) == "" {
			return usageErr("import metrics: --active %q: write NAME=COLUMN, e.g. --active copilot_active_users=\"Last Activity Date\"", model.Line(m))
		}
		if o.read.Active == nil {
			o.read.Active = map[string]string{}
		}
		o.read.Active[name] = col
	}
	if _, err := importers.ParseDateFormat(o.read.DateFormat); err != nil {
		return usageErr("import metrics: --date-format: %v", err)
	}
	if _, err := importers.ParseDecimal(o.read.Decimal); err != nil {
		return usageErr("import metrics: --decimal: %v", err)
	}
	if o.tz != "" {
		loc, err := time.LoadLocation(o.tz)
		if err != nil {
			return usageErr("import metrics: --tz %q: not a time zone: use a name like Europe/Berlin or UTC", model.Line(o.tz))
		}
		o.read.Location = loc
	}
	return nil
}

func importRun(o *importOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	opt := o.read
	opt.Layout, opt.Pilot = o.layout, o.pilot
	var src *model.ImportSource
	if o.source != "" {
		s, err := findSource(ap, o.source)
		if err != nil {
			return err
		}
		if opt, err = importers.SourceOptions(s, opt); err != nil {
			return usageErr("import metrics: --source: %v", err)
		}
		src = &s
	}
	if opt.RingsFrom != "" {
		rm, err := readRingMap(opt.RingsFrom)
		if err != nil {
			return err
		}
		opt.Rings = rm
	}
	if opt.Location == nil {
		opt.Location = time.Local // epoch times fall on the local day unless --tz says
	}
	var all []store.ImportStats
	rejected := 0
	for _, file := range o.files {
		st, err := importFile(a, ap, file, opt, o.dryRun)
		if err != nil {
			return err
		}
		wordUnknownPilots(&st)
		if !st.Accepted {
			rejected++
		} else if src != nil {
			st.Notes = append(st.Notes, aggregationNotes(ap, *src, opt.Pilot)...)
		}
		all = append(all, st)
	}
	if o.asJSON {
		if err := writeJSON(a.stdout, struct {
			Files  []store.ImportStats `json:"files"`
			DryRun bool                `json:"dry_run"`
		}{all, o.dryRun}); err != nil {
			return err
		}
	} else {
		printImport(a, all, o.dryRun)
	}
	if rejected > 0 {
		// Each file is its own transaction: say which ones did go in.
		var committed []string
		for _, st := range all {
			if st.Accepted && !o.dryRun && st.Changed() {
				committed = append(committed, model.Line(st.File))
			}
		}
		done := ""
		if len(committed) > 0 {
			done = fmt.Sprintf("; %s %s imported all the same (each file is its own transaction)", strings.Join(committed, ", "),
				map[bool]string{true: "was", false: "were"}[len(committed) == 1])
		}
		return badInput(fmt.Errorf("%d of %d file%s rejected, nothing written from %s: fix the lines listed and import %s again%s",
			rejected, len(all), importPlural(len(all)), importThem(rejected), importThem(rejected), done))
	}
	return nil
}

// readRingMap reads the user,ring file of --rings (or a source's
// rings_from); a bad one is bad input, before any file is imported.
func readRingMap(file string) (*importers.RingMap, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, badInput(fmt.Errorf("--rings %s: %s", model.Line(file), friendlyOpenErr(err)))
	}
	defer f.Close()
	rm, err := importers.ReadRingMap(f, file)
	if err != nil {
		return nil, badInput(fmt.Errorf("%v: nothing imported", err))
	}
	return rm, nil
}

// findSource is the source --source names: a saved one (the portfolio
// file's sources:) first, so a user's source of a built-in's name
// overrides it, then a built-in one.
func findSource(ap *app.App, name string) (model.ImportSource, error) {
	s, err := ap.Store().Source(context.Background(), strings.TrimSpace(name))
	if err == nil {
		return s, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	if s, ok := importers.BuiltinSource(name); ok {
		return s, nil
	}
	saved, err := ap.Store().Sources(context.Background())
	if err != nil {
		return s, err
	}
	var names []string
	for _, s := range saved {
		names = append(names, s.Name)
	}
	have := "none saved (add them under sources: in the portfolio file and apply it)"
	if len(names) > 0 {
		have = "saved: " + strings.Join(names, ", ")
	}
	return s, usageErr("import metrics: --source %q: no such source; %s; built in: %s", model.Line(name), model.Line(have), strings.Join(importers.SourceNames(), ", "))
}

// aggregationNotes says where a source's aggregation hints disagree with
// the pilot's KPIs: the export means a day's readings to add up, say, and
// the KPI averages them.
func aggregationNotes(ap *app.App, src model.ImportSource, pilot string) []string {
	if len(src.Aggregation) == 0 || pilot == "" {
		return nil
	}
	p, err := ap.Store().Pilot(context.Background(), pilot)
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range p.KPIs {
		want, ok := src.Aggregation[k.Key]
		if !ok {
			continue
		}
		have := string(k.Aggregation)
		if have == "" {
			have = string(model.AggMean)
		}
		if want != have {
			out = append(out, fmt.Sprintf("source %s says a day of %s is its %s, but KPI %s aggregates by %s: set aggregation: %s on the KPI if the source is right",
				src.Name, k.Key, want, k.Key, have, want))
		}
	}
	return out
}

func importPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func importThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// importFile imports one file. A file that cannot be read or parsed comes
// back rejected with its errors; only a database failure is an error.
func importFile(a *cli, ap *app.App, file string, opt importers.Options, dryRun bool) (store.ImportStats, error) {
	rejectedWith := func(msg string) (store.ImportStats, error) {
		return store.ImportStats{File: file, Errors: []string{model.Line(msg)}}, nil
	}
	done := a.debug.step("open " + file)
	f, err := os.Open(file)
	done(err)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return rejectedWith(file + ": no such file")
		}
		return rejectedWith(file + ": " + friendlyOpenErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return rejectedWith(file + ": is a folder, not a CSV file")
	}
	var src io.Reader = f
	if importers.IsWorkbook(file) {
		// A workbook: its sheet, cell by cell as typed, as CSV text. The
		// workbook's own bytes say whether it was imported already.
		st, size, done, err := ap.UnchangedFile(context.Background(), file, f, opt, dryRun, 0)
		if err != nil || done {
			return st, err
		}
		sum := sha256.New()
		text, sheet, err := importers.WorkbookCSV(io.TeeReader(f, sum), opt.Sheet)
		if err != nil {
			return rejectedWith(file + ": " + err.Error())
		}
		defer text.Close()
		st, err = ap.ImportMetricsHashed(context.Background(), a.fileChange(), file, text, opt, dryRun, 0, nil,
			&app.Original{Size: size, Hash: func() string { return hex.EncodeToString(sum.Sum(nil)) }})
		var oe *app.OptionsError
		if errors.As(err, &oe) {
			return store.ImportStats{}, usageErr("import metrics: %v", oe.Err)
		}
		if st.Accepted {
			st.Notes = append([]string{"read sheet " + strconv.Quote(model.Line(sheet)) + " of the workbook, each cell as typed"}, st.Notes...)
		}
		return st, err
	}
	if err == nil && fi.Size() >= progressMinSize && isTerminal(a.stderr) {
		p := &progressReader{r: f, w: a.stderr, name: model.Line(file), size: fi.Size()}
		defer p.clear()
		src = p
	}
	done = a.debug.step("read, check and store " + file)
	st, err := importStream(a, ap, file, src, opt, dryRun, 0)
	switch {
	case err != nil:
		done(err)
	case !st.Accepted && len(st.Errors) > 0:
		done(fmt.Errorf("rejected with %d error(s), nothing written; the first: %s", len(st.Errors), st.Errors[0]))
	default:
		done(nil)
		a.debug.logf("%s: rows %d, new %d, updated %d, unchanged %d", file, st.Rows, st.New, st.Updated, st.Unchanged)
	}
	return st, err
}

// wordUnknownPilots adds the command line's remedy to the message of each
// pilot the file names that the database does not have (the store says
// only that it is unknown).
func wordUnknownPilots(st *store.ImportStats) {
	for _, u := range st.UnknownPilots {
		if u.Error >= 0 && u.Error < len(st.Errors) {
			st.Errors[u.Error] += fmt.Sprintf(": create it first with `ringside apply -f FILE` (a portfolio file that defines %s), or name another with --pilot", model.Line(u.Slug))
		}
	}
}

// progressMinSize is the smallest file whose import shows progress.
const progressMinSize = 8 << 20

// progressReader shows on a terminal how far through its file an import
// has read, so a million-row file never looks stuck.
type progressReader struct {
	r           io.Reader
	w           io.Writer
	name        string
	size, done  int64
	shown, cols int
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if pct := int(p.done * 100 / p.size); pct >= p.shown+5 {
		p.shown = pct
		line := fmt.Sprintf("\r%s: read %d%%", p.name, min(pct, 100))
		p.cols = max(p.cols, len(line))
		fmt.Fprint(p.w, line)
	}
	return n, err
}

// Seek seeks the file underneath (an import first hashes a file it may
// have seen before) and starts the count again from where it lands.
func (p *progressReader) Seek(offset int64, whence int) (int64, error) {
	sk, ok := p.r.(io.Seeker)
	if !ok {
		return 0, errors.New("progress: cannot seek")
	}
	n, err := sk.Seek(offset, whence)
	if err == nil {
		p.done, p.shown = n, int(n*100/max(p.size, 1))
	}
	return n, err
}

// clear removes the progress line before the report is printed.
func (p *progressReader) clear() {
	if p.cols > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.cols)+"\r")
	}
}

// isTerminal reports whether w is a terminal (not a pipe or a file).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// importStream imports one CSV stream through app.ImportMetrics (the glue
// the cockpit shares); shift moves every day by that many days (the demo
// anchors its data to the day it is loaded).
func importStream(a *cli, ap *app.App, file string, src io.Reader, opt importers.Options, dryRun bool, shift int) (store.ImportStats, error) {
	st, err := ap.ImportMetrics(context.Background(), a.fileChange(), file, src, opt, dryRun, shift, nil)
	var oe *app.OptionsError
	if errors.As(err, &oe) {
		return store.ImportStats{}, usageErr("import metrics: %v", oe.Err)
	}
	return st, err
}

// maxImportNotes is how many notes a file's report prints before a count.
const maxImportNotes = 20

// printImport writes the per-file table, then each file's errors (to
// stderr) and notes.
func printImport(a *cli, all []store.ImportStats, dryRun bool) {
	width := len("FILE")
	for _, st := range all {
		width = max(width, len([]rune(model.Line(st.File))))
	}
	fmt.Fprintf(a.stdout, "%-*s  %9s  %9s  %9s  %9s  %9s  %s\n", width, "FILE", "ROWS", "NEW", "UPDATED", "UNCHANGED", "REJECTED", "RESULT")
	for _, st := range all {
		fmt.Fprintf(a.stdout, "%-*s  %9d  %9d  %9d  %9d  %9d  %s\n", width, model.Line(st.File), st.Rows, st.New, st.Updated, st.Unchanged, st.Rejected, importResult(st, dryRun))
	}
	for _, st := range all {
		file := model.Line(st.File)
		for _, e := range st.Errors {
			fmt.Fprintln(a.stderr, model.Line(e))
		}
		if !st.Accepted {
			continue
		}
		// At most 20 notes a file, then a count: a file of 10,000 unknown
		// metric columns must not print 10,000 lines.
		var notes []string
		for _, n := range st.Notes {
			notes = append(notes, model.Line(n))
		}
		for _, u := range st.UnknownMetrics {
			notes = append(notes, fmt.Sprintf("kept %d row%s of metric `%s`, which no KPI of %s names yet", u.Rows, importPlural(u.Rows), model.Line(u.Key), model.Line(u.Pilot)))
		}
		for _, u := range st.UnknownRings {
			notes = append(notes, fmt.Sprintf("kept %d row%s of ring `%s`, which %s does not define yet", u.Rows, importPlural(u.Rows), model.Line(u.Key), model.Line(u.Pilot)))
		}
		for i, n := range notes {
			if i == maxImportNotes {
				fmt.Fprintf(a.stdout, "%s: … and %d more notes (--json lists them all)\n", file, len(notes)-maxImportNotes)
				break
			}
			fmt.Fprintf(a.stdout, "%s: %s\n", file, n)
		}
	}
	if dryRun {
		fmt.Fprintln(a.stdout, "dry run: nothing was written")
	}
}

func importResult(st store.ImportStats, dryRun bool) string {
	switch {
	case !st.Accepted:
		return "rejected"
	case dryRun:
		return "would import"
	case !st.Changed():
		return "unchanged"
	}
	return "imported"
}

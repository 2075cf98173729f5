package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// The import screen's work: reading the portfolio's keys, the preview, the
// dry run and the import itself, each in a tea.Cmd. Every message carries
// the screen's run number, so a late answer to something the user has
// since left is dropped.

// previewRows is how many rows the preview shows; previewScan how many it
// reads to list the keys found (a dry run reads every row).
const (
	previewRows = 6
	previewScan = 200_000
)

// pilotKeys is what the portfolio says about one pilot, for the preview.
type pilotKeys struct {
	name        string // the pilot's name, for the chooser
	kpis, rings []string
	agg         map[string]model.Aggregation // KPI key → how a day's readings combine ("" mean)
}

// importKeysLoaded carries every pilot's KPI keys and ring names.
type importKeysLoaded struct {
	slugs   []string
	pilots  map[string]pilotKeys
	sources []model.ImportSource
	err     error
}

// sourceSaved says how saving a source went.
type sourceSaved struct {
	src     model.ImportSource
	changed bool
	err     error
}

// saveSource saves src as an import source: one audited transaction.
func saveSource(c *common.Common, seq int, src model.ImportSource) tea.Cmd {
	a, actor := c.Opt.App, c.Opt.Actor
	return func() tea.Msg {
		changed, err := a.SaveSource(context.Background(), actor, src)
		return sourceSaved{src: src, changed: changed, err: err}
	}
}

// importPreviewed carries a file's preview.
type importPreviewed struct {
	seq  int
	size int64
	p    app.Preview
	err  error
}

// Progress says how far an import (or dry run) has read its file.
type Progress struct {
	seq  int
	done int64
}

// importFinished carries the result of a dry run or an import.
type importFinished struct {
	seq     int
	dryRun  bool
	st      app.ImportStats
	err     error
	changes []ringChange // ring health before → after (a written import only)
	// healthErr: the import was written but ring health could not be read.
	healthErr error
}

// openFunc opens a file to import and says how big it is; tests replace it.
type openFunc func(path string) (io.ReadCloser, int64, error)

func OpenMetricFile(path string) (io.ReadCloser, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if fi.IsDir() {
		f.Close()
		return nil, 0, errors.New("is a folder, not a CSV file")
	}
	return f, fi.Size(), nil
}

// openError says what went wrong opening path, and what to do.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New(model.Line(path) + ": no such file: check the name, or pick the file from the list")
	case errors.Is(err, os.ErrPermission):
		return errors.New(model.Line(path) + ": not allowed to read it: check the file's permissions")
	}
	return errors.New(model.Line(path) + ": " + model.Line(err.Error()))
}

func loadImportKeys(s *app.App) tea.Cmd {
	return func() tea.Msg {
		ps, err := s.ReadPilots(context.Background())
		if err != nil {
			return importKeysLoaded{err: err}
		}
		out := importKeysLoaded{pilots: map[string]pilotKeys{}}
		if out.sources, err = s.ImportSources(context.Background()); err != nil {
			return importKeysLoaded{err: err}
		}
		for _, p := range ps {
			k := pilotKeys{name: p.Name, agg: map[string]model.Aggregation{}}
			for _, kpi := range p.KPIs {
				k.kpis = append(k.kpis, kpi.Key)
				k.agg[kpi.Key] = kpi.Aggregation
			}
			for _, r := range p.Rings {
				k.rings = append(k.rings, r.Name)
			}
			out.slugs = append(out.slugs, p.Slug)
			out.pilots[p.Slug] = k
		}
		return out
	}
}

// previewFile reads the preview of path, naming it name in messages.
func previewFile(open openFunc, seq int, path, name string, opt app.ImportOptions) tea.Cmd {
	return func() tea.Msg {
		f, size, err := open(path)
		if err != nil {
			return importPreviewed{seq: seq, err: openError(name, err)}
		}
		defer f.Close()
		if err := app.LoadRingMap(&opt); err != nil { // a source's rings_from
			return importPreviewed{seq: seq, err: err}
		}
		p, err := app.ReadPreview(f, name, opt, previewRows, previewScan)
		return importPreviewed{seq: seq, size: size, p: p, err: err}
	}
}

// sourcesFitted says which sources read a file: under their options the
// header is understood and the first rows read without an error.
// fitRows is how many rows that takes.
const fitRows = 20

type sourcesFitted struct {
	seq  int // the check it answers
	fits map[string]bool
}

// sourcesFit reads the head of path once per source, with the plain
// opener (a test's Open gates the import, not this) (bad[i]: the source's
// options did not even combine, so it does not fit).
func sourcesFit(seq int, path, name string, srcs []model.ImportSource, opts []app.ImportOptions, bad []bool) tea.Cmd {
	return func() tea.Msg {
		fits := make(map[string]bool, len(srcs))
		for i, src := range srcs {
			fits[src.Name] = !bad[i] && sourceReads(path, name, opts[i], sourceMetrics(src))
		}
		return sourcesFitted{seq: seq, fits: fits}
	}
}

// sourceMetrics are the metric keys a source names (its mapped columns
// other than date, ring, pilot, metric and value; its count, means and
// active users): a source made for another export reads a long file just
// as well, so it fits only when the file brings one of its metrics.
func sourceMetrics(src model.ImportSource) []string {
	var out []string
	for k := range src.Map {
		switch k {
		case "date", "ring", "pilot", "metric", "value":
		default:
			out = append(out, k)
		}
	}
	if src.Count != "" {
		out = append(out, src.Count)
	}
	for k := range src.Means {
		out = append(out, k)
	}
	for k := range src.Active {
		out = append(out, k)
	}
	return out
}

// sourceReads says whether opt reads the head of path cleanly and, when
// the source names metrics (want), brings at least one of them.
func sourceReads(path, name string, opt app.ImportOptions, want []string) bool {
	f, _, err := OpenMetricFile(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if app.LoadRingMap(&opt) != nil {
		return false
	}
	p, err := app.ReadPreview(f, name, opt, fitRows, fitRows)
	if err != nil || p.Fatal != "" || len(p.Errors) > 0 || len(p.Rows) == 0 {
		return false
	}
	return len(want) == 0 || slices.ContainsFunc(want, func(m string) bool { return slices.Contains(p.Metrics, m) })
}

// importJob is one dry run or import under way on its own goroutine. Its
// progress is the latest byte count; a signal on tick says it moved, and
// the result arrives on done. wait is the command that takes the next of
// either, so progress never piles up in a queue.
type importJob struct {
	seq    int
	cancel context.CancelFunc
	read   atomic.Int64
	tick   chan struct{}
	done   chan importFinished
}

// startImport runs the dry run (dryRun) or the import of path (recorded
// as name), reading ring health before and after a real import, and
// returns the job and the command that waits for its first message.
func startImport(c *common.Common, open openFunc, seq int, path, name string, opt app.ImportOptions, dryRun bool, touched []string) (*importJob, tea.Cmd) {
	ctx, cancel := context.WithCancel(context.Background())
	j := &importJob{seq: seq, cancel: cancel, tick: make(chan struct{}, 1), done: make(chan importFinished, 1)}
	s, asOf, actor := c.Opt.App, c.Opt.AsOf, c.Opt.Actor
	go func() {
		defer cancel()
		res := importFinished{seq: seq, dryRun: dryRun}
		defer func() { j.done <- res }()
		f, _, err := open(path)
		if err != nil {
			res.err = openError(name, err)
			return
		}
		defer f.Close()
		if res.err = app.LoadRingMap(&opt); res.err != nil {
			return
		}
		var before PortfolioHealth
		if !dryRun {
			if before, err = readHealth(ctx, s, asOf); err != nil {
				res.err = err
				return
			}
		}
		res.st, res.err = s.ImportMetrics(ctx, app.Change{Actor: actor, Origin: app.OriginFile}, name, f, opt, dryRun, 0, func(n int64) {
			j.read.Store(n)
			select {
			case j.tick <- struct{}{}:
			default:
			}
		})
		wordUnknownPilots(&res.st)
		if res.err != nil || dryRun || !res.st.Changed() {
			return
		}
		// The import is committed: a cancel from here on is too late, and
		// the health read must not be cut short by it.
		after, err := readHealth(context.Background(), s, asOf)
		if err != nil {
			res.healthErr = err
			return
		}
		res.changes = RingChanges(before, after, touched)
	}()
	return j, j.wait()
}

func (j *importJob) wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case res := <-j.done:
			return res
		case <-j.tick:
			return Progress{seq: j.seq, done: j.read.Load()}
		}
	}
}

// wordUnknownPilots adds the cockpit's remedy to the message of each pilot
// the file names that the database does not have (the store says only that
// it is unknown). p does not help here: it names the pilot of rows without
// one, and these rows name theirs.
func wordUnknownPilots(st *app.ImportStats) {
	for _, u := range st.UnknownPilots {
		if u.Error >= 0 && u.Error < len(st.Errors) {
			st.Errors[u.Error] += fmt.Sprintf(": no pilot %s in this database; define it in a portfolio file and apply it (ringside apply -f FILE), or correct the file's pilot column", model.Line(u.Slug))
		}
	}
}

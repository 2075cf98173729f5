package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/importer"
)

// TestImportScreen imports ui/testdata/import/claims-week.csv into
// claims-triage from its detail, through every step, at 80×24.
func TestImportScreen(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	obsBefore, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", "i")
	d.Must("Import met", "▸1 file", "folder ", "tab types a path")

	// the picker starts in the working directory: ui/
	uitest.PickEntry(t, d, "testdata/")
	uitest.PickEntry(t, d, "import/")
	uitest.PickEntry(t, d, "claims-week.csv")
	d.CheckFrame(80, 24)
	screen := d.Screen()
	uitest.MustContain(t, screen, "▸2 preview",
		"file  testdata/import/claims-week.csv",
		"pilot claims-triage", // the detail's pilot, for a file with no pilot column
		`layout long · delimiter ";" semicolon · decimal comma (7,9) · 10 rows read`,
		"pilots  claims-triage ✓",
		"rings   canary ✓  pilot ✓",
		"metrics handover_pct ?  misroute_pct ✓  triage_min ✓",
		"2 of 3 metrics named by a KPI",
		"    2  2026-11-19 claims-triage", // line 2, the first data row
	)
	checkGolden(t, "import_preview_80x24", screen)

	// the dry run writes nothing
	before := uitest.DBState(t, s)
	d.Keys("enter")
	screen = d.Screen()
	// claims-week.csv: pilot 19th triage 7,7 is stored already (unchanged),
	// pilot 19th misroute 7,0 replaces 6.9 (updated), the other 8 are new.
	uitest.MustContain(t, screen, "▸3 dry run", "Dry run: nothing written yet",
		"rows 10 · new 8 · updated 1 · unchanged 1 · rejected 0",
		"keeps 1 row of metric `handover_pct`, which no KPI of claims-triage names yet", "enter imports")
	if after := uitest.DBState(t, s); after != before {
		t.Fatalf("the dry run wrote: %s → %s", before, after)
	}

	// the import, then the ring health it moved: canary had no data; its
	// triage time is now (12.9+13.2+13.4)/3 = 13.17 min vs baseline 12,
	// +9.7 % > the +5 % rollback trigger: fail with the trigger fired.
	d.Keys("enter")
	d.CheckFrame(80, 24)
	screen = d.Screen()
	uitest.MustContain(t, screen, "▸5 health", "imported: 8 new, 1 updated, 1 unchanged", "one audit entry",
		"Ring health it changed, as of 2026-11-20",
		"claims-triage         pilot     ◐ warn → ◐ warn  (unchanged)",
		"canary    ○ nodata → ✖ fail ▲",
		"broad     ○ nodata → ○ nodata  (unchanged)")
	obsAfter, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if obsAfter != obsBefore+8 {
		t.Errorf("observations %d → %d, want 8 more", obsBefore, obsAfter)
	}
	es, err := s.Audit(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Summary+es[0].Action, "import") {
		t.Errorf("newest audit entry = %+v, %v; want the import", es, err)
	}

	// enter closes; the detail underneath was reloaded and shows the trigger
	d.Keys("enter")
	screen = d.Screen()
	uitest.MustContain(t, screen, "imported claims-week.csv: 8 new, 1 updated", "Overview · claims-triage")
	d.Keys("2")
	d.Must(common.GlyphTrigger)
}

// TestImportScreenRejectedFile shows the dry run's FILE:LINE errors and
// refuses to import.
func TestImportScreenRejectedFile(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.Keys("i", "tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type("testdata/import/claims-broken.csv")
	d.Keys("enter")
	screen := d.Screen()
	// from the dashboard no pilot is chosen, and the file has no pilot column
	uitest.MustContain(t, screen, "pilot none chosen", "claims-broken.csv:1: ")
	d.Keys("p") // the chooser of pilots: type to filter, enter picks
	d.Must("Pilot for rows that name none", "none", "access-review-automation", "servicedesk-copilot")
	d.Type("acc rev")
	d.Keys("enter")
	d.Must("pilot access-review-automation", "claims-broken.csv:3: ", "1 row read")
	before := uitest.DBState(t, s)
	d.Keys("enter")
	screen = d.Screen()
	// lines 3 and 4 are bad: none of the 3 rows is taken, rows 3 = rejected 3
	uitest.MustContain(t, screen, "rows 3 · new 0 · updated 0 · unchanged 0 · rejected 3",
		"claims-broken.csv:3: ", "claims-broken.csv:4: ", "fix the lines listed")
	d.Keys("enter") // does nothing: the file is rejected
	d.Must("▸3 dry run")
	if after := uitest.DBState(t, s); after != before {
		t.Errorf("a rejected file wrote: %s → %s", before, after)
	}
	d.Keys("esc", "esc") // back to the preview, then the file list
	d.Must("▸1 file")
}

// TestImportScreenUnknownPilot: a file whose pilot column names a pilot
// the database does not have is rejected in the dry run, and the cockpit
// words the remedy itself (the store says only "unknown pilot").
func TestImportScreenUnknownPilot(t *testing.T) {
	s := uitest.OpenDemo(t)
	path := filepath.Join(t.TempDir(), "nobody.csv")
	if err := os.WriteFile(path, []byte("date,pilot,ring,metric,value\n2026-01-05,nobody,baseline,triage_min,12.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 280, 30) // wide: the temporary path is long
	d.Keys("i", "tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type(path)
	d.Keys("enter")
	before := uitest.DBState(t, s)
	d.Keys("enter")
	d.Must("rows 1 · new 0 · updated 0 · unchanged 0 · rejected 1",
		`nobody.csv:2: unknown pilot "nobody": no pilot nobody in this database; define it in a portfolio file and apply it (ringside apply -f FILE), or correct the file's pilot column`)
	if strings.Contains(d.Screen(), "--pilot") {
		t.Errorf("the cockpit offers a command-line flag:\n%s", d.Screen())
	}
	if after := uitest.DBState(t, s); after != before {
		t.Errorf("a rejected file wrote: %s → %s", before, after)
	}
}

// gatedReader serves its file up to a byte, then waits for release.
type gatedReader struct {
	r       io.Reader
	left    int64 // bytes before the gate
	reached chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gatedReader) Read(b []byte) (int, error) {
	if g.left <= 0 {
		g.once.Do(func() { close(g.reached) })
		<-g.release
		return g.r.Read(b)
	}
	if int64(len(b)) > g.left {
		b = b[:g.left]
	}
	n, err := g.r.Read(b)
	g.left -= int64(n)
	return n, err
}

func (g *gatedReader) Close() error { return nil }

// TestImportScreenCancel presses esc while an import is in its
// transaction, well past its first written chunk: nothing may be left,
// not an observation, not an audit entry.
func TestImportScreenCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 150,000 rows")
	}
	s := uitest.OpenDemo(t)
	// 150,000 new rows of claims-triage's pilot ring, one a day from 1971
	const rows = 150_000
	var b strings.Builder
	b.WriteString("date,ring,metric,value\n")
	day := model.MustDate("1971-01-01")
	for i := range rows {
		fmt.Fprintf(&b, "%s,pilot,load_pct,%d\n", day.AddDays(i), i%97)
	}
	data := b.String()
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}

	d := newDriver(t, s, 80, 24)
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", "i")
	scr, ok := d.m.top().(*importer.Screen)
	if !ok {
		t.Fatalf("i did not open the import screen:\n%s", d.Screen())
	}
	// the third open is the import's: it stops at 140,000 rows (past the
	// store's first chunk of 131,072) until the test has pressed esc
	gate := &gatedReader{left: int64(len(data)) * 140 / 150, reached: make(chan struct{}), release: make(chan struct{})}
	opens := 0
	scr.Open = func(p string) (io.ReadCloser, int64, error) {
		f, size, err := importer.OpenMetricFile(p)
		if opens++; opens == 3 && err == nil {
			gate.r = f
			return gate, size, nil
		}
		return f, size, err
	}
	d.Keys("tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type(path)
	d.Keys("enter")
	d.Must("150000 rows read")
	d.Keys("enter")
	d.Must(fmt.Sprintf("rows %d · new %d", rows, rows))
	before := uitest.DBState(t, s)

	// enter starts the import; run its commands by hand so esc can come
	// while it is under way
	_, cmd := d.m.Update(uitest.Key("enter"))
	select {
	case <-gate.reached:
	case <-time.After(time.Minute):
		t.Fatalf("the import never reached the gate:\n%s", d.Screen())
	}
	msg := cmd()
	if _, ok := msg.(importer.Progress); !ok {
		t.Fatalf("first message of the import = %T, want progress", msg)
	}
	d.Must("Importing", "esc cancels: the transaction rolls back")
	d.Keys("esc")
	d.Must("cancelling")
	close(gate.release)
	d.Send(msg) // the progress message, then every message until the end
	screen := d.Screen()
	uitest.MustContain(t, screen, "cancelled: nothing written", "the database is as it was")
	if after := uitest.DBState(t, s); after != before {
		t.Errorf("the cancelled import wrote: %s → %s", before, after)
	}
	d.Keys("enter")
	d.Must("import cancelled: nothing written")
}

// TestImportScreenSources: the import screen offers the import sources, a
// column the file names otherwise is fixed with m (ROLE=HEADER), and w
// saves what the screen reads the file with as a source, in one audited
// transaction, which the screen then offers.
func TestImportScreenSources(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	d := newDriver(t, s, 100, 30)
	d.Keys("/")
	d.Type("claims")
	d.Keys("enter", "enter", "i")
	uitest.PickEntry(t, d, "testdata/")
	uitest.PickEntry(t, d, "import/")
	uitest.PickEntry(t, d, "claims-team.csv")
	// Team is the ring, which the file does not say: refused until mapped.
	// None of the three built-in sources reads it either, and s offers none.
	d.Must("missing column ring", "source none  (none of the 3 sources is made for this file")
	d.Keys("s")
	d.Must("source none  (none of the 3 sources is made for this file")
	d.Keys("m")
	d.Type("ring=Team")
	d.Keys("enter")
	d.Must("mapped ring=Team", "rings   canary ✓  pilot ✓", "a day's readings → mean of every reading: triage_min")
	before := uitest.DBState(t, s)
	d.Keys("w")
	d.Type("claims-team")
	d.Keys("enter")
	d.Must("saved source claims-team (audited); import metrics --source claims-team uses it", "source claims-team  (1 of 4")
	if uitest.DBState(t, s) == before {
		t.Error("saving a source wrote no audit entry")
	}
	src, err := s.Source(ctx, "claims-team")
	if err != nil || src.Pilot != "claims-triage" || src.Map["ring"] != "Team" {
		t.Fatalf("saved source %+v, %v; want pilot claims-triage, map ring=Team", src, err)
	}
	// The saved source alone reads the file now: s skips the three
	// built-in ones, which do not, and goes to none (the mapping went into
	// the source), then back round to it.
	d.Keys("s")
	d.Must("source none  (s picks one of 1 made for this file: claims-team)", "missing column ring")
	d.Keys("s")
	d.Must("source claims-team  (1 of 4", "rings   canary ✓  pilot ✓")
	// A bad name is refused, nothing saved.
	d.Keys("w")
	d.Type("Claims Team")
	d.Keys("enter")
	d.Must("not saved: name \"Claims Team\": use 1–64 lowercase letters")
}

// TestImportScreenScrolls: at 80×24 the dry run of a file with 40 bad
// rows and the result of an import that touches every pilot outgrow the
// screen; each scrolls (j/k, pgdn/pgup, G/g) and says how many lines are
// below or above, so no line is cut without a hint.
func TestImportScreenScrolls(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("pilot,date,ring,metric,value\n")
	for i := range 40 {
		fmt.Fprintf(&b, "claims-triage,2026-11-%02d,pilot,triage_min,%d.5\n", 31+i, i) // no day 31..70 in November
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 80, 24)
	open := func(path string) {
		d.Keys("i", "tab")
		d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		d.Type(path)
		d.Keys("enter", "enter") // the file, then its dry run
	}
	open(bad)
	d.CheckFrame(80, 24)
	d.Must("rejected 40", "bad.csv:2: ", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.Screen(), "fix the lines listed") || strings.Contains(d.Screen(), "bad.csv:21: ") {
		t.Fatalf("the end of the dry run shows before scrolling:\n%s", d.Screen())
	}
	d.Keys("G")
	d.CheckFrame(80, 24)
	d.Must("bad.csv:21: ", "… and 20 more", "fix the lines listed", "↑ ", "more lines above (k/↑, pgup, g)")
	if strings.Contains(d.Screen(), "bad.csv:2: ") {
		t.Fatalf("G did not scroll to the end:\n%s", d.Screen())
	}
	d.Keys("g")
	d.Must("Dry run: nothing written yet", "bad.csv:2: ")
	d.Keys("j")
	d.Must("↑ 1 more line above")
	d.Keys("k")
	if strings.Contains(d.Screen(), "above") {
		t.Fatalf("k did not scroll back to the top:\n%s", d.Screen())
	}
	d.Keys("pgdown")
	d.Must("above")
	d.Keys("g")
	d.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown}) // the wheel scrolls three lines
	d.Must("↑ 3 more lines above")
	d.Send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if strings.Contains(d.Screen(), "above") {
		t.Fatalf("the wheel did not scroll back to the top:\n%s", d.Screen())
	}
	d.Keys("esc", "esc", "esc") // preview, file list, dashboard

	// one reading of a metric no KPI names yet for each pilot: the result
	// lists every ring of the eight pilots and what each import kept
	pilots, err := s.Pilots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	b.WriteString("pilot,date,ring,metric,value\n")
	for _, p := range pilots {
		fmt.Fprintf(&b, "%s,2026-11-20,baseline,scroll_probe,1\n", p.Slug)
	}
	all := filepath.Join(dir, "all.csv")
	if err := os.WriteFile(all, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	open(all)
	d.Keys("enter") // import
	d.CheckFrame(80, 24)
	d.Must("▸5 health", "imported: 8 new", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.Screen(), "enter closes") {
		t.Fatalf("the result's end shows before scrolling:\n%s", d.Screen())
	}
	d.Keys("G")
	d.CheckFrame(80, 24)
	d.Must("enter closes · a imports another file", "more lines above")
	last := pilots[len(pilots)-1].Slug
	d.Must(last)
	d.Keys("enter")
	d.Must("imported all.csv: 8 new")
}

// TestImportPilotChooser: p opens a filterable chooser of the pilot of
// rows that name none, its cursor on the current one; typing filters,
// enter picks and the file is read again, esc leaves the choice as it was.
func TestImportPilotChooser(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.Keys("i", "tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type("testdata/import/claims-week.csv")
	d.Keys("enter")
	d.Must("pilot claims-triage  for rows that name none (p changes)")
	d.Keys("p")
	d.CheckFrame(80, 24)
	d.Must("Pilot for rows that name none — type to filter, enter picks, esc closes")
	if l := uitest.CursorLine(d.Screen()); !strings.Contains(l, "claims-triage") {
		t.Fatalf("the cursor is not on the current pilot: %q\n%s", l, d.Screen())
	}
	checkGolden(t, "import_pilot_chooser_80x24", d.Screen())
	d.Type("zzz")
	d.Must("nothing matches zzz")
	d.Keys("esc") // nothing picked: the pilot stays
	d.Must("pilot claims-triage  for rows that name none", "▸2 preview")
	d.Keys("p")
	d.Type("kb")
	if l := uitest.CursorLine(d.Screen()); !strings.Contains(l, "kb-article-drafts") {
		t.Fatalf("typing did not filter to kb-article-drafts: %q\n%s", l, d.Screen())
	}
	d.Keys("enter")
	d.Must("pilot kb-article-drafts  for rows that name none", "▸2 preview")
	d.Keys("p", "g") // g types into the filter; ctrl+u clears it, up to none
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for range 10 {
		d.Keys("up")
	}
	d.Keys("enter")
	d.Must("pilot none chosen: every row must name its pilot")
}

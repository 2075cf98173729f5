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

	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/importer"
)

// pickEntry moves the picker's cursor to the entry named name and opens it.
func pickEntry(t *testing.T, d *driver, name string) {
	t.Helper()
	for range 50 {
		if strings.Contains(pickerCursorLine(d.screen()), name) {
			d.keys("enter")
			return
		}
		d.keys("down")
	}
	t.Fatalf("no entry %q in the file list:\n%s", name, d.screen())
}

// pickerCursorLine is the file picker's line under its cursor.
func pickerCursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, common.GlyphCursor+" ") {
			return l
		}
	}
	return ""
}

// dbState is what a write would move: the audit chain's head and the
// number of observations.
func dbState(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	head, err := s.HeadHash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("head %s, %d observations", head, n)
}

// TestImportScreen imports ui/testdata/import/claims-week.csv into
// claims-triage from its detail, through every step, at 80×24.
func TestImportScreen(t *testing.T) {
	s := openDemo(t)
	ctx := context.Background()
	obsBefore, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 80, 24)
	d.keys("/")
	d.typeText("claims")
	d.keys("enter", "enter", "i")
	d.must("Import met", "▸1 file", "folder ", "tab types a path")

	// the picker starts in the working directory: ui/
	pickEntry(t, d, "testdata/")
	pickEntry(t, d, "import/")
	pickEntry(t, d, "claims-week.csv")
	d.checkFrame(80, 24)
	screen := d.screen()
	mustContain(t, screen, "▸2 preview",
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
	before := dbState(t, s)
	d.keys("enter")
	screen = d.screen()
	// claims-week.csv: pilot 19th triage 7,7 is stored already (unchanged),
	// pilot 19th misroute 7,0 replaces 6.9 (updated), the other 8 are new.
	mustContain(t, screen, "▸3 dry run", "Dry run: nothing written yet",
		"rows 10 · new 8 · updated 1 · unchanged 1 · rejected 0",
		"keeps 1 row of metric `handover_pct`, which no KPI of claims-triage names yet", "enter imports")
	if after := dbState(t, s); after != before {
		t.Fatalf("the dry run wrote: %s → %s", before, after)
	}

	// the import, then the ring health it moved: canary had no data; its
	// triage time is now (12.9+13.2+13.4)/3 = 13.17 min vs baseline 12,
	// +9.7 % > the +5 % rollback trigger: fail with the trigger fired.
	d.keys("enter")
	d.checkFrame(80, 24)
	screen = d.screen()
	mustContain(t, screen, "▸5 health", "imported: 8 new, 1 updated, 1 unchanged", "one audit entry",
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
	d.keys("enter")
	screen = d.screen()
	mustContain(t, screen, "imported claims-week.csv: 8 new, 1 updated", "Overview · claims-triage")
	d.keys("2")
	d.must(common.GlyphTrigger)
}

// TestImportScreenRejectedFile shows the dry run's FILE:LINE errors and
// refuses to import.
func TestImportScreenRejectedFile(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.keys("i", "tab")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText("testdata/import/claims-broken.csv")
	d.keys("enter")
	screen := d.screen()
	// from the dashboard no pilot is chosen, and the file has no pilot column
	mustContain(t, screen, "pilot none chosen", "claims-broken.csv:1: ")
	d.keys("p") // the chooser of pilots: type to filter, enter picks
	d.must("Pilot for rows that name none", "none", "access-review-automation", "servicedesk-copilot")
	d.typeText("acc rev")
	d.keys("enter")
	d.must("pilot access-review-automation", "claims-broken.csv:3: ", "1 row read")
	before := dbState(t, s)
	d.keys("enter")
	screen = d.screen()
	// lines 3 and 4 are bad: none of the 3 rows is taken, rows 3 = rejected 3
	mustContain(t, screen, "rows 3 · new 0 · updated 0 · unchanged 0 · rejected 3",
		"claims-broken.csv:3: ", "claims-broken.csv:4: ", "fix the lines listed")
	d.keys("enter") // does nothing: the file is rejected
	d.must("▸3 dry run")
	if after := dbState(t, s); after != before {
		t.Errorf("a rejected file wrote: %s → %s", before, after)
	}
	d.keys("esc", "esc") // back to the preview, then the file list
	d.must("▸1 file")
}

// TestImportScreenUnknownPilot: a file whose pilot column names a pilot
// the database does not have is rejected in the dry run, and the cockpit
// words the remedy itself (the store says only "unknown pilot").
func TestImportScreenUnknownPilot(t *testing.T) {
	s := openDemo(t)
	path := filepath.Join(t.TempDir(), "nobody.csv")
	if err := os.WriteFile(path, []byte("date,pilot,ring,metric,value\n2026-01-05,nobody,baseline,triage_min,12.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, s, 280, 30) // wide: the temporary path is long
	d.keys("i", "tab")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText(path)
	d.keys("enter")
	before := dbState(t, s)
	d.keys("enter")
	d.must("rows 1 · new 0 · updated 0 · unchanged 0 · rejected 1",
		`nobody.csv:2: unknown pilot "nobody": no pilot nobody in this database; define it in a portfolio file and apply it (ringside apply -f FILE), or correct the file's pilot column`)
	if strings.Contains(d.screen(), "--pilot") {
		t.Errorf("the cockpit offers a command-line flag:\n%s", d.screen())
	}
	if after := dbState(t, s); after != before {
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
	s := openDemo(t)
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
	d.keys("/")
	d.typeText("claims")
	d.keys("enter", "enter", "i")
	scr, ok := d.m.top().(*importer.Screen)
	if !ok {
		t.Fatalf("i did not open the import screen:\n%s", d.screen())
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
	d.keys("tab")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText(path)
	d.keys("enter")
	d.must("150000 rows read")
	d.keys("enter")
	d.must(fmt.Sprintf("rows %d · new %d", rows, rows))
	before := dbState(t, s)

	// enter starts the import; run its commands by hand so esc can come
	// while it is under way
	_, cmd := d.m.Update(keyMsg("enter"))
	select {
	case <-gate.reached:
	case <-time.After(time.Minute):
		t.Fatalf("the import never reached the gate:\n%s", d.screen())
	}
	msg := cmd()
	if _, ok := msg.(importer.Progress); !ok {
		t.Fatalf("first message of the import = %T, want progress", msg)
	}
	d.must("Importing", "esc cancels: the transaction rolls back")
	d.keys("esc")
	d.must("cancelling")
	close(gate.release)
	d.send(msg) // the progress message, then every message until the end
	screen := d.screen()
	mustContain(t, screen, "cancelled: nothing written", "the database is as it was")
	if after := dbState(t, s); after != before {
		t.Errorf("the cancelled import wrote: %s → %s", before, after)
	}
	d.keys("enter")
	d.must("import cancelled: nothing written")
}

// TestImportScreenSources: the import screen offers the import sources, a
// column the file names otherwise is fixed with m (ROLE=HEADER), and w
// saves what the screen reads the file with as a source, in one audited
// transaction, which the screen then offers.
func TestImportScreenSources(t *testing.T) {
	s := openDemo(t)
	ctx := context.Background()
	d := newDriver(t, s, 100, 30)
	d.keys("/")
	d.typeText("claims")
	d.keys("enter", "enter", "i")
	pickEntry(t, d, "testdata/")
	pickEntry(t, d, "import/")
	pickEntry(t, d, "claims-team.csv")
	// Team is the ring, which the file does not say: refused until mapped.
	// None of the three built-in sources reads it either, and s offers none.
	d.must("missing column ring", "source none  (none of the 3 sources is made for this file")
	d.keys("s")
	d.must("source none  (none of the 3 sources is made for this file")
	d.keys("m")
	d.typeText("ring=Team")
	d.keys("enter")
	d.must("mapped ring=Team", "rings   canary ✓  pilot ✓", "a day's readings → mean of every reading: triage_min")
	before := dbState(t, s)
	d.keys("w")
	d.typeText("claims-team")
	d.keys("enter")
	d.must("saved source claims-team (audited); import metrics --source claims-team uses it", "source claims-team  (1 of 4")
	if dbState(t, s) == before {
		t.Error("saving a source wrote no audit entry")
	}
	src, err := s.Source(ctx, "claims-team")
	if err != nil || src.Pilot != "claims-triage" || src.Map["ring"] != "Team" {
		t.Fatalf("saved source %+v, %v; want pilot claims-triage, map ring=Team", src, err)
	}
	// The saved source alone reads the file now: s skips the three
	// built-in ones, which do not, and goes to none (the mapping went into
	// the source), then back round to it.
	d.keys("s")
	d.must("source none  (s picks one of 1 made for this file: claims-team)", "missing column ring")
	d.keys("s")
	d.must("source claims-team  (1 of 4", "rings   canary ✓  pilot ✓")
	// A bad name is refused, nothing saved.
	d.keys("w")
	d.typeText("Claims Team")
	d.keys("enter")
	d.must("not saved: name \"Claims Team\": use 1–64 lowercase letters")
}

// TestImportScreenScrolls: at 80×24 the dry run of a file with 40 bad
// rows and the result of an import that touches every pilot outgrow the
// screen; each scrolls (j/k, pgdn/pgup, G/g) and says how many lines are
// below or above, so no line is cut without a hint.
func TestImportScreenScrolls(t *testing.T) {
	s := openDemo(t)
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
		d.keys("i", "tab")
		d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		d.typeText(path)
		d.keys("enter", "enter") // the file, then its dry run
	}
	open(bad)
	d.checkFrame(80, 24)
	d.must("rejected 40", "bad.csv:2: ", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.screen(), "fix the lines listed") || strings.Contains(d.screen(), "bad.csv:21: ") {
		t.Fatalf("the end of the dry run shows before scrolling:\n%s", d.screen())
	}
	d.keys("G")
	d.checkFrame(80, 24)
	d.must("bad.csv:21: ", "… and 20 more", "fix the lines listed", "↑ ", "more lines above (k/↑, pgup, g)")
	if strings.Contains(d.screen(), "bad.csv:2: ") {
		t.Fatalf("G did not scroll to the end:\n%s", d.screen())
	}
	d.keys("g")
	d.must("Dry run: nothing written yet", "bad.csv:2: ")
	d.keys("j")
	d.must("↑ 1 more line above")
	d.keys("k")
	if strings.Contains(d.screen(), "above") {
		t.Fatalf("k did not scroll back to the top:\n%s", d.screen())
	}
	d.keys("pgdown")
	d.must("above")
	d.keys("g")
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown}) // the wheel scrolls three lines
	d.must("↑ 3 more lines above")
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if strings.Contains(d.screen(), "above") {
		t.Fatalf("the wheel did not scroll back to the top:\n%s", d.screen())
	}
	d.keys("esc", "esc", "esc") // preview, file list, dashboard

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
	d.keys("enter") // import
	d.checkFrame(80, 24)
	d.must("▸5 health", "imported: 8 new", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.screen(), "enter closes") {
		t.Fatalf("the result's end shows before scrolling:\n%s", d.screen())
	}
	d.keys("G")
	d.checkFrame(80, 24)
	d.must("enter closes · a imports another file", "more lines above")
	last := pilots[len(pilots)-1].Slug
	d.must(last)
	d.keys("enter")
	d.must("imported all.csv: 8 new")
}

// TestImportPilotChooser: p opens a filterable chooser of the pilot of
// rows that name none, its cursor on the current one; typing filters,
// enter picks and the file is read again, esc leaves the choice as it was.
func TestImportPilotChooser(t *testing.T) {
	s := openDemo(t)
	d := newDriver(t, s, 80, 24)
	d.openPilot("claims-triage")
	d.keys("i", "tab")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText("testdata/import/claims-week.csv")
	d.keys("enter")
	d.must("pilot claims-triage  for rows that name none (p changes)")
	d.keys("p")
	d.checkFrame(80, 24)
	d.must("Pilot for rows that name none — type to filter, enter picks, esc closes")
	if l := pickerCursorLine(d.screen()); !strings.Contains(l, "claims-triage") {
		t.Fatalf("the cursor is not on the current pilot: %q\n%s", l, d.screen())
	}
	checkGolden(t, "import_pilot_chooser_80x24", d.screen())
	d.typeText("zzz")
	d.must("nothing matches zzz")
	d.keys("esc") // nothing picked: the pilot stays
	d.must("pilot claims-triage  for rows that name none", "▸2 preview")
	d.keys("p")
	d.typeText("kb")
	if l := pickerCursorLine(d.screen()); !strings.Contains(l, "kb-article-drafts") {
		t.Fatalf("typing did not filter to kb-article-drafts: %q\n%s", l, d.screen())
	}
	d.keys("enter")
	d.must("pilot kb-article-drafts  for rows that name none", "▸2 preview")
	d.keys("p", "g") // g types into the filter; ctrl+u clears it, up to none
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for range 10 {
		d.keys("up")
	}
	d.keys("enter")
	d.must("pilot none chosen: every row must name its pilot")
}

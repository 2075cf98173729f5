package importer

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

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
)

// The import screen driven alone with key messages on the demo database,
// opened as the root opens it for the dashboard (no pilot) or a pilot's
// detail (its pilot).

// openImport is the import screen for pilot ("" from the dashboard) on s
// in a body of w×h cells (an 80×24 terminal's is 80×22).
func openImport(t *testing.T, s *store.Store, pilot string, w, h int) *uitest.Driver {
	t.Helper()
	d := uitest.New(t, common.Options{App: app.New(s, nil)}, w, h)
	d.Open(New(d.C, pilot))
	return d
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

// TestImportScreenRejectedFile shows the dry run's FILE:LINE errors and
// refuses to import.
func TestImportScreenRejectedFile(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openImport(t, s, "", 80, 22) // as i opens it on the dashboard
	d.Keys("tab")
	d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.Type("testdata/import/claims-broken.csv")
	d.Keys("enter")
	screen := d.Screen()
	// from the dashboard no pilot is chosen, and the file has no pilot column
	uitest.MustContain(t, screen, "pilot none chosen", "claims-broken.csv:1: ")
	d.Keys("p") // the chooser of pilots (the root's: enter picks)
	uitest.MustContain(t, d.ChoiceNames(), "Pilot for rows that name none: none, access-review-automation", "servicedesk-copilot")
	d.Choose("access-review-automation")
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
	d := openImport(t, s, "", 280, 28) // wide: the temporary path is long
	d.Keys("tab")
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

	d := openImport(t, s, "claims-triage", 80, 22) // as i opens it on the pilot's detail
	scr, ok := d.Top().(*Screen)
	if !ok {
		t.Fatalf("i did not open the import screen:\n%s", d.Screen())
	}
	// the third open is the import's: it stops at 140,000 rows (past the
	// store's first chunk of 131,072) until the test has pressed esc
	gate := &gatedReader{left: int64(len(data)) * 140 / 150, reached: make(chan struct{}), release: make(chan struct{})}
	opens := 0
	scr.Open = func(p string) (io.ReadCloser, int64, error) {
		f, size, err := OpenMetricFile(p)
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
	cmd := d.Top().Update(uitest.Key("enter"))
	select {
	case <-gate.reached:
	case <-time.After(time.Minute):
		t.Fatalf("the import never reached the gate:\n%s", d.Screen())
	}
	msg := cmd()
	if _, ok := msg.(Progress); !ok {
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
	d := openImport(t, s, "claims-triage", 100, 28) // as i opens it on the pilot's detail
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
	d := uitest.New(t, common.Options{App: app.New(s, nil)}, 80, 22)
	open := func(path string) { // i on the dashboard
		d.Open(New(d.C, ""))
		d.Keys("tab")
		d.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		d.Type(path)
		d.Keys("enter", "enter") // the file, then its dry run
	}
	open(bad)
	d.CheckSize()
	d.Must("rejected 40", "bad.csv:2: ", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.Screen(), "fix the lines listed") || strings.Contains(d.Screen(), "bad.csv:21: ") {
		t.Fatalf("the end of the dry run shows before scrolling:\n%s", d.Screen())
	}
	d.Keys("G")
	d.CheckSize()
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
	d.Keys("esc", "esc", "esc") // preview, file list, closed

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
	d.CheckSize()
	d.Must("▸5 health", "imported: 8 new", "↓ ", "more lines (j/↓, pgdn, G)")
	if strings.Contains(d.Screen(), "enter closes") {
		t.Fatalf("the result's end shows before scrolling:\n%s", d.Screen())
	}
	d.Keys("G")
	d.CheckSize()
	d.Must("enter closes · a imports another file", "more lines above")
	last := pilots[len(pilots)-1].Slug
	d.Must(last)
	d.Keys("enter")
	d.Must("imported all.csv: 8 new")
}

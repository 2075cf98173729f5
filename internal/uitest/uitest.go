// Package uitest is what the cockpit's tests share: the demo portfolio in
// a real SQLite database in t.TempDir(), and a driver that runs one screen
// of ui/… with real key messages, without the root router. Each screen
// package tests its own screen with it; package ui keeps the tests of the
// routing between screens and of the frame around them.
package uitest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/importers"
	"ringside/model"
	"ringside/store"
	"ringside/themes"
	"ringside/ui/common"
)

// DemoAsOf is the day the demo portfolio was written for.
var DemoAsOf = model.MustDate("2026-11-20")

// Clock is the clock of every database a test opens: the afternoon of the
// demo day.
func Clock() time.Time { return time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC) }

// repoRoot is the module's root, found from this file, relative to the
// test's directory (the audit log names the files imported as given, and
// golden files show them: ../app/demo/… from ui).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, root); err == nil {
			return rel
		}
	}
	return root
}

// OpenDemo loads the demo portfolio and its metrics, unshifted, into a
// fresh database.
func OpenDemo(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), Clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// A fixed clock keeps audit times in the golden files stable.
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	root := filepath.Join(repoRoot(), "app", "demo")
	f, err := os.Open(filepath.Join(root, "portfolio.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := importers.ReadPortfolioFile(f, "portfolio.yaml") // with its change calendar
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.ApplyPortfolio(ctx, store.Change{Actor: "test"}, "a portfolio file", pf); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "metrics", "*.csv"))
	for _, file := range files {
		ImportMetrics(t, s, file)
	}
	return s
}

// ImportMetrics imports one metric CSV, named after its pilot, through app.
func ImportMetrics(t testing.TB, s *store.Store, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	slug := strings.TrimSuffix(filepath.Base(file), ".csv")
	st, err := app.New(s, nil).ImportMetrics(context.Background(), app.Change{Actor: "test"}, file, f, importers.Options{Pilot: slug}, false, 0, nil)
	if err != nil || !st.Accepted {
		t.Fatalf("import %s: %v %v", file, err, st.Errors)
	}
}

// MustPilot reads a pilot back from the store.
func MustPilot(t testing.TB, s *store.Store, slug string) model.Pilot {
	t.Helper()
	p, err := s.Pilot(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Driver runs screens of one package on a stack of its own, as the root
// does but without its frame: every command runs at once and its
// messages come back, so a test sees the screen as it stands after a key
// and everything the key started has finished. The navigation messages
// are kept, not answered (Opened), except that a form asked for opens
// when Forms is set (ui/form's own tests set it).
type Driver struct {
	T      testing.TB
	C      *common.Common
	Stack  []common.Screen
	Status string    // the footer's line: the last CloseMsg's, StatusMsg's or ChangedMsg's
	Change int       // how many times a screen said the database changed
	Opened []tea.Msg // the open messages screens sent (OpenReviewMsg, OpenPilotMsg…)
	// Choosing is the choice a screen asked the root to offer (its
	// chooser), until Choose picks one.
	Choosing *common.ChooseMsg
	Forms    common.Forms
	// Reload, when set, answers a ChangedMsg as the root's reload would.
	Reload func() tea.Cmd
	Quit   bool
	w, h   int
	typing
}

// New is a driver for screens of w×h cells (a terminal of w×h+2: the
// root's app bar and footer take two lines), on the demo's day, with no
// colour. opt.App is required; AsOf, Actor and Now default to the demo's.
func New(t testing.TB, opt common.Options, w, h int) *Driver {
	if opt.AsOf == 0 {
		opt.AsOf = DemoAsOf
	}
	if opt.Actor == "" {
		opt.Actor = "test"
	}
	if opt.Now == nil {
		at := opt.AsOf.Time().Add(12 * time.Hour)
		opt.Now = func() time.Time { return at }
	}
	opt.NoColor = true
	c := &common.Common{Opt: opt, Keys: common.DefaultKeys()}
	c.SetTheme(themes.NoColor())
	d := &Driver{T: t, C: c, w: w, h: h}
	d.typing = typing{d.Send}
	return d
}

// Open pushes s and starts it.
func (d *Driver) Open(s common.Screen) {
	s.SetSize(d.w, d.h)
	d.Stack = append(d.Stack, s)
	if i, ok := s.(interface{ Init() tea.Cmd }); ok {
		d.Run(i.Init())
	}
}

// OpenLoaded pushes s and shows it what load reads, as the root's first
// load does, and reads it again each time a screen says the database
// changed.
func (d *Driver) OpenLoaded(s common.Screen, load func() tea.Cmd) {
	d.Open(s)
	d.Load(load())
	d.Reload = load
}

// Top is the screen on top.
func (d *Driver) Top() common.Screen {
	if len(d.Stack) == 0 {
		d.T.Fatal("no screen open")
	}
	return d.Stack[len(d.Stack)-1]
}

// Send gives msg to the top screen, as the root would; esc on a screen
// that does not capture keys and has nothing of its own to close pops it.
func (d *Driver) Send(msg tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		d.Status = ""
		if len(d.Stack) == 0 {
			return
		}
		top := d.Top()
		if !top.Capturing() && key.Matches(k, d.C.Keys.Back) {
			if !top.Back() {
				d.pop()
			}
			return
		}
		if !top.Capturing() && key.Matches(k, d.C.Keys.Quit) {
			d.Quit = true
			return
		}
	}
	d.deliver(msg)
}

func (d *Driver) deliver(msg tea.Msg) {
	if len(d.Stack) == 0 {
		return
	}
	d.Run(d.Top().Update(msg))
}

func (d *Driver) pop() {
	if len(d.Stack) > 0 {
		d.Stack = d.Stack[:len(d.Stack)-1]
	}
}

// Run runs cmd and every command its messages start.
func (d *Driver) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.QuitMsg:
		d.Quit = true
	case common.PushMsg:
		d.Open(msg.Screen)
	case common.CloseMsg:
		d.pop()
		d.Status = msg.Status
	case common.ChangedMsg:
		d.Change++
		if msg.Status != "" {
			d.Status = msg.Status
		}
		if d.Reload != nil {
			d.Run(d.Reload())
		}
	case common.StatusMsg:
		d.Status = msg.Text
	case common.LoadMsg:
		d.Run(func() tea.Msg { return broadcast{msg.Cmd()} })
	case broadcast:
		for _, s := range d.Stack {
			d.Run(s.Update(msg.msg))
		}
	case common.OpenFormMsg:
		if d.Forms != nil {
			d.Open(msg.Build(d.Forms))
			return
		}
		d.Opened = append(d.Opened, msg)
	case common.OpenImportMsg, common.OpenReviewMsg, common.OpenDrillMsg, common.OpenPilotMsg:
		d.Opened = append(d.Opened, msg)
	case common.ChooseMsg: // the root's chooser: Choose answers it
		d.Choosing = &msg
	default:
		if cmds, ok := commands(msg); ok {
			for _, c := range cmds {
				d.Run(c)
			}
			return
		}
		if _, ok := clipboard(msg); ok {
			return
		}
		d.deliver(msg)
	}
}

// broadcast is a loaded result every open screen sees (the root's loadDone).
type broadcast struct{ msg tea.Msg }

// Load runs a loading command and shows its result to every open screen.
func (d *Driver) Load(cmd tea.Cmd) { d.Run(func() tea.Msg { return broadcast{cmd()} }) }

// Screen is what the root's frame would show of the top screen, as plain
// text with trailing spaces trimmed per line: its title (the app bar's),
// its view, and the status line (the footer's) when there is one.
func (d *Driver) Screen() string {
	if len(d.Stack) == 0 {
		return "(no screen) " + d.Status
	}
	sc := Plain(d.Top().View())
	if title := d.Top().Title(); title != "" {
		sc = title + "\n" + sc
	}
	if d.Status != "" {
		sc += "\n" + d.Status
	}
	return sc
}

// Must stops the test when the screen (or the status line) lacks any of wants.
func (d *Driver) Must(wants ...string) {
	d.T.Helper()
	MustContain(d.T, d.Screen(), wants...)
}

// MustSay is Must for sentences the screen may wrap across lines: each run
// of spaces and line breaks, on the screen and in wants, reads as one space.
func (d *Driver) MustSay(wants ...string) {
	d.T.Helper()
	MustContain(d.T, Flat(d.Screen()), flatAll(wants)...)
}

// CheckSize asserts the top screen draws at most its size.
func (d *Driver) CheckSize() {
	d.T.Helper()
	checkSize(d.T, d.Top().View(), d.w, d.h)
}

// Choose picks the choice named name of the chooser a screen asked for,
// as enter on it in the root's chooser does.
func (d *Driver) Choose(name string) {
	d.T.Helper()
	if d.Choosing == nil {
		d.T.Fatalf("no chooser open:\n%s", d.Screen())
	}
	ch := d.Choosing
	d.Choosing = nil
	for _, a := range ch.Choices {
		if a.Name == name {
			d.Run(a.Run())
			return
		}
	}
	d.T.Fatalf("the chooser %q offers no %q", ch.Title, name)
}

// ChoiceNames are the names the open chooser offers, in order.
func (d *Driver) ChoiceNames() string {
	if d.Choosing == nil {
		return "(no chooser)"
	}
	var names []string
	for _, a := range d.Choosing.Choices {
		names = append(names, a.Name)
	}
	return d.Choosing.Title + ": " + strings.Join(names, ", ")
}

// Action runs the top screen's palette action named name.
func (d *Driver) Action(name string) {
	d.T.Helper()
	ps, ok := d.Top().(common.PaletteSource)
	if !ok {
		d.T.Fatalf("%T offers no palette actions", d.Top())
	}
	for _, a := range ps.Actions() {
		if a.Name == name {
			d.Run(a.Run())
			return
		}
	}
	d.T.Fatalf("no palette action %q on %T", name, d.Top())
}

// EditPilot changes pilot slug through app, in one audited edit under
// action, as another writer (a second cockpit, the command line) would
// while a screen is open on it.
func EditPilot(t testing.TB, s *store.Store, slug, action string, change func(q *model.Pilot)) {
	t.Helper()
	if _, _, err := app.New(s, nil).EditPilot(context.Background(), app.Change{Actor: "someone else", Action: action, Summary: "edited elsewhere"}, slug, func(q *model.Pilot) error {
		change(q)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// LastAudit is the newest audit entry.
func LastAudit(t testing.TB, s *store.Store) store.AuditEntry {
	t.Helper()
	es, err := s.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit: %v", err)
	}
	return es[0]
}

// HeadHash is the audit chain's head hash: a test compares it before and
// after a refused save to show nothing was written.
func HeadHash(t testing.TB, s *store.Store) string {
	t.Helper()
	h, err := s.HeadHash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// VerifyOK fails the test unless verify finds the database sound.
func VerifyOK(t testing.TB, s *store.Store) {
	t.Helper()
	r, err := s.Verify(context.Background())
	if err != nil || !r.OK {
		t.Fatalf("verify: %v %+v", err, r)
	}
}

// Rebind gives each action of the key map its keys, as a config file
// does ("form.cancel": {"ctrl+b"}); the test fails on an action the key
// map does not have.
func (d *Driver) Rebind(keys map[string][]string) {
	d.T.Helper()
	for name, ks := range keys {
		if !d.C.Keys.Rebind(name, ks) {
			d.T.Fatalf("the key map has no action %s", name)
		}
	}
}

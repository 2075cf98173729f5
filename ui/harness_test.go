package ui

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ringside/app"
	"ringside/internal/golden"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
)

// demoAsOf is the day the demo portfolio was written for.
var demoAsOf = uitest.DemoAsOf

// openDemo loads the demo portfolio and its metrics, unshifted, into a
// fresh database.
func openDemo(t testing.TB) *store.Store { return uitest.OpenDemo(t) }

func importMetrics(t testing.TB, s *store.Store, file string) { uitest.ImportMetrics(t, s, file) }

// driver runs the real root model without a terminal: every command is
// executed at once and its messages fed back, so a test sees the screen as
// it stands after a key and everything the key started has finished.
type driver struct {
	t    testing.TB
	m    *Model
	clip string
	quit bool
}

func newDriver(t testing.TB, s *store.Store, w, h int) *driver {
	m := New(common.Options{App: app.New(s, nil), AsOf: demoAsOf, Actor: "test", NoColor: true})
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	default:
		// tea.Sequence's message type is unexported: run its commands in order.
		if cmds, seq, ok := common.CmdList(msg); ok && seq {
			for _, c := range cmds {
				d.run(c)
			}
			return
		}
		// SetClipboard's message type is unexported: read its payload.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.String && strings.Contains(reflect.TypeOf(msg).String(), "lipboard") {
			d.clip = v.String()
			return
		}
		d.send(msg)
	}
}

// keys sends each key: names like "enter", "tab", "shift+tab", "esc",
// "down", or single characters.
func (d *driver) keys(names ...string) {
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(name string) tea.KeyPressMsg { return uitest.Key(name) }

// screen is the frame as plain text, trailing spaces trimmed per line.
func (d *driver) screen() string {
	v := d.m.View()
	lines := strings.Split(ansi.Strip(v.Content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// checkFrame asserts the frame is exactly w×h at most: no line wider, no
// more lines.
func (d *driver) checkFrame(w, h int) {
	d.t.Helper()
	lines := strings.Split(d.m.View().Content, "\n")
	if len(lines) > h {
		d.t.Errorf("frame has %d lines, screen has %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			d.t.Errorf("line %d is %d cells wide, screen is %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}

// checkGolden compares got with testdata/NAME.golden (go test ./ui -update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.AssertString(t, filepath.Join("testdata", name+".golden"), got)
}

// mustContain stops the test when screen lacks any of wants.
func mustContain(t testing.TB, screen string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(screen, w) {
			t.Fatalf("screen lacks %q:\n%s", w, screen)
		}
	}
}

// must stops the test when the current screen lacks any of wants.
func (d *driver) must(wants ...string) {
	d.t.Helper()
	mustContain(d.t, d.screen(), wants...)
}

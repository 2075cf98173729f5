package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ringside/app"
	"ringside/model"
	"ringside/store"
	"ringside/ui"
)

// cockpit drives the real cockpit model in-process: each key goes through
// Update and every command it starts runs at once, its messages fed back.
type cockpit struct {
	t *testing.T
	m tea.Model
}

func (c *cockpit) send(msg tea.Msg) {
	var cmd tea.Cmd
	c.m, cmd = c.m.Update(msg)
	c.run(cmd)
}

func (c *cockpit) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, sub := range msg {
			c.run(sub)
		}
	default:
		if reflect.TypeOf(msg).Kind() == reflect.String { // the clipboard: not used here
			return
		}
		c.send(msg)
	}
}

// keys sends key names ("enter", "space", "down", "right") or typed text.
func (c *cockpit) keys(names ...string) {
	special := map[string]tea.Key{"enter": {Code: tea.KeyEnter}, "space": {Code: tea.KeySpace, Text: " "},
		"down": {Code: tea.KeyDown}, "right": {Code: tea.KeyRight}, "esc": {Code: tea.KeyEscape}}
	for _, n := range names {
		if k, ok := special[n]; ok {
			c.send(tea.KeyPressMsg(k))
			continue
		}
		for _, r := range n {
			c.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (c *cockpit) screen() string { return ansi.Strip(c.m.View().Content) }

func (c *cockpit) expect(want string) {
	c.t.Helper()
	if !strings.Contains(c.screen(), want) {
		c.t.Fatalf("the screen does not show %q:\n%s", want, c.screen())
	}
}

// TestReviewSessionEndsInGoAndExportsTheChecklist holds claims-triage's G3
// review from `ringside review`, keys only: attendees, a note, a waiver of
// the critical-risk criterion, three sign-offs in the room, an action item,
// go. The stage advances, and the checklist `x` writes is byte for byte
// what `ringside export checklist --format md` writes for the same
// database at the same moment.
func TestReviewSessionEndsInGoAndExportsTheChecklist(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	clock := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	a := &cli{stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), dbPath: db, actor: "tester", asOf: model.MustDate("2026-11-20"), noColor: true, now: now}
	s, err := store.Open(db, pinnedNow)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	opt, err := uiOptions(a, app.New(s, now), &cockpitOptions{review: &reviewTarget{pilot: "claims-triage", gate: "G3"}})
	if err != nil {
		t.Fatal(err)
	}
	opt.ExportDir = dir
	c := &cockpit{t: t, m: ui.New(opt)}
	c.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	c.run(c.m.Init())
	c.expect("Who is here?")

	// Dana Ruiz (product owner), Lee Park (security), Ola Berg (legal), and a guest.
	c.keys("space", "down", "down", "down", "space", "down", "down", "space", "a", "Kim Weber", "enter")
	c.expect("4 present")
	c.keys("right", "n", "Triage down a third", "enter")
	c.expect("Note: Triage down a third")
	c.keys("right", "right", "right", "right", "right")
	c.expect("criterion 6 of 8")
	c.keys("w", "Residual 5 once DLP is on", "enter", "enter") // granted by security, the default
	c.expect("WAIVED")
	c.keys("right", "right", "right")
	c.expect("Sign-offs in the room")
	sign := func(meaning string) {
		c.keys("s", "enter", "enter", meaning, "enter", "enter")
	}
	sign("Pilot results accepted")     // product_owner
	c.keys("down", "down", "down")     // security
	sign("Security controls verified") //
	c.keys("down", "down")             // legal
	sign("Data processing approved")   //
	c.expect("approve by Ola Berg")
	c.keys("right", "i", "Enable DLP on the canary mailbox", "enter", "Lee Park", "enter", "2026-12-15", "enter")
	c.expect("Enable DLP on the canary mailbox — Lee Park, due 2026-12-15")
	c.keys("d", "g", "enter")
	c.expect("DECISION: GO")
	c.expect("stage now hardening")
	c.keys("x")
	c.expect("Written:")

	got, err := os.ReadFile(filepath.Join(dir, "checklist-claims-triage-G3-2026-11-20.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(t.TempDir(), "cli.md")
	if err := exportChecklistRun(&exportChecklistOptions{App: a, pilot: "claims-triage", gate: "G3", format: "md", out: want}); err != nil {
		t.Fatal(err)
	}
	wantBytes, _ := os.ReadFile(want)
	if !bytes.Equal(got, wantBytes) {
		t.Errorf("the meeting's checklist differs from export checklist:\n--- meeting\n%s\n--- cli\n%s", got, wantBytes)
	}
	for _, w := range []string{"Decision: **go**", "Attendees: Dana Ruiz, Lee Park, Ola Berg, Kim Weber", "**Lee Park** (security): approve", "Verdict: **ready**"} {
		if !strings.Contains(string(got), w) {
			t.Errorf("checklist lacks %q:\n%s", w, got)
		}
	}
	minutes, err := os.ReadFile(filepath.Join(dir, "minutes-claims-triage-G3-2026-11-20.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"# Minutes: G3 review", "- **Decision:** go", "Note: Triage down a third", "| Enable DLP on the canary mailbox | Lee Park | 2026-12-15 |"} {
		if !strings.Contains(string(minutes), w) {
			t.Errorf("minutes lack %q:\n%s", w, minutes)
		}
	}
	p, err := s.Pilot(context.Background(), "claims-triage")
	if err != nil || p.Stage != model.StageHardening {
		t.Errorf("claims-triage is at stage %q after the go (%v), want hardening", p.Stage, err)
	}
	s.Close()
	if code, out, _ := ringside(t, db, "verify"); code != 0 {
		t.Errorf("verify after the meeting: %d %s", code, out)
	}
}

func TestReviewCommandRefusesUnknownPilotAndGate(t *testing.T) {
	db := demoDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"review", "--pilot", "nope", "--gate", "G3"}, `pilot "nope"`},
		{[]string{"review", "--pilot", "claims-triage", "--gate", "G9"}, `unknown gate "G9"`},
		{[]string{"review", "--gate", "G3"}, "--pilot"},
	} {
		code, _, errs := ringside(t, db, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

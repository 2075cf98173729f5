// Package form is the cockpit's editing: huh forms for a pilot, its rings,
// KPIs, risks, runbooks and drills, each saved through app as one audited
// edit that the session can undo, and the confirmation before a delete.
package form

import (
	"errors"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// Screen hosts a huh form on the screen stack: the pilot, owner, ring,
// KPI, risk, runbook and drill forms, the pickers and the yes/no
// confirmation. Fields validate as they are typed; when the form is
// complete, submit returns the command that saves (or opens the next
// screen). A refused save shows why and rebuilds the form with the same
// values, so nothing is lost and nothing is written until it is valid.
type Screen struct {
	c      *common.Common
	title  string
	build  func() *huh.Form // binds its fields to values that outlive a rebuild
	submit func() tea.Cmd
	form   *huh.Form
	errs   []string // why the last save was refused
	busy   bool     // a save is under way
	Start  tea.Cmd  // a save to run as soon as the screen opens (savingScreen)
	// live, when set, is drawn under the title and recomputed on every
	// frame from the values typed so far (the payback form's projection).
	live func(width int) []string
	// then, when set, opens the next screen once the save succeeded (the
	// rollback dialog's flags to record as turned off).
	then func() *Screen
	// parent, when set, is the form this one is a step of (the change
	// calendar's question after a ring form): esc goes back to it with
	// its values, a save closes both.
	parent *Screen
	width  int
	height int
}

func New(c *common.Common, title string, build func() *huh.Form, submit func() tea.Cmd) *Screen {
	s := &Screen{c: c, title: title, build: build, submit: submit}
	s.rebuild()
	return s
}

func (s *Screen) rebuild() {
	s.form = s.build().WithTheme(s.c.Styles.Huh()) // the active theme, so typed values read under light too
	s.form = s.form.WithKeyMap(huhKeys(&s.c.Keys)).WithShowHelp(false).WithShowErrors(false)
	s.size()
}

func (s *Screen) size() {
	if s.width > 0 {
		s.form.WithWidth(s.width - 2)
		s.form.WithHeight(max(s.height-s.headLines(), 3))
	}
}

// headLines is the room above the form: the title, a blank line and the
// messages.
func (s *Screen) headLines() int { return 2 + len(s.liveLines()) + len(s.errLines()) }

func (s *Screen) liveLines() []string {
	if s.live == nil {
		return nil
	}
	return s.live(s.width)
}

// errLines are why the last save was refused and what the field being
// typed in refuses now, shown above the form so they are never scrolled
// out of sight.
func (s *Screen) errLines() []string {
	var out []string
	msgs := append([]string(nil), s.errs...)
	// the field being typed in only: a field not reached yet has nothing
	// to say (huh validates a list as its options load, before any key)
	if f := s.form.GetFocusedField(); f != nil && f.Error() != nil {
		msgs = append(msgs, f.Error().Error())
	}
	for _, e := range msgs {
		for _, l := range widgets.Wrap(model.Line(e), max(s.width-4, 10)) {
			out = append(out, l)
		}
	}
	if len(out) > 6 {
		out = append(out[:5], "… and more: fix these first")
	}
	return out
}

func (s *Screen) Init() tea.Cmd {
	if s.Start != nil {
		s.busy = true
		return tea.Batch(steady(s.form.Init()), s.Start)
	}
	return steady(s.form.Init())
}

// Saving runs save at once and shows it under way; a refusal stays
// on screen until enter or esc closes it.
func Saving(c *common.Common, title string, save tea.Cmd) *Screen {
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(huh.NewNote().Title(Closes(c)).Next(true)))
	}
	s := New(c, title, build, func() tea.Cmd { return common.CloseTop(title + ": nothing saved") })
	s.Start = save
	return s
}

func (s *Screen) Title() string   { return s.title }
func (s *Screen) Capturing() bool { return true } // esc, q and ? belong to the fields
func (s *Screen) Back() bool      { return false }

func (s *Screen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.size()
}

func (s *Screen) Keys() []key.Binding {
	k := s.c.Keys
	accept, prev := k.Accept, k.FieldPrev
	accept.SetHelp(accept.Help().Key, "next/save")
	prev.SetHelp(prev.Help().Key, "previous")
	return []key.Binding{accept, prev, k.Cancel}
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case startSave:
		s.busy = true
		return msg.cmd
	case common.FormDone:
		s.busy = false
		if msg.Err == nil {
			if msg.Undo != nil {
				s.c.Undo.Push(*msg.Undo)
				s.c.NoteCreated(*msg.Undo)
			}
			closing := []tea.Cmd{common.CloseTop(msg.Status)}
			if s.parent != nil { // the form this step belongs to closes too
				closing = append(closing, common.CloseTop(msg.Status))
			}
			closing = append(closing, common.Changed(msg.Status))
			if s.then != nil {
				closing = append(closing, common.Push(s.then()))
			}
			return tea.Sequence(closing...)
		}
		if msg.Override != nil {
			// the calendar's question is a step of this form: esc on it
			// comes back here with what was typed, a reason saves both
			s.rebuild()
			o := overrideForm(s.c, msg.Err, msg.Override)
			o.parent = s
			return tea.Batch(steady(s.form.Init()), common.Push(o))
		}
		s.errs = refusal(msg.Err)
		s.rebuild()
		return steady(s.form.Init())
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		if key.Matches(msg, s.c.Keys.Cancel) {
			if s.parent != nil {
				return common.CloseTop(s.title + ": back to " + s.parent.title + ", nothing saved yet")
			}
			return common.CloseTop(s.title + ": cancelled, nothing saved")
		}
		if s.confirmArrowStays(msg) {
			return nil
		}
	}
	before := len(s.errLines()) + len(s.liveLines())
	_, cmd := s.form.Update(msg)
	cmd = steady(cmd)
	if len(s.errLines())+len(s.liveLines()) != before {
		s.size() // the messages above the form took or gave back room
	}
	if s.form.State == huh.StateCompleted && !s.busy {
		s.busy = true
		return tea.Batch(cmd, s.submit())
	}
	return cmd
}

// refusal turns a refused save into lines to show: one per field error.
func refusal(err error) []string {
	var inv *app.InvalidPilotError
	if errors.As(err, &inv) {
		out := []string{"not saved, fix these:"}
		for _, fe := range inv.Errs {
			out = append(out, "• "+fe.Error())
		}
		return out
	}
	return []string{"not saved: " + err.Error()}
}

func (s *Screen) View() string {
	st := &s.c.Styles
	lines := []string{st.Heading.Render(" " + widgets.Fit(model.Line(s.title), s.width-1)), ""}
	lines = append(lines, s.liveLines()...)
	for _, l := range s.errLines() {
		lines = append(lines, st.Error.Render("  "+l))
	}
	if s.busy {
		lines = append(lines, "  saving…")
		return common.Frame(lines, s.width, s.height)
	}
	for _, l := range strings.Split(st.HuhView(s.form.View()), "\n") {
		lines = append(lines, " "+l)
	}
	return common.Frame(lines, s.width, s.height)
}

// steady drops the cursor's blink timer from a form's commands: the cursor
// stays lit (a form on a projector reads better without blinking), the
// loop is not woken twice a second, and every other command (next field,
// the editor, descriptions) still runs. Batches and sequences are opened
// so a blink inside them is dropped too.
func steady(cmd tea.Cmd) tea.Cmd {
	if cmd == nil || isBlink(cmd) {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		cmds, seq, ok := common.CmdList(msg)
		if !ok {
			return msg
		}
		var kept []tea.Cmd
		for _, c := range cmds {
			if c := steady(c); c != nil {
				kept = append(kept, c)
			}
		}
		if seq && len(kept) > 1 {
			return tea.Sequence(kept...)()
		}
		return tea.BatchMsg(kept)
	}
}

func isBlink(cmd tea.Cmd) bool {
	f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	return f != nil && strings.Contains(f.Name(), "bubbles/v2/cursor.")
}

// huhKeys is the forms' key map built from the cockpit's: enter and the
// field keys move between fields, y/n answer a question, ←/→ pick an
// option, so a rebound form key works in every form.
func huhKeys(k *common.KeyMap) *huh.KeyMap {
	// up and down stay with lists inside a field (a select's options)
	fieldKeys := func(bs ...key.Binding) []string {
		var out []string
		for _, b := range bs {
			for _, s := range b.Keys() {
				if s != "up" && s != "down" && !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return out
	}
	bind := func(keys []string, help string) key.Binding {
		if len(keys) == 0 {
			return key.NewBinding(key.WithDisabled())
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(common.KeyGlyph(keys[0]), help))
	}
	next := bind(fieldKeys(k.Accept, k.FieldNext), "next")
	prev := bind(fieldKeys(k.FieldPrev), "back")
	submit := bind(fieldKeys(k.Accept), "submit")
	km := huh.NewDefaultKeyMap()
	km.Input.Next, km.Input.Prev, km.Input.Submit = next, prev, submit
	km.Text.Next, km.Text.Prev, km.Text.Submit = next, prev, submit
	km.Select.Next, km.Select.Prev, km.Select.Submit = next, prev, submit
	km.MultiSelect.Next, km.MultiSelect.Prev, km.MultiSelect.Submit = next, prev, submit
	km.Note.Next, km.Note.Prev, km.Note.Submit = next, prev, submit
	km.Confirm.Next, km.Confirm.Prev, km.Confirm.Submit = next, prev, submit
	km.FilePicker.Next, km.FilePicker.Prev, km.FilePicker.Submit = bind(fieldKeys(k.FieldNext), "next"), prev, submit
	km.Select.Left = bind(fieldKeys(k.OptionPrev), "left")
	km.Select.Right = bind(fieldKeys(k.OptionNext), "right")
	km.Select.Left.SetEnabled(false) // huh enables them for inline selects
	km.Select.Right.SetEnabled(false)
	km.Confirm.Accept = bind(fieldKeys(k.Yes), "yes")
	km.Confirm.Reject = bind(without(fieldKeys(k.No), "esc"), "no")
	km.Confirm.Toggle = bind(fieldKeys(k.OptionPrev, k.OptionNext, k.OptionToggle), "toggle")
	km.Quit = bind(fieldKeys(k.ForceQuit), "quit")
	// a text area's and a choice's own keys, from the key map too: a
	// config file rebinds them, and huh reacts to no key of its own
	km.Text.NewLine = bind(k.NewLine.Keys(), "new line")
	km.Text.Editor = bind(k.Editor.Keys(), "open editor")
	km.Input.AcceptSuggestion.SetEnabled(false) // no input offers suggestions
	km.MultiSelect.Toggle = bind(k.Mark.Keys(), "toggle")
	km.MultiSelect.SelectAll = bind(k.MarkAll.Keys(), "select all")
	km.MultiSelect.SelectNone = bind(k.MarkAll.Keys(), "select none")
	km.MultiSelect.SelectNone.SetEnabled(false) // huh swaps the two as it goes
	// a choice moves as a list does: up and down (and as while typing,
	// less the field's own tab), first, last, half a page, and / filters
	up, down := append(k.Up.Keys(), k.TypingUp.Keys()...), without(append(k.Down.Keys(), k.TypingDown.Keys()...), fieldKeys(k.FieldNext, k.FieldPrev)...)
	pgUp, pgDown := without(k.PageUp.Keys(), k.Mark.Keys()...), without(k.PageDown.Keys(), k.Mark.Keys()...)
	for _, m := range []struct{ up, down, top, bottom, halfUp, halfDown, filter *key.Binding }{
		{&km.Select.Up, &km.Select.Down, &km.Select.GotoTop, &km.Select.GotoBottom, &km.Select.HalfPageUp, &km.Select.HalfPageDown, &km.Select.Filter},
		{&km.MultiSelect.Up, &km.MultiSelect.Down, &km.MultiSelect.GotoTop, &km.MultiSelect.GotoBottom, &km.MultiSelect.HalfPageUp, &km.MultiSelect.HalfPageDown, &km.MultiSelect.Filter},
	} {
		*m.up, *m.down = bind(dedup(up), "up"), bind(dedup(down), "down")
		*m.top, *m.bottom = bind(k.Top.Keys(), "go to start"), bind(k.Bottom.Keys(), "go to end")
		*m.halfUp, *m.halfDown = bind(pgUp, "½ page up"), bind(pgDown, "½ page down")
		*m.filter = bind(k.Filter.Keys(), "filter")
	}
	return km
}

// newLineKeys names the keys that start a new line in a text area, as
// its description says them: "alt+enter or ctrl+j".
func newLineKeys(c *common.Common) string { return strings.Join(c.Keys.NewLine.Keys(), " or ") }

// dedup is keys with each key once, in order.
func dedup(keys []string) []string {
	var out []string
	for _, s := range keys {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// without is keys less drop.
func without(keys []string, drop ...string) []string {
	var out []string
	for _, s := range keys {
		if !slices.Contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}

// confirmArrowStays makes ←/→ on a yes/no question move between the
// buttons as in every other Charm tool, rather than toggle: ← (the
// option-back keys) stands on Yes, → on No; an arrow towards the side
// already chosen does nothing. It reports whether the key is used up here.
func (s *Screen) confirmArrowStays(msg tea.KeyPressMsg) bool {
	c, ok := s.form.GetFocusedField().(*huh.Confirm)
	if !ok {
		return false
	}
	yes, _ := c.GetValue().(bool)
	k := s.c.Keys
	switch {
	case key.Matches(msg, k.OptionPrev) && !msg.Mod.Contains(tea.ModShift):
		return yes // already on Yes
	case key.Matches(msg, k.OptionNext):
		return !yes // already on No
	}
	return false
}

// undoes says the key that undoes a save: "u undoes it" with the default keys.
func undoes(c *common.Common) string { return common.Named(c.Keys.Undo) + " undoes it" }

// Closes is the line that says how a form with nothing left to answer
// closes: "enter or esc closes" with the default keys.
func Closes(c *common.Common) string {
	return c.Keys.Accept.Help().Key + " or " + c.Keys.Cancel.Help().Key + " closes"
}

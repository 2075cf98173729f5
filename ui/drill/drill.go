// Package drill is the cockpit's timed rollback drill: pick one of a
// pilot's runbooks, run its steps against a clock, and save the drill with
// its outcome and each step's time. The clock is injected (common.Now).
package drill

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
)

// drillPhase is where a timed drill stands.
type drillPhase int

const (
	drillIntro   drillPhase = iota // choose the runbook, read the steps; enter starts the clock
	drillRunning                   // one step at a time, the clock running
	drillSummary                   // time to restore, outcome, notes; enter saves
	drillSaving
)

// Screen runs a timed rollback drill of one of a pilot's runbooks and
// saves it as a model.Drill: who, when, outcome, time to restore, and each
// step's time. The clock is now(), so tests can move it; nothing here
// reads time.Now directly.
type Screen struct {
	c     *common.Common
	slug  string
	books []model.Runbook
	book  int // index into books
	Now   func() time.Time

	phase   drillPhase
	steps   []string
	marks   []model.DrillStep // one per step marked so far
	start   time.Time
	elapsed time.Duration // at the last tick or key
	seq     int           // drill number: ticks of an abandoned drill stop

	input        common.LineInput // a step note or the general notes, while focused
	noteFor      int              // step index of the note being typed; -1 the general notes
	pendingNotes []string         // notes by step index, typed while the step runs
	confirm      string           // "abandon" or "discard" while asking y/n
	outcome      model.DrillOutcome
	notes        string
	err          error
	width        int
	height       int
}

// drillTick moves the clock of drill seq.
type drillTick struct{ seq int }

// drillSaved says the drill was saved (err nil) or why not.
type drillSaved struct {
	status string
	err    error
}

func New(c *common.Common, slug string, books []model.Runbook, book int) *Screen {
	s := &Screen{c: c, slug: slug, books: books, Now: c.Now, noteFor: -1}
	s.choose(book)
	return s
}

func (s *Screen) choose(i int) {
	s.book = (i + len(s.books)) % len(s.books)
	s.steps = model.RunbookSteps(s.books[s.book].Body)
}

func (s *Screen) runbook() model.Runbook { return s.books[s.book] }

func (s *Screen) Title() string { return "Drill" }

// Capturing from the start of the clock on: q, ? and : must not end or
// hide a drill under way, and esc asks before anything is lost.
func (s *Screen) Capturing() bool { return s.phase != drillIntro }

func (s *Screen) Back() bool { return false }

func (s *Screen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *Screen) Keys() []key.Binding {
	k := s.c.Keys
	switch {
	case s.confirm != "":
		return []key.Binding{k.Yes, k.No}
	case s.input.Focus:
		return []key.Binding{k.Accept, k.Cancel, k.Erase, k.Clear}
	case s.phase == drillIntro:
		return []key.Binding{k.StartClock, k.BookPrev, k.BookNext}
	case s.phase == drillRunning:
		return []key.Binding{k.StepDone, k.StepFail, k.StepNote, k.Abandon}
	case s.phase == drillSummary:
		return []key.Binding{k.SaveDrill, k.OutcomePrev, k.OutcomeNext, k.DrillNotes, k.Discard}
	}
	return nil
}

// HelpOK lets ? open the help during a drill, except while a note is typed.
func (s *Screen) HelpOK() bool { return !s.input.Focus }

// tick asks for the next second of the clock. Tests run without timers
// (c.ticks false): their clock moves with the keys.
func (s *Screen) tick() tea.Cmd {
	if !s.c.Ticks {
		return nil
	}
	seq := s.seq
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return drillTick{seq} })
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case drillTick:
		if msg.seq != s.seq || s.phase != drillRunning {
			return nil
		}
		s.elapsed = s.Now().Sub(s.start)
		return s.tick()
	case drillSaved:
		if msg.err != nil {
			s.phase, s.err = drillSummary, msg.err
			return nil
		}
		return tea.Batch(common.CloseTop(msg.status), common.Changed(msg.status))
	case tea.KeyPressMsg:
		if s.phase == drillRunning {
			s.elapsed = s.Now().Sub(s.start)
		}
		return s.key(msg)
	}
	return nil
}

func (s *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	is := func(b key.Binding) bool { return key.Matches(msg, b) }
	if s.confirm != "" {
		switch {
		case is(k.Yes):
			what := s.confirm
			s.confirm = ""
			s.seq++
			return common.CloseTop("drill " + what + "ed: nothing saved")
		case is(k.No):
			s.confirm = ""
		}
		return nil
	}
	if s.input.Focus {
		switch {
		case is(k.Accept):
			s.keepInput()
		case is(k.Cancel):
			s.input.Focus = false
			s.input.Clear()
		default:
			s.input.Handle(k, msg)
		}
		return nil
	}
	switch s.phase {
	case drillIntro:
		switch {
		case is(k.BookPrev):
			s.choose(s.book - 1)
		case is(k.BookNext):
			s.choose(s.book + 1)
		case is(k.StartClock):
			s.phase, s.start, s.elapsed, s.marks = drillRunning, s.Now(), 0, nil
			s.seq++
			return s.tick()
		}
	case drillRunning:
		switch {
		case is(k.StepDone):
			return s.mark(true)
		case is(k.StepFail):
			return s.mark(false)
		case is(k.StepNote):
			s.editNote(len(s.marks))
		case is(k.Abandon):
			s.confirm = "abandon"
		}
	case drillSummary:
		switch {
		case is(k.OutcomePrev):
			s.outcome = cycleOutcome(s.outcome, -1)
		case is(k.OutcomeNext):
			s.outcome = cycleOutcome(s.outcome, 1)
		case is(k.DrillNotes):
			s.editNote(-1)
		case is(k.SaveDrill):
			return s.save()
		case is(k.Discard):
			s.confirm = "discard"
		}
	}
	return nil
}

// mark stamps the current step done or failed at the clock's second; the
// last one ends the drill and suggests its outcome.
func (s *Screen) mark(done bool) tea.Cmd {
	i := len(s.marks)
	note := ""
	if i < len(s.pendingNotes) {
		note = s.pendingNotes[i]
	}
	s.marks = append(s.marks, model.DrillStep{Step: s.steps[i], Done: done, AtSec: float64(int(s.elapsed / time.Second)), Note: note})
	if len(s.marks) == len(s.steps) {
		s.phase = drillSummary
		s.seq++ // the clock stops
		s.outcome = model.SuggestedOutcome(s.marks, model.RestoreMinutes(s.marks), s.runbook().TargetRestoreMin)
	}
	return nil
}

// editNote opens the note of step i (the current one), or the general
// notes (-1), with what was typed before.
func (s *Screen) editNote(i int) {
	s.noteFor = i
	cur := s.notes
	if i >= 0 {
		cur = s.stepNote(i)
	}
	s.input = common.LineInput{Prompt: "note: ", Value: []rune(cur), Focus: true}
}

func (s *Screen) stepNote(i int) string {
	if i < len(s.pendingNotes) {
		return s.pendingNotes[i]
	}
	return ""
}

func (s *Screen) keepInput() {
	s.input.Focus = false
	text := s.input.String()
	if s.noteFor < 0 {
		s.notes = text
		return
	}
	for len(s.pendingNotes) <= s.noteFor {
		s.pendingNotes = append(s.pendingNotes, "")
	}
	s.pendingNotes[s.noteFor] = text
}

func cycleOutcome(o model.DrillOutcome, by int) model.DrillOutcome {
	os := model.DrillOutcomes
	for i, x := range os {
		if x == o {
			return os[(i+by+len(os))%len(os)]
		}
	}
	return os[0]
}

// restoreMin is the drill's time to restore so far.
func (s *Screen) restoreMin() float64 { return model.RestoreMinutes(s.marks) }

// save appends the drill to its runbook in one audited transaction.
func (s *Screen) save() tea.Cmd {
	s.phase, s.err = drillSaving, nil
	rb := s.runbook()
	book := s.book
	drill := model.Drill{Date: model.DateOf(s.Now()), By: s.c.Opt.Actor, Outcome: s.outcome, RestoreMin: s.restoreMin(),
		Notes: s.notes, Steps: append([]model.DrillStep(nil), s.marks...)}
	st, slug, again := s.c.Opt.App, s.slug, common.Named(s.c.Keys.SaveDrill)
	summary := fmt.Sprintf("drilled %q: %s, restored in %s min", rb.Title, drill.Outcome, common.TrimNum(drill.RestoreMin))
	return func() tea.Msg {
		_, err := st.UpdatePilot(context.Background(), common.CockpitChange(s.c, model.ActionDrill, summary), slug, func(p *model.Pilot) error {
			i := book
			if i >= len(p.Runbooks) || p.Runbooks[i].Title != rb.Title {
				i = -1
				for j, b := range p.Runbooks {
					if b.Title == rb.Title {
						i = j
					}
				}
			}
			if i < 0 {
				return fmt.Errorf("the runbook %q is gone (deleted or renamed meanwhile): the drill cannot be saved to it", model.Line(rb.Title))
			}
			p.Runbooks[i].Drills = append(p.Runbooks[i].Drills, drill)
			return nil
		})
		if err != nil {
			return drillSaved{err: fmt.Errorf("could not save the drill: %w; %s tries again", err, again)}
		}
		return drillSaved{status: "drill saved: " + string(drill.Outcome) + ", restored in " + common.TrimNum(drill.RestoreMin) + " min"}
	}
}

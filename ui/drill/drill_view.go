package drill

import (
	"fmt"
	"math"
	"time"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

func (s *Screen) View() string {
	st, k := &s.c.Styles, &s.c.Keys
	rb := s.runbook()
	target := "no target"
	if rb.TargetRestoreMin > 0 {
		target = "target " + common.TrimNum(rb.TargetRestoreMin) + " min"
	}
	lines := []string{" " + st.Bold.Render(model.Line(rb.Title)), st.Muted.Render(fmt.Sprintf(" %s · %s runbook · %s", s.slug, rb.Kind, target))}
	switch s.phase {
	case drillIntro:
		lines = append(lines, s.introLines()...)
	case drillRunning:
		lines = append(lines, s.runningLines()...)
	default:
		lines = append(lines, s.summaryLines()...)
	}
	switch {
	case s.confirm == "abandon":
		lines = append(lines, "", st.Warn.Render(" Abandon this drill? Nothing is saved. "+k.Yes.Help().Key+" abandons · "+k.No.Help().Key+" goes on (the clock keeps running)"))
	case s.confirm == "discard":
		lines = append(lines, "", st.Warn.Render(" Discard this drill without saving? "+k.Yes.Help().Key+" discards · "+k.No.Help().Key+" goes back"))
	case s.input.Focus:
		lines = append(lines, "", " "+s.input.View(s.width-1))
	}
	if s.err != nil {
		lines = append(lines, "", st.Error.Render(" "+model.Line(s.err.Error())))
	}
	return common.Frame(lines, s.width, s.height)
}

func (s *Screen) introLines() []string {
	st, k := &s.c.Styles, &s.c.Keys
	rb := s.runbook()
	last := "never drilled"
	if d, ok := rb.LastDrill(); ok {
		last = fmt.Sprintf("last drilled %s: %s, restored in %s min", d.Date, d.Outcome, common.TrimNum(d.RestoreMin))
	}
	lines := []string{st.Muted.Render(fmt.Sprintf(" runbook %d of %d · %s", s.book+1, len(s.books), last)), "",
		st.Heading.Render(fmt.Sprintf(" %d step%s, one at a time", len(s.steps), common.Plural(len(s.steps))))}
	room := max(s.height-len(lines)-4, 1)
	for i, step := range s.steps {
		if i == room {
			lines = append(lines, st.Muted.Render("   … "+common.Count(len(s.steps)-i, "more step")))
			break
		}
		lines = append(lines, widgets.Cut(fmt.Sprintf("  %2d. %s", i+1, model.Line(step)), s.width))
	}
	more := ""
	if len(s.books) > 1 {
		more = " · " + common.Pair(k.BookPrev, k.BookNext) + " another runbook"
	}
	return append(lines, "", st.Bold.Render(" "+k.StartClock.Help().Key+" starts the clock")+st.Muted.Render(more+" · "+k.Back.Help().Key+" back"))
}

// clock writes a duration as m:ss (h:mm:ss past an hour).
func clock(d time.Duration) string {
	sec := int(d / time.Second)
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

func (s *Screen) runningLines() []string {
	st, k := &s.c.Styles, &s.c.Keys
	rb := s.runbook()
	cur := len(s.marks)
	over := ""
	if rb.TargetRestoreMin > 0 && s.elapsed.Minutes() > rb.TargetRestoreMin {
		over = st.Fail.Render("  over target")
	}
	lines := []string{
		"",
		" " + st.Bold.Render("⏱ "+clock(s.elapsed)) + over + st.Muted.Render(fmt.Sprintf("   step %d of %d", cur+1, len(s.steps))),
		"",
	}
	for _, l := range widgets.Wrap(model.Line(s.steps[cur]), max(s.width-6, 10)) {
		lines = append(lines, "    "+st.Bold.Render(l))
	}
	if n := s.stepNote(cur); n != "" && !s.input.Focus {
		lines = append(lines, st.Muted.Render("    note: "+model.Line(n)))
	}
	lines = append(lines, "")
	lines = append(lines, s.stepList(max(s.height-len(lines)-6, 3))...)
	return append(lines, "", st.Muted.Render(" "+k.StepDone.Help().Key+" done · "+k.StepFail.Help().Key+" failed · "+k.StepNote.Help().Key+" note on this step · "+k.Abandon.Help().Key+" abandon (asks first)"))
}

// stepList shows every step: marked ones with their time, the current
// one pointed at, the rest to come; room rows at most, around the current.
func (s *Screen) stepList(room int) []string {
	st := &s.c.Styles
	cur := len(s.marks)
	first := widgets.Scroll(min(cur, len(s.steps)-1), 0, room, len(s.steps))
	var lines []string
	for i := first; i < len(s.steps) && i < first+room; i++ {
		text := fmt.Sprintf("%2d. %s", i+1, model.Line(s.steps[i]))
		var mark, at string
		switch {
		case i < cur && s.marks[i].Done:
			mark, at = st.Pass.Render("✓"), clock(time.Duration(s.marks[i].AtSec)*time.Second)
		case i < cur:
			mark, at = st.Fail.Render("✗"), clock(time.Duration(s.marks[i].AtSec)*time.Second)+" failed"
		case i == cur && s.phase == drillRunning:
			mark = common.GlyphCursor
		default:
			mark = " "
		}
		line := " " + mark + " " + widgets.Fit(text, max(s.width-18, 10)) + " " + widgets.FitLeft(at, 13)
		if i < cur && s.marks[i].Note != "" {
			line = widgets.Cut(line, s.width)
			lines = append(lines, line, st.Muted.Render(widgets.Cut("      note: "+model.Line(s.marks[i].Note), s.width)))
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

func (s *Screen) summaryLines() []string {
	st, k := &s.c.Styles, &s.c.Keys
	rb := s.runbook()
	restore := s.restoreMin()
	verdict := st.Pass.Render("met")
	switch {
	case rb.TargetRestoreMin <= 0:
		verdict = st.Muted.Render("no target set")
	case restore > rb.TargetRestoreMin:
		verdict = st.Fail.Render("missed by " + common.TrimNum(roundTenth(restore-rb.TargetRestoreMin)) + " min")
	}
	done := 0
	for _, m := range s.marks {
		if m.Done {
			done++
		}
	}
	lines := []string{"", " " + st.Bold.Render("Drill finished") + fmt.Sprintf(" · %d of %s done", done, common.Count(len(s.marks), "step")),
		fmt.Sprintf(" time to restore %s min (%s): ", common.TrimNum(restore), clock(time.Duration(s.marks[len(s.marks)-1].AtSec)*time.Second)) + verdict, ""}
	lines = append(lines, s.stepList(max(s.height-len(lines)-10, 3))...)
	suggested := model.SuggestedOutcome(s.marks, restore, rb.TargetRestoreMin)
	why := map[model.DrillOutcome]string{
		model.DrillSuccess: "every step done, within target",
		model.DrillPartial: "restored, but over target or a step failed",
		model.DrillFailed:  "the last step failed: not restored",
	}[suggested]
	notes := model.Line(s.notes)
	if notes == "" {
		notes = st.Muted.Render("none (" + common.Named(k.DrillNotes) + " adds them)")
	}
	lines = append(lines, "",
		" outcome  "+st.Selected.Render("‹ "+string(s.outcome)+" ›")+st.Muted.Render("  "+k.OutcomePrev.Help().Key+"/"+k.OutcomeNext.Help().Key+" changes it"),
		st.Muted.Render("          suggested "+string(suggested)+": "+why),
		" notes    "+notes)
	if s.phase == drillSaving {
		lines = append(lines, "", " saving…")
	} else {
		lines = append(lines, "", st.Bold.Render(" "+k.SaveDrill.Help().Key+" saves")+st.Muted.Render(" it to the runbook's drill log · "+k.Discard.Help().Key+" discards"))
	}
	return lines
}

func roundTenth(v float64) float64 { return math.Round(v*10) / 10 }

package review

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"ringside/model"
	"ringside/model/gates"
	"ringside/themes"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// The meeting is drawn for a projector: a header with the agenda and a
// progress bar, large blocks for each criterion's status; the footer (one
// line, the root's) leads with the keys of the current step.

// reviewHead is how many lines the header takes: title, agenda, progress, message.
const reviewHead = 4

func (v *Screen) View() string {
	st := &v.c.Styles
	switch {
	case v.err != nil:
		return common.Frame([]string{"", st.Error.Render("  cannot hold the " + string(v.gate) + " review of " + v.slug + ": " + model.Line(v.err.Error())),
			"", "  " + v.c.Keys.Back.Help().Key + " goes back"}, v.width, v.height)
	case v.State == nil:
		return common.Frame([]string{"", "  reading the " + string(v.gate) + " review of " + v.slug + "…"}, v.width, v.height)
	}
	out := v.header()
	bodyH := max(v.height-reviewHead, 1)
	var body []string
	if v.form != nil {
		body = box(v.form.lines(v.c, v.width-4), v.width, st.Key)
	} else {
		switch v.Phase {
		case phaseAttendees:
			body = v.attendeeLines(bodyH)
		case PhaseCriteria:
			if v.all {
				body = v.allCriteriaLines(bodyH)
			} else {
				body = v.criterionCard(bodyH)
			}
		case phaseSignoffs:
			body = v.signoffLines()
		case phaseDecision:
			body = v.decisionLines()
		default:
			body = v.summaryLines()
		}
	}
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	out = append(out, body...)
	return common.Frame(out, v.width, v.height)
}

func (v *Screen) header() []string {
	st := &v.c.Styles
	r, rv := v.State.r, v.State.RV
	state := st.Warn.Render("UNDER WAY")
	if rv.Decision != "" {
		state = st.Pass.Render("DECIDED: " + strings.ToUpper(string(rv.Decision)))
	}
	left := st.Heading.Render(fmt.Sprintf(" %s %s review", r.Gate, model.Line(r.GateName))) + " · " + st.Bold.Render(model.Line(v.State.in.Pilot.Name)) + " · " + v.c.Date(rv.Date)
	title := widgets.Fit(left, v.width-widgets.Width(state)-2) + " " + state

	var agenda strings.Builder
	agenda.WriteString(" ")
	for i, n := range phaseNames {
		if i > 0 {
			agenda.WriteString(st.Muted.Render(" › "))
		}
		if reviewPhase(i) == v.Phase {
			agenda.WriteString(st.TabActive.Render("▸" + n))
		} else {
			agenda.WriteString(st.TabIdle.Render(n))
		}
	}

	n := len(v.criteria())
	pos, total := v.agendaPos()
	label := strings.ToLower(phaseNames[v.Phase])
	if v.Phase == PhaseCriteria {
		label = fmt.Sprintf("criterion %d of %d", v.Crit+1, n)
	}
	label = fmt.Sprintf(" %-18s", label)
	bar := common.ProgressBar(float64(pos)/float64(total), v.width-widgets.Width(label)-2, st)

	msg := ""
	switch {
	case v.failed != "":
		msg = st.Error.Render(" ✗ " + model.Line(v.failed))
	case v.status != "":
		msg = st.Pass.Render(" ✓ " + model.Line(v.status))
	}
	return []string{title, agenda.String(), label + bar, msg}
}

// agendaPos is where the meeting stands among its agenda items
// (attendees, each criterion, sign-offs, decision, summary), counting from 1.
func (v *Screen) agendaPos() (pos, total int) {
	n := len(v.criteria())
	total = n + 4
	switch v.Phase {
	case phaseAttendees:
		return 1, total
	case PhaseCriteria:
		return 2 + v.Crit, total
	}
	return n + int(v.Phase), total
}

// bigStatus is a criterion's status as a three-line block in reverse video.
func bigStatus(status string, st *themes.Styles) []string {
	glyph, gs := common.CriterionGlyph(status, st)
	label := "   " + glyph + "  " + strings.ToUpper(status) + "   "
	s := gs.Reverse(true).Bold(true)
	pad := strings.Repeat(" ", widgets.Width(label))
	return []string{s.Render(pad), s.Render(label), s.Render(pad)}
}

// box draws lines inside a heavy frame the full width.
func box(lines []string, width int, border lipgloss.Style) []string {
	inner := max(width-4, 1)
	out := []string{border.Render("┏" + strings.Repeat("━", width-2) + "┓")}
	for _, l := range lines {
		out = append(out, border.Render("┃")+" "+widgets.Fit(l, inner)+" "+border.Render("┃"))
	}
	return append(out, border.Render("┗"+strings.Repeat("━", width-2)+"┛"))
}

func (v *Screen) criterionCard(height int) []string {
	st := &v.c.Styles
	c, ok := v.current()
	if !ok {
		return []string{"", "  this gate has no criteria left: every one is dropped"}
	}
	iw := v.width - 4
	meta := c.Kind + " · " + c.ID
	if c.Dimension != "" {
		meta += " · " + c.Dimension
	}
	lines := []string{st.Muted.Render(model.Line(meta))}
	for _, l := range widgets.Wrap(model.Line(c.Text), iw) {
		lines = append(lines, st.Bold.Render(l))
	}
	lines = append(lines, "")
	lines = append(lines, bigStatus(c.Status, st)...)
	lines = append(lines, "")
	var tail []string
	if note := v.State.RV.Notes[c.ID]; note != "" {
		tail = append(tail, widgets.Wrap("Note: "+model.Line(note), iw)...)
	} else {
		tail = append(tail, st.Muted.Render("No note yet: "+common.Named(v.c.Keys.Note)+" adds one"))
	}
	ev := widgets.Wrap("Evidence: "+model.Line(c.Evidence), iw)
	room := height - 2 - len(lines) - len(tail)
	if room < len(ev) {
		ev = ev[:max(room, 0)]
		if len(ev) > 0 {
			ev[len(ev)-1] = widgets.Cut(ev[len(ev)-1]+"…", iw)
		}
	}
	lines = append(append(lines, ev...), tail...)
	return box(lines, v.width, st.Heading)
}

func (v *Screen) allCriteriaLines(height int) []string {
	st := &v.c.Styles
	cs := v.criteria()
	out := []string{st.Heading.Render(" Every criterion") + st.Muted.Render("  "+v.statusSummary()+" · ✎ has a note")}
	room := max(height-1, 1)
	off := widgets.Scroll(v.Crit, 0, room, len(cs))
	for i := off; i < len(cs) && i < off+room; i++ {
		c := cs[i]
		glyph, gs := common.CriterionGlyph(c.Status, st)
		note := "  "
		if v.State.RV.Notes[c.ID] != "" {
			note = "✎ "
		}
		mark := "  "
		if i == v.Crit {
			mark = common.GlyphCursor + " "
		}
		line := mark + gs.Render(glyph+" "+widgets.Fit(strings.ToUpper(c.Status), 8)) + note + model.Line(c.Text)
		if i == v.Crit {
			line = st.Selected.Render(widgets.Fit(mark+glyph+" "+widgets.Fit(strings.ToUpper(c.Status), 8)+note+model.Line(c.Text), v.width))
		}
		out = append(out, line)
	}
	return out
}

func (v *Screen) attendeeLines(height int) []string {
	st := &v.c.Styles
	out := []string{st.Heading.Render(" Who is here?") + st.Muted.Render("  "+common.Named(v.c.Keys.Toggle)+" marks present or absent · "+common.Named(v.c.Keys.AddAttendee)+" adds someone else"), ""}
	cs := v.candidates()
	room := max(height-4, 1)
	off := widgets.Scroll(v.cursor, 0, room, len(cs))
	for i := off; i < len(cs) && i < off+room; i++ {
		a := cs[i]
		box := "[ ]"
		if v.present(a.name) {
			box = "[x]"
		}
		mark := "  "
		if i == v.cursor {
			mark = common.GlyphCursor + " "
		}
		line := fmt.Sprintf(" %s%s %s %s", mark, box, widgets.Fit(model.Line(a.name), 24), strings.Join(a.roles, ", "))
		if i == v.cursor {
			line = st.Selected.Render(widgets.Fit(line, v.width))
		}
		out = append(out, line)
	}
	if len(cs) == 0 {
		out = append(out, "   the pilot names no owners: "+common.Named(v.c.Keys.AddAttendee)+" adds the people in the room")
	}
	out = append(out, "", fmt.Sprintf(" %d present", len(v.State.RV.Attendees)))
	return out
}

func (v *Screen) signoffLines() []string {
	st := &v.c.Styles
	out := []string{st.Heading.Render(" Sign-offs in the room") + st.Muted.Render(fmt.Sprintf("  bound to checklist %.12s… · %s signs the selected role", v.State.r.ChecklistHash, common.Named(v.c.Keys.Sign))), ""}
	for i, row := range v.signoffRows() {
		mark := "  "
		if i == v.cursor {
			mark = common.GlyphCursor + " "
		}
		req := "        "
		if row.required {
			req = "required"
		}
		who := row.owner
		if who == "" {
			who = "(nobody named)"
		}
		state, style := "· not signed", st.Muted
		if s := row.latest; s != nil {
			// the room reads whole words; the matrix tab abbreviates
			state, style = map[string]string{"approve": "✓ approved", "abstain": "– abstained"}[s.Decision]+" by "+model.Line(s.Person), st.Text
			switch {
			case s.Decision == string(model.DecisionReject):
				state, style = "✗ REJECT by "+model.Line(s.Person)+": blocks go", st.Fail
			case s.Stale:
				state, style = state+" (stale: sign again)", st.Warn
			case s.Decision == string(model.DecisionApprove):
				style = st.Pass
			}
		}
		line := fmt.Sprintf(" %s%s %s %s ", mark, widgets.Fit(string(row.role), 17), widgets.Fit(model.Line(who), 16), req)
		if i == v.cursor {
			out = append(out, st.Selected.Render(line)+style.Render(state))
		} else {
			out = append(out, line+style.Render(state))
		}
	}
	return append(out, v.goBlocked()...)
}

// goBlocked is a large banner when a reject sign-off blocks go.
func (v *Screen) goBlocked() []string {
	err := gates.CanGo(v.State.r)
	if err == nil {
		return nil
	}
	st := &v.c.Styles
	s := st.Fail.Reverse(true).Bold(true)
	out := []string{""}
	for _, l := range widgets.Wrap("GO IS BLOCKED: "+model.Line(err.Error()), v.width-4) {
		out = append(out, " "+s.Render(" "+widgets.Fit(l, v.width-4)+" "))
	}
	return out
}

func (v *Screen) decisionLines() []string {
	st := &v.c.Styles
	rv, r := v.State.RV, v.State.r
	verdict := st.Fail.Render("not ready")
	if r.Ready {
		verdict = st.Pass.Render("ready")
	}
	out := []string{st.Heading.Render(" Readiness: ") + verdict + " · " + v.statusSummary()}
	out = append(out, v.goBlocked()...)
	out = append(out, "", st.Heading.Render(" Conditions")+st.Muted.Render("  "+common.Named(v.c.Keys.Condition)+" adds one"))
	for i, c := range rv.Conditions {
		out = append(out, fmt.Sprintf("   %d. %s", i+1, model.Line(c)))
	}
	if len(rv.Conditions) == 0 {
		out = append(out, st.Muted.Render("   none (a conditional go needs at least one)"))
	}
	out = append(out, "", st.Heading.Render(" Action items")+st.Muted.Render("  "+common.Named(v.c.Keys.ActionItem)+" adds one"))
	for _, a := range rv.Actions {
		out = append(out, fmt.Sprintf("   - %s — %s, due %s", model.Line(a.What), model.Line(a.Who), a.Due))
	}
	if len(rv.Actions) == 0 {
		out = append(out, st.Muted.Render("   none"))
	}
	d := st.Muted.Render("none yet: " + common.Named(v.c.Keys.Decide) + " records go, conditional, hold, recycle or kill")
	if rv.Decision != "" {
		d = st.Bold.Render(strings.ToUpper(string(rv.Decision)))
	}
	return append(out, "", st.Heading.Render(" Decision: ")+d)
}

func (v *Screen) summaryLines() []string {
	st := &v.c.Styles
	rv, r := v.State.RV, v.State.r
	out := []string{}
	if rv.Decision != "" {
		s := st.Pass.Reverse(true).Bold(true)
		if rv.Decision == model.ReviewKill || rv.Decision == model.ReviewRecycle {
			s = st.Fail.Reverse(true).Bold(true)
		}
		out = append(out, " "+s.Render("  DECISION: "+strings.ToUpper(string(rv.Decision))+"  ")+"  stage now "+string(v.State.in.Pilot.Stage))
	} else {
		out = append(out, " "+st.Warn.Render("No decision yet")+st.Muted.Render(": "+common.Named(v.c.Keys.AgendaNext)+" or "+common.Named(v.c.Keys.Decide)+" on the Decision step records it"))
	}
	out = append(out, "",
		" Attendees:  "+model.Line(strings.Join(rv.Attendees, ", ")),
		" Criteria:   "+v.statusSummary()+fmt.Sprintf(" · %d noted", len(rv.Notes)))
	var signs []string
	for _, s := range r.Signoffs {
		signs = append(signs, s.Role+" "+s.Decision)
	}
	if len(signs) == 0 {
		signs = []string{"none"}
	}
	out = append(out, " Sign-offs:  "+strings.Join(signs, ", "))
	out = append(out, fmt.Sprintf(" Follow-up:  %d condition(s), %d action item(s)", len(rv.Conditions), len(rv.Actions)))
	cl, mn := reviewFileNames(v.slug, v.gate, rv.Date)
	out = append(out, "", st.Heading.Render(" "+common.Named(v.c.Keys.Export)+" exports")+" "+cl+" and "+mn)
	out = append(out, st.Muted.Render("   to "+v.exportDirName()))
	if len(v.files) > 0 {
		out = append(out, "", st.Pass.Render(" Written:"))
		for _, f := range v.files {
			out = append(out, "   "+model.Line(f))
		}
	}
	return out
}

// keyLine lists the current step's keys on the body's last line.
// FooterLine is the footer's lead: this step's keys, the agenda, the
// layout and the summary (the root adds the global keys that fit).
func (v *Screen) FooterLine() string {
	if v.err != nil || v.State == nil {
		return ""
	}
	return v.keyLine()
}

func (v *Screen) keyLine() string {
	if v.form != nil {
		return ""
	}
	k := v.c.Keys
	var parts []string
	add := func(b key.Binding) {
		if h := b.Help(); h.Key != "" {
			parts = append(parts, h.Key+" "+h.Desc)
		}
	}
	for _, b := range v.stepKeys() {
		add(b)
	}
	// ↑/↓ is in the help; the line has no room for it at 80 columns
	if p, n := k.AgendaPrev.Keys(), k.AgendaNext.Keys(); len(p) > 0 && len(n) > 0 {
		parts = append(parts, common.KeyGlyph(p[0])+"/"+common.KeyGlyph(n[0])+" agenda")
	}
	if v.Phase == PhaseCriteria {
		add(k.All)
	}
	if v.Phase != phaseSummary {
		add(k.Summary)
	}
	return strings.Join(parts, " · ")
}

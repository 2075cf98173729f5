// Package review is gate-review meeting mode: one gate's agenda drawn for
// a projector, every step (attendees, criteria, sign-offs, decision) saved
// through app as it is made, and the checklist and minutes exported at the end.
package review

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
)

// Screen is gate-review meeting mode: the agenda of one gate's
// review, drawn for a projector. Attendees first, then every criterion with
// its status and evidence (a note, a waiver, a manual tick each), the
// sign-offs captured in the room, the decision with its conditions and
// action items, and a summary from which `x` exports the checklist and the
// minutes. Every step is saved as it is made, so a meeting cut short
// resumes where it stopped.
type Screen struct {
	c      *common.Common
	slug   string
	gate   model.GateID
	State  *reviewState
	err    error  // the meeting could not be read
	failed string // the last step could not be saved
	status string // what the last step did
	placed bool   // the agenda position was taken from what is stored
	Phase  reviewPhase
	Crit   int         // the criterion on the agenda
	all    bool        // every criterion at once instead of one at a time
	cursor int         // row in the attendee and sign-off lists
	then   reviewPhase // where the agenda goes once the pending step is saved; 0 stays
	form   *reviewForm
	files  []string // where the last export went
	width  int
	height int
}

type reviewPhase int

const (
	phaseAttendees reviewPhase = iota
	PhaseCriteria
	phaseSignoffs
	phaseDecision
	phaseSummary
)

var phaseNames = []string{"Attendees", "Criteria", "Sign-offs", "Decision", "Summary"}

func New(c *common.Common, slug string, id model.GateID) *Screen {
	return &Screen{c: c, slug: slug, gate: id}
}

// Init reads the meeting under the root's spinner.
func (v *Screen) Init() tea.Cmd {
	cmd := loadReview(v.c.Opt.App, v.slug, v.gate, v.c.Opt.AsOf)
	return func() tea.Msg { return common.LoadMsg{Cmd: cmd} }
}

func (v *Screen) Title() string   { return string(v.gate) + " review · " + v.slug }
func (v *Screen) Capturing() bool { return v.form != nil }
func (v *Screen) Back() bool      { return false }

func (v *Screen) SetSize(w, h int) { v.width, v.height = w, h }

func (v *Screen) Keys() []key.Binding {
	k := v.c.Keys
	// every step: the agenda, the layout and the summary
	return append(v.stepKeys(), k.AgendaPrev, k.AgendaNext, k.All, k.Summary, k.Up, k.Down)
}

// stepKeys are the keys of the agenda step the meeting stands at.
func (v *Screen) stepKeys() []key.Binding {
	k := v.c.Keys
	switch v.Phase {
	case phaseAttendees:
		return []key.Binding{k.Toggle, k.AddAttendee}
	case PhaseCriteria:
		return []key.Binding{k.Note, k.Waive, k.Tick}
	case phaseSignoffs:
		return []key.Binding{k.Sign}
	case phaseDecision:
		return []key.Binding{k.Decide, k.Condition, k.ActionItem}
	}
	return []key.Binding{k.Export}
}

// HelpSections: this step's keys, then the other steps' (with the step
// they work on), so the help names every key of the meeting.
func (v *Screen) HelpSections() []common.HelpSection {
	k := v.c.Keys
	out := []common.HelpSection{{Title: v.Title(), Keys: v.Keys()}}
	other := []struct {
		p  reviewPhase
		ks []key.Binding
	}{
		{phaseAttendees, []key.Binding{k.Toggle, k.AddAttendee}},
		{PhaseCriteria, []key.Binding{k.Note, k.Waive, k.Tick}},
		{phaseSignoffs, []key.Binding{k.Sign}},
		{phaseDecision, []key.Binding{k.Decide, k.Condition, k.ActionItem}},
		{phaseSummary, []key.Binding{k.Export}},
	}
	for _, o := range other {
		if o.p != v.Phase {
			out = append(out, common.HelpSection{Title: "On the " + strings.ToLower(phaseNames[o.p]) + " step", Keys: o.ks})
		}
	}
	return out
}

// criteria are the agenda's criteria, in the gate's order.
func (v *Screen) criteria() []gates.CriterionResult { return v.State.r.Criteria }

// place puts the agenda where the stored meeting stopped.
func (v *Screen) place() {
	rv, n := v.State.RV, len(v.criteria())
	switch {
	case rv.Decision != "":
		v.Phase = phaseSummary
	case len(rv.Attendees) == 0:
		v.Phase = phaseAttendees
	default:
		v.Crit = gates.ResumeAt(rv, v.criteria())
		switch {
		case v.Crit < n:
			v.Phase = PhaseCriteria
		case len(rv.Conditions) > 0 || len(rv.Actions) > 0:
			v.Phase, v.Crit = phaseDecision, max(n-1, 0)
		default:
			v.Phase, v.Crit = phaseSignoffs, max(n-1, 0)
		}
	}
}

func (v *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reviewLoaded:
		if msg.slug != v.slug || msg.gate != v.gate {
			return nil
		}
		if msg.err != nil {
			if v.State == nil {
				v.err = msg.err
			} else {
				v.failed = msg.err.Error()
			}
			v.then = 0
			return nil
		}
		v.State, v.err, v.failed = msg.st, nil, ""
		if v.then != 0 {
			v.Phase, v.then = v.then, 0
		}
		if !v.placed {
			v.place()
			v.placed = true
		}
		v.Crit = min(v.Crit, max(len(v.criteria())-1, 0))
		v.cursor = min(v.cursor, max(v.rows()-1, 0))
		if msg.status != "" {
			v.status = msg.status
			return common.Changed(msg.status)
		}
		return nil
	case reviewExported:
		if msg.err != nil {
			v.failed = "export failed: " + msg.err.Error()
			return nil
		}
		v.files, v.failed = msg.files, ""
		v.status = "exported " + strings.Join(msg.files, " and ")
		return func() tea.Msg { return common.StatusMsg{Text: "exported checklist and minutes to " + dirOf(msg.files)} }
	case agentChecked:
		if v.form == msg.form { // the sign-off form it was asked for is still open
			msg.form.agentAnswer(msg.fingerprint, msg.why)
		}
		return nil
	case tea.KeyPressMsg:
		if f := v.form; f != nil {
			cmd, done := f.update(&v.c.Keys, msg)
			if done && v.form == f { // a form may hand over to another (a confirmation)
				v.form = nil
			}
			return cmd
		}
		if v.State == nil {
			return nil
		}
		return v.key(msg)
	}
	return nil
}

func (v *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	v.status = ""
	k := &v.c.Keys
	switch {
	case key.Matches(msg, k.AgendaNext):
		v.move(1)
		return nil
	case key.Matches(msg, k.AgendaPrev):
		v.move(-1)
		return nil
	case key.Matches(msg, k.All):
		v.all = !v.all
		if v.Phase != PhaseCriteria && len(v.criteria()) > 0 {
			v.Phase = PhaseCriteria
		}
		return nil
	case key.Matches(msg, k.Summary):
		v.Phase = phaseSummary
		return nil
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
		d := 1
		if key.Matches(msg, k.Up) {
			d = -1
		}
		if v.Phase == PhaseCriteria {
			v.Crit = max(min(v.Crit+d, len(v.criteria())-1), 0)
		} else {
			v.cursor = max(min(v.cursor+d, v.rows()-1), 0)
		}
		return nil
	}
	switch v.Phase {
	case phaseAttendees:
		switch {
		case key.Matches(msg, k.Toggle):
			return v.toggleAttendee()
		case key.Matches(msg, k.AddAttendee):
			v.openAddAttendee()
		}
	case PhaseCriteria:
		switch {
		case key.Matches(msg, k.Note):
			v.openNote()
		case key.Matches(msg, k.Waive):
			v.openWaiver()
		case key.Matches(msg, k.Tick):
			v.openTick()
		}
	case phaseSignoffs:
		if key.Matches(msg, k.Sign) {
			return v.openSignoff()
		}
	case phaseDecision:
		switch {
		case key.Matches(msg, k.Decide):
			v.openDecision()
		case key.Matches(msg, k.Condition):
			v.openCondition()
		case key.Matches(msg, k.ActionItem):
			v.openAction()
		}
	case phaseSummary:
		if key.Matches(msg, k.Export) {
			return v.export()
		}
	}
	return nil
}

// move steps the agenda: attendees, each criterion, sign-offs, decision, summary.
func (v *Screen) move(d int) {
	n := len(v.criteria())
	v.cursor = 0
	switch {
	case v.Phase == PhaseCriteria && d > 0 && v.Crit < n-1:
		v.Crit++
	case v.Phase == PhaseCriteria && d < 0 && v.Crit > 0:
		v.Crit--
	default:
		next := v.Phase + reviewPhase(d)
		if next == PhaseCriteria && n == 0 {
			next += reviewPhase(d)
		}
		if next < phaseAttendees || next > phaseSummary {
			return
		}
		if next == PhaseCriteria {
			v.Crit = 0
			if d < 0 {
				v.Crit = n - 1
			}
		}
		v.Phase = next
	}
}

func (v *Screen) goTo(p reviewPhase) {
	v.Phase, v.cursor = p, 0
}

// export writes the checklist and the minutes to the export directory.
func (v *Screen) export() tea.Cmd {
	v.status = "exporting…"
	return exportReview(v.c.Opt.App, v.slug, v.gate, v.c.Opt.AsOf, v.State.RV.Date, v.c.Opt.ExportDir, v.c.Now())
}

// Actions are the meeting's steps for the command palette.
func (v *Screen) Actions() []common.Action {
	if v.State == nil {
		return nil
	}
	as := []common.Action{
		{Name: "Export checklist and minutes", Help: "write checklist-…md and minutes-…md to " + v.exportDirName(), Run: func() tea.Cmd { return v.export() }},
	}
	for p, name := range phaseNames {
		p := reviewPhase(p)
		as = append(as, common.Action{Name: "Review: go to " + strings.ToLower(name), Help: "meeting agenda", Run: func() tea.Cmd { v.goTo(p); return nil }})
	}
	as = append(as,
		common.Action{Name: "Review: one criterion or all at once", Help: "toggle the criteria layout", Run: func() tea.Cmd { v.all = !v.all; v.goTo(PhaseCriteria); return nil }},
		common.Action{Name: "Review: add an attendee", Help: "type a name not among the owners", Run: func() tea.Cmd { v.goTo(phaseAttendees); v.openAddAttendee(); return nil }},
	)
	if len(v.criteria()) > 0 {
		c := v.criteria()[v.Crit]
		short := model.Line(c.Text)
		as = append(as,
			common.Action{Name: "Review: note on this criterion", Help: short, Run: func() tea.Cmd { v.Phase = PhaseCriteria; v.openNote(); return nil }},
			common.Action{Name: "Review: waive this criterion", Help: short, Run: func() tea.Cmd { v.Phase = PhaseCriteria; v.openWaiver(); return nil }},
		)
		if c.Kind == string(model.KindManual) {
			as = append(as, common.Action{Name: "Review: tick this criterion", Help: short, Run: func() tea.Cmd { v.Phase = PhaseCriteria; v.openTick(); return nil }})
		}
	}
	for i, row := range v.signoffRows() {
		i := i
		as = append(as, common.Action{Name: "Review: sign off as " + string(row.role), Help: model.Line(row.owner), Run: func() tea.Cmd {
			v.Phase, v.cursor = phaseSignoffs, i
			return v.openSignoff()
		}})
	}
	as = append(as,
		common.Action{Name: "Review: add a condition", Help: "a condition of a conditional go", Run: func() tea.Cmd { v.goTo(phaseDecision); v.openCondition(); return nil }},
		common.Action{Name: "Review: add an action item", Help: "what; who; due", Run: func() tea.Cmd { v.goTo(phaseDecision); v.openAction(); return nil }},
		common.Action{Name: "Review: record the decision", Help: "go, conditional, hold, recycle or kill", Run: func() tea.Cmd { v.goTo(phaseDecision); v.openDecision(); return nil }},
	)
	return as
}

func (v *Screen) exportDirName() string {
	if v.c.Opt.ExportDir != "" {
		return v.c.Opt.ExportDir
	}
	return "the current directory"
}

func dirOf(files []string) string {
	if len(files) == 0 {
		return ""
	}
	i := strings.LastIndexAny(files[0], `/\`)
	if i < 0 {
		return "."
	}
	return files[0][:i]
}

// rows is how many rows the current list has.
func (v *Screen) rows() int {
	switch v.Phase {
	case phaseAttendees:
		return len(v.candidates())
	case phaseSignoffs:
		return len(v.signoffRows())
	}
	return 0
}

// attendee is a person who can be marked present: an owner (with roles)
// or a guest typed in.
type attendee struct {
	name  string
	roles []string
}

// candidates are the pilot's owners, in role order, then the guests
// already typed in.
func (v *Screen) candidates() []attendee {
	var out []attendee
	idx := map[string]int{}
	p := v.State.in.Pilot
	for _, role := range model.Roles {
		name := p.Owners[role]
		if name == "" {
			continue
		}
		if i, ok := idx[name]; ok {
			out[i].roles = append(out[i].roles, string(role))
			continue
		}
		idx[name] = len(out)
		out = append(out, attendee{name: name, roles: []string{string(role)}})
	}
	for _, a := range v.State.RV.Attendees {
		if _, ok := idx[a]; !ok {
			idx[a] = len(out)
			out = append(out, attendee{name: a, roles: []string{"guest"}})
		}
	}
	return out
}

func (v *Screen) present(name string) bool {
	for _, a := range v.State.RV.Attendees {
		if a == name {
			return true
		}
	}
	return false
}

// signoffRow is a role that signs in the room.
type signoffRow struct {
	role     model.Role
	owner    string
	required bool                 // a criterion of the gate asks for it
	latest   *gates.SignoffResult // its latest signature for the gate
}

// signoffRows are the roles with a named owner, a sign-off criterion or a
// signature, in role order.
func (v *Screen) signoffRows() []signoffRow {
	if v.State == nil {
		return nil
	}
	p := v.State.in.Pilot
	cs, _ := gates.Criteria(p, v.gate) // judged already: an error would have shown instead
	var out []signoffRow
	for _, role := range model.Roles {
		row := signoffRow{role: role, owner: p.Owners[role]}
		for _, c := range cs {
			if c.Kind == model.KindSignoff && c.Role == role {
				row.required = true
			}
		}
		for i := range v.State.r.Signoffs {
			if v.State.r.Signoffs[i].Role == string(role) {
				row.latest = &v.State.r.Signoffs[i]
			}
		}
		if row.owner != "" || row.required || row.latest != nil {
			out = append(out, row)
		}
	}
	return out
}

func (v *Screen) statusSummary() string {
	met, unmet, waived, unknown := 0, 0, 0, 0
	for _, c := range v.criteria() {
		switch c.Status {
		case gates.Met:
			met++
		case gates.Unmet:
			unmet++
		case gates.Waived:
			waived++
		default:
			unknown++
		}
	}
	return fmt.Sprintf("%d met · %d unmet · %d unknown · %d waived", met, unmet, unknown, waived)
}

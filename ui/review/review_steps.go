package review

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
)

// The meeting's steps: each opens a small form and saves what it accepts
// as one transaction and one audit entry.

func (v *Screen) toggleAttendee() tea.Cmd {
	cs := v.candidates()
	if v.cursor >= len(cs) {
		return nil
	}
	name := cs[v.cursor].name
	verb := "present"
	if v.present(name) {
		verb = "absent"
	}
	return v.editMeeting(name+" "+verb, model.Line(name)+" "+verb, func(r *model.GateReview) error {
		if i := slices.Index(r.Attendees, name); i >= 0 {
			r.Attendees = slices.Delete(r.Attendees, i, i+1)
		} else {
			r.Attendees = append(r.Attendees, name)
		}
		return nil
	})
}

func (v *Screen) openAddAttendee() {
	v.form = &reviewForm{title: "Add an attendee who is not an owner", fields: []*reviewField{textField("Name", "", "e.g. Kim Weber (adoption)")},
		submit: func(vals []string) (tea.Cmd, error) {
			name := vals[0]
			if name == "" {
				return nil, fmt.Errorf("type the attendee's name")
			}
			if v.present(name) {
				return nil, fmt.Errorf("%s is already on the list", name)
			}
			return v.editMeeting(name+" present", model.Line(name)+" present", func(r *model.GateReview) error {
				if !slices.Contains(r.Attendees, name) {
					r.Attendees = append(r.Attendees, name)
				}
				return nil
			}), nil
		}}
}

// current is the criterion on the agenda.
func (v *Screen) current() (gates.CriterionResult, bool) {
	cs := v.criteria()
	if v.Crit < 0 || v.Crit >= len(cs) {
		return gates.CriterionResult{}, false
	}
	return cs[v.Crit], true
}

func (v *Screen) openNote() {
	c, ok := v.current()
	if !ok {
		return
	}
	v.form = &reviewForm{title: "Note on: " + model.Line(c.Text), fields: []*reviewField{textField("Note", v.State.RV.Notes[c.ID], "what the room said; empty removes the note")},
		submit: func(vals []string) (tea.Cmd, error) {
			return v.editMeeting("note on "+c.ID, "note saved on "+c.ID, func(r *model.GateReview) error {
				gates.SetNote(r, c.ID, vals[0])
				return nil
			}), nil
		}}
}

// noteIfNone leaves a note on a criterion decided in the room (a waiver, a
// tick) unless it has one: the minutes say what happened, and the agenda
// knows where a meeting cut short resumes.
func noteIfNone(p *model.Pilot, id model.GateID, day model.Date, criterion, note string) error {
	return gates.EditMeeting(p, id, day, func(r *model.GateReview) error {
		if r.Notes[criterion] == "" {
			gates.SetNote(r, criterion, note)
		}
		return nil
	})
}

func roleNames() []string {
	out := make([]string, len(model.Roles))
	for i, r := range model.Roles {
		out[i] = string(r)
	}
	return out
}

func (v *Screen) openWaiver() {
	c, ok := v.current()
	if !ok {
		return
	}
	if c.Waiver != nil {
		v.failed = c.ID + " is already waived by " + c.Waiver.Role
		return
	}
	id, day := v.gate, v.State.RV.Date
	v.form = &reviewForm{title: "Waive: " + model.Line(c.Text), fields: []*reviewField{
		textField("Reason", "", "why it need not be met"),
		choiceField("Granted by", roleNames(), string(model.RoleSecurity)),
	}, submit: func(vals []string) (tea.Cmd, error) {
		reason, role := vals[0], model.Role(vals[1])
		if reason == "" {
			return nil, fmt.Errorf("a waiver needs a reason: say why the criterion need not be met")
		}
		summary := fmt.Sprintf("%s waiver of %s by %s: %s", id, c.ID, role, reason)
		return v.saveReview(model.ActionWaiver, summary, fixed(c.ID+" waived by "+string(role)), func(p *model.Pilot) error {
			if err := gates.Waive(p, id, c.ID, reason, role); err != nil {
				return err
			}
			return noteIfNone(p, id, day, c.ID, fmt.Sprintf("Waived in the meeting by %s: %s", role, reason))
		}), nil
	}}
}

func (v *Screen) openTick() {
	c, ok := v.current()
	if !ok {
		return
	}
	if c.Kind != string(model.KindManual) {
		v.failed = "only manual criteria are ticked by hand; this one is judged from its " + c.Kind + " data"
		return
	}
	id, day, at := v.gate, v.State.RV.Date, v.c.Now()
	v.form = &reviewForm{title: "Tick: " + model.Line(c.Text), fields: []*reviewField{
		textField("Evidence", "", "what shows it is met: minutes, a document, a link"),
		textField("Confirmed by", v.c.Opt.Actor, ""),
	}, submit: func(vals []string) (tea.Cmd, error) {
		evidence, by := vals[0], vals[1]
		if evidence == "" {
			return nil, fmt.Errorf("a tick needs its evidence: what shows the criterion is met")
		}
		if by == "" {
			return nil, fmt.Errorf("name who confirms it")
		}
		summary := fmt.Sprintf("%s tick of %s by %s: %s", id, c.ID, by, evidence)
		return v.saveReview(model.ActionTick, summary, fixed(c.ID+" ticked"), func(p *model.Pilot) error {
			if err := gates.Tick(p, id, c.ID, by, evidence, at); err != nil {
				return err
			}
			return noteIfNone(p, id, day, c.ID, "Ticked in the meeting by "+by+": "+evidence)
		}), nil
	}}
}

// agentChecked answers the sign-off form: the role owner's key the
// ssh-agent holds (its fingerprint), or why the sign-off records unsigned.
type agentChecked struct {
	form             *reviewForm
	fingerprint, why string
}

// signWithAgent is the sign-off form's choice that signs through the agent.
const signWithAgent = "with agent key"

// agentAnswer offers signing with the agent's key of the role owner (the
// note names its whole fingerprint; the choice stays short to fit 80
// columns), or says in one line why the sign-off records unsigned.
func (f *reviewForm) agentAnswer(fingerprint, why string) {
	if fingerprint == "" {
		f.note = "recorded unsigned: " + why
		return
	}
	f.note = "sign with agent key " + fingerprint + " (the owner's, held by the ssh-agent)"
	f.fields = append(f.fields, choiceField("Sign", []string{signWithAgent, "unsigned"}, signWithAgent))
}

// openSignoff opens the sign-off form of the selected role and asks the
// ssh-agent, in a command, whether it holds the role owner's key: the
// form then offers to sign with it.
func (v *Screen) openSignoff() tea.Cmd {
	rows := v.signoffRows()
	if v.cursor >= len(rows) {
		return nil
	}
	row := rows[v.cursor]
	st := v.State
	sock := v.c.Opt.AgentSocket
	f := &reviewForm{title: fmt.Sprintf("Sign-off of %s as %s (binds checklist %.12s…)", v.gate, row.role, st.r.ChecklistHash), note: "asking the ssh-agent for the owner's key…", fields: []*reviewField{
		textField("Person", row.owner, "who signs"),
		choiceField("Decision", []string{"approve", "reject", "abstain"}, "approve"),
		textField("Meaning", "", "what the signature attests"),
		textField("Comment", "", "optional"),
	}}
	f.submit = func(vals []string) (tea.Cmd, error) {
		// Checked here so the form can say what is wrong; app.Sign checks
		// again inside the write and binds the checklist judged there.
		if _, err := gates.Sign(st.in.Pilot, st.r, row.role, model.Decision(vals[1]), vals[2], vals[3], vals[0], v.c.Now()); err != nil {
			return nil, err
		}
		req := app.SignRequest{Actor: v.c.Opt.Actor, Origin: app.OriginCockpit, Pilot: v.slug, Gate: v.gate, Role: row.role, Decision: model.Decision(vals[1]),
			Meaning: vals[2], Comment: vals[3], Person: vals[0], AsOf: v.c.Opt.AsOf, Where: "in the review"}
		signed := len(vals) > 4 && vals[4] == signWithAgent
		how := ""
		if signed {
			how = ", signed with the agent's key"
		}
		status := fixed(fmt.Sprintf("%s %s by %s%s", row.role, req.Decision, model.Line(req.Person), how))
		return v.saveStep(status, func(a *app.App) error {
			if signed { // the same use case as signoff --agent
				ag, err := app.DialAgent(sock)
				if err != nil {
					return err
				}
				defer ag.Close()
				req.With = ag.With()
			}
			_, err := a.Sign(context.Background(), req)
			return err
		}), nil
	}
	v.form = f
	p := st.in.Pilot
	return func() tea.Msg {
		fp, why := app.AgentKeyFor(sock, p, row.role)
		return agentChecked{form: f, fingerprint: fp, why: why}
	}
}

func (v *Screen) openCondition() {
	v.form = &reviewForm{title: "Condition of a conditional go", fields: []*reviewField{textField("Condition", "", "e.g. DLP policy enforced before the canary")},
		submit: func(vals []string) (tea.Cmd, error) {
			if vals[0] == "" {
				return nil, fmt.Errorf("type the condition")
			}
			return v.editMeeting("condition "+vals[0], "condition added", func(r *model.GateReview) error {
				r.Conditions = append(r.Conditions, vals[0])
				return nil
			}), nil
		}}
}

func (v *Screen) openAction() {
	v.form = &reviewForm{title: "Action item", fields: []*reviewField{
		textField("What", "", "the follow-up"),
		textField("Who", "", "the person who does it"),
		textField("Due", "", "YYYY-MM-DD"),
	}, submit: func(vals []string) (tea.Cmd, error) {
		if vals[0] == "" || vals[1] == "" {
			return nil, fmt.Errorf("an action item needs what and who")
		}
		due, err := model.ParseDate(vals[2])
		if err != nil {
			return nil, fmt.Errorf("due: %v", err)
		}
		a := model.ActionItem{What: vals[0], Who: vals[1], Due: due}
		return v.editMeeting("action "+a.What, "action item added", func(r *model.GateReview) error {
			r.Actions = append(r.Actions, a)
			return nil
		}), nil
	}}
}

var reviewDecisions = []string{"go", "conditional", "hold", "recycle", "kill"}

func (v *Screen) openDecision() {
	st := v.State
	id := v.gate
	k := &v.c.Keys
	// The decision starts on hold: go takes a deliberate choice.
	v.form = &reviewForm{title: "Decision of the " + string(id) + " review", fields: []*reviewField{choiceField("Decision", reviewDecisions, "hold")},
		submit: func(vals []string) (tea.Cmd, error) {
			d := model.ReviewDecision(vals[0])
			if len(st.RV.Attendees) == 0 {
				return nil, fmt.Errorf("a review needs its attendees: %s, go back to Attendees (%s) and mark who is here", common.Named(k.Cancel), common.Named(k.AgendaPrev))
			}
			if err := gates.CanDecide(st.r, d); err != nil { // a reject blocks go and conditional
				return nil, err
			}
			if d == model.ReviewConditional && len(st.RV.Conditions) == 0 {
				return nil, fmt.Errorf("a conditional go needs its conditions: %s, add them with %s, then decide", common.Named(k.Cancel), common.Named(k.Condition))
			}
			var moved model.Stage
			status := func() string {
				if moved != "" {
					return fmt.Sprintf("%s decided: %s; stage %s now", id, d, moved)
				}
				return fmt.Sprintf("%s decided: %s", id, d)
			}
			v.then = phaseSummary
			rv := st.RV
			rv.Decision = d
			actor, slug, asOf := v.c.Opt.Actor, v.slug, v.c.Opt.AsOf
			// app.RecordReview judges the gate inside the write that records
			// the decision, on the meeting as stored then.
			save := func() tea.Cmd {
				return v.saveStep(status, func(a *app.App) error {
					dec, err := a.RecordReview(context.Background(), app.Change{Actor: actor, Origin: app.OriginCockpit}, slug, rv, asOf, func(stored model.GateReview) model.GateReview {
						stored.Decision = d
						return stored
					})
					moved = dec.Moved
					return err
				})
			}
			if (d == model.ReviewGo || d == model.ReviewConditional) && !st.r.Ready {
				v.confirmUnready(d, st.r.Blockers, save)
				return nil, nil
			}
			return save(), nil
		}}
}

// confirmUnready asks again before a go or conditional on a gate that is
// not ready, listing its blockers; the answer starts on no.
func (v *Screen) confirmUnready(d model.ReviewDecision, blockers []string, save func() tea.Cmd) {
	title := fmt.Sprintf("%s is not ready, %s: %s", v.gate, common.Count(len(blockers), "blocker"), strings.Join(blockers, "; "))
	v.form = &reviewForm{title: model.Line(title), fields: []*reviewField{choiceField("Record "+string(d)+" anyway?", []string{"no", "yes"}, "no")},
		submit: func(vals []string) (tea.Cmd, error) {
			if vals[0] != "yes" {
				return func() tea.Msg { return common.StatusMsg{Text: string(d) + " not recorded: the gate is not ready"} }, nil
			}
			return save(), nil
		}}
}

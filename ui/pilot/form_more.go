package pilot

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
)

// Where the forms for the rest of the portfolio file open: the payback
// model (Payback tab), gate plans (Gates tab), feature flags, NFRs, plan
// milestones, the post-implementation review and the pilot's change
// calendar (Operations tab). e edits and n adds on those tabs; the palette
// lists each form wherever the pilot is open.

// moreEditChoices is what e offers on the tabs these forms belong to; ok
// is false on the other tabs.
func (d *Screen) moreEditChoices(p model.Pilot) (title, question string, ch []choice, pre int, ok bool) {
	switch d.Tab {
	case tabPayback:
		return "Payback model · " + p.Slug, "", []choice{d.paybackChoice()}, 0, true
	case tabGates:
		if gate, ok := d.shownGate(); ok {
			return "Gate plan · " + string(gate.id) + " · " + p.Slug, "What to change in " + string(gate.id) + "?", d.gateChoices(p, gate), 0, true
		}
	case tabOperations:
		return "Edit · " + p.Slug, "What to record or edit?", d.operationsChoices(p), 0, true
	}
	return "", "", nil, 0, false
}

// moreNewChoices is what n offers on those tabs: the same forms.
func (d *Screen) moreNewChoices(p model.Pilot) (title, question string, ch []choice, pre int, ok bool) {
	return d.moreEditChoices(p)
}

func (d *Screen) paybackChoice() choice {
	c, data := d.c, d.data
	return choice{"Payback model", func(fs common.Forms) common.Screen { return fs.PaybackForm(c, data.in, data.a.Health) }}
}

// shownGate is the gate the Gates tab shows.
func (d *Screen) shownGate() (gateResult, bool) {
	g, ok := d.panes[tabGates].(*gatePane)
	if !ok || d.data == nil || g.sel >= len(d.data.gates) {
		return gateResult{}, false
	}
	return d.data.gates[g.sel], true
}

// gateChoices are the gate-plan forms of the gate shown: waive, add, drop,
// lift a waiver. Waive and drop ask which criterion next.
func (d *Screen) gateChoices(p model.Pilot, g gateResult) []choice {
	c, id := d.c, g.id
	title := "Gate plan · " + string(id) + " · " + p.Slug
	var waive, drop, lift []choice
	for _, cr := range g.r.Criteria {
		label := cr.ID + ": " + cr.Text
		switch cr.Status {
		case gates.Waived:
			lift = append(lift, choice{label, func(fs common.Forms) common.Screen { return fs.LiftWaiverConfirm(c, p, id, cr.ID) }})
		default:
			waive = append(waive, choice{label, func(fs common.Forms) common.Screen { return fs.WaiveForm(c, p, id, cr.ID, cr.Text) }})
		}
		drop = append(drop, choice{label, func(fs common.Forms) common.Screen { return fs.DropCriterionConfirm(c, p, id, cr.ID, cr.Text) }})
	}
	then := func(label, question string, chs []choice) choice {
		return choice{label, func(fs common.Forms) common.Screen { return pickScreen(fs, c, title, question, chs, 0) }}
	}
	var out []choice
	if len(waive) > 0 {
		out = append(out, then("Waive a criterion (reason and role)", "Which criterion to waive?", waive))
	}
	out = append(out, choice{"Add a criterion", func(fs common.Forms) common.Screen { return fs.AddCriterionForm(c, p, id) }})
	if len(drop) > 0 {
		out = append(out, then("Drop a criterion", "Which criterion to drop?", drop))
	}
	if len(lift) > 0 {
		out = append(out, then("Lift a waiver", "Which waiver to lift?", lift))
	}
	return out
}

// operationsChoices are the Operations tab's forms: flags, NFRs, plan
// milestones, the post-implementation review and the pilot's own change
// windows and freezes. The lists open a second picker: new, edit or
// remove which.
func (d *Screen) operationsChoices(p model.Pilot) []choice {
	c := d.c
	title := "Operations · " + p.Slug
	var out []choice
	if len(p.Flags) > 0 && len(p.Rings) > 0 {
		out = append(out, choice{"Feature flags: record a change", func(fs common.Forms) common.Screen { return fs.FlagForm(c, p, "", nil, model.FlagOff, "") }})
	}
	sub := func(label, question string, chs []choice) choice {
		return choice{label, func(fs common.Forms) common.Screen { return pickOrOpen(fs, c, title, question, chs, 0) }}
	}
	// NFRs
	nfrs := []choice{{"New NFR", func(fs common.Forms) common.Screen { return fs.NFRForm(c, p, -1) }}}
	for i, n := range p.NFRs {
		nfrs = append(nfrs, choice{"Edit NFR " + strconv.Quote(n.Requirement), func(fs common.Forms) common.Screen { return fs.NFRForm(c, p, i) }})
	}
	nfrs = append(nfrs, removeChoices(c, p, p.NFRs, model.ActionNFREdit, func(n model.NFR) string { return "NFR " + strconv.Quote(n.Requirement) },
		func(q *model.Pilot) (*[]model.NFR, error) { return &q.NFRs, nil })...)
	out = append(out, sub("Non-functional requirements…", "Which NFR?", nfrs))
	// plan milestones
	plan := []choice{{"New milestone", func(fs common.Forms) common.Screen { return fs.MilestoneForm(c, p, -1) }}}
	for i, m := range p.Plan {
		plan = append(plan, choice{"Edit milestone " + strconv.Quote(m.What), func(fs common.Forms) common.Screen { return fs.MilestoneForm(c, p, i) }})
	}
	plan = append(plan, removeChoices(c, p, p.Plan, model.ActionPlanEdit, func(m model.Milestone) string { return "milestone " + strconv.Quote(m.What) },
		func(q *model.Pilot) (*[]model.Milestone, error) { return &q.Plan, nil })...)
	out = append(out, sub("Plan milestones…", "Which milestone?", plan))
	out = append(out, choice{"Post-implementation review", func(fs common.Forms) common.Screen { return fs.PIRForm(c, p) }})
	// the pilot's own calendar
	cal := []choice{{"New change window", func(fs common.Forms) common.Screen { return fs.WindowForm(c, p, -1) }},
		{"New freeze", func(fs common.Forms) common.Screen { return fs.FreezeForm(c, p, -1) }}}
	if p.Calendar != nil {
		for i, w := range p.Calendar.Windows {
			cal = append(cal, choice{"Edit window " + strconv.Quote(w.Name), func(fs common.Forms) common.Screen { return fs.WindowForm(c, p, i) }})
		}
		for i, f := range p.Calendar.Freezes {
			cal = append(cal, choice{"Edit freeze " + strconv.Quote(f.Name), func(fs common.Forms) common.Screen { return fs.FreezeForm(c, p, i) }})
		}
		cal = append(cal, removeChoices(c, p, p.Calendar.Windows, model.ActionPilotCalendar, func(w model.ChangeWindow) string { return "change window " + strconv.Quote(w.Name) },
			func(q *model.Pilot) (*[]model.ChangeWindow, error) {
				if q.Calendar == nil {
					return nil, c.Keys.Changed("pilot's calendar")
				}
				return &q.Calendar.Windows, nil
			})...)
		cal = append(cal, removeChoices(c, p, p.Calendar.Freezes, model.ActionPilotCalendar, func(f model.FreezePeriod) string { return "freeze " + strconv.Quote(f.Name) },
			func(q *model.Pilot) (*[]model.FreezePeriod, error) {
				if q.Calendar == nil {
					return nil, c.Keys.Changed("pilot's calendar")
				}
				return &q.Calendar.Freezes, nil
			})...)
	}
	out = append(out, sub("Change windows and freezes (this pilot's)…", "Which window or freeze?", cal))
	return out
}

// moreFormActions are the palette's entries for these forms.
func (d *Screen) moreFormActions(p model.Pilot) []common.Action {
	open := func(ch choice) func() tea.Cmd { return func() tea.Cmd { return common.OpenForm(ch.open) } }
	as := []common.Action{
		{Name: "Edit payback model", Help: "costs, benefit drivers, ramp; the projection updates as you type", Run: open(d.paybackChoice())},
	}
	if g, ok := d.shownGate(); ok {
		for _, ch := range d.gateChoices(p, g) {
			as = append(as, common.Action{Name: string(g.id) + ": " + ch.label, Help: "gate plan of " + p.Slug, Run: open(ch)})
		}
	}
	for _, ch := range d.operationsChoices(p) {
		as = append(as, common.Action{Name: ch.label, Help: "operations of " + p.Slug, Run: open(ch)})
	}
	return as
}

// removeChoices are "Remove WHAT" choices, one per item: each confirms,
// then removes the item from the list that list finds in the pilot as
// stored at save time, refusing if the item is no longer where it was.
func removeChoices[T any](c *common.Common, p model.Pilot, items []T, action string, what func(T) string, list func(*model.Pilot) (*[]T, error)) []choice {
	out := make([]choice, 0, len(items))
	for i, it := range items {
		w := what(it)
		out = append(out, choice{"Remove " + w, func(fs common.Forms) common.Screen {
			return fs.RemoveConfirm(c, p, w, action, func(q *model.Pilot) error {
				l, err := list(q)
				if err != nil {
					return err
				}
				return common.Remove(&c.Keys, l, i, it, w)
			})
		}})
	}
	return out
}

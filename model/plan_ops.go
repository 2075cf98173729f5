package model

import "sort"

// Overdue reports whether a milestone is past its due day on asOf and not done.
func (m Milestone) Overdue(asOf Date) bool {
	return m.Done.IsZero() && !m.Due.IsZero() && m.Due < asOf
}

// OverdueMilestones lists the plan's milestones overdue on asOf, oldest due first.
func OverdueMilestones(p *Pilot, asOf Date) []Milestone {
	var out []Milestone
	for _, m := range p.Plan {
		if m.Overdue(asOf) {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due < out[j].Due })
	return out
}

// PilotAction is one follow-up on a pilot's action list, with where it
// was agreed: a gate review ("G3 review 2026-09-10") or the
// post-implementation review ("post-implementation review 2027-01-15").
type PilotAction struct {
	ActionItem
	Source string
}

// Actions is the pilot's action list: every gate review's action items
// and the post-implementation review's, by due day (undated last).
func Actions(p *Pilot) []PilotAction {
	var out []PilotAction
	for _, r := range p.Reviews {
		for _, a := range r.Actions {
			out = append(out, PilotAction{a, string(r.Gate) + " review " + r.Date.String()})
		}
	}
	if p.PIR != nil {
		for _, a := range p.PIR.Actions {
			out = append(out, PilotAction{a, "post-implementation review " + p.PIR.Date.String()})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Due, out[j].Due
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a < b
	})
	return out
}

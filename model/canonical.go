package model

import (
	"sort"
	"time"
)

// Canonical gives a pilot one canonical in-memory form (empty collections
// nil, times in UTC to the second, sign-offs and reviews in time order),
// so a pilot read from a file and the same pilot read back from the
// database compare equal. The store writes and reads pilots in this form.
func (p Pilot) Canonical() Pilot {
	if len(p.Owners) == 0 {
		p.Owners = nil
	}
	if len(p.OwnerKeys) == 0 {
		p.OwnerKeys = nil
	}
	if len(p.Hypothesis.Revisions) == 0 {
		p.Hypothesis.Revisions = nil
	}
	for i := range p.Hypothesis.Revisions {
		p.Hypothesis.Revisions[i].At = p.Hypothesis.Revisions[i].At.UTC().Truncate(time.Second)
	}
	p.Hypothesis.Reason = ""
	if len(p.Rings) == 0 {
		p.Rings = nil
	}
	if len(p.KPIs) == 0 {
		p.KPIs = nil
	}
	if len(p.Risks) == 0 {
		p.Risks = nil
	}
	if len(p.Runbooks) == 0 {
		p.Runbooks = nil
	}
	for i := range p.Runbooks {
		if len(p.Runbooks[i].Drills) == 0 {
			p.Runbooks[i].Drills = nil
		}
		for j := range p.Runbooks[i].Drills {
			if len(p.Runbooks[i].Drills[j].Steps) == 0 {
				p.Runbooks[i].Drills[j].Steps = nil
			}
		}
	}
	if len(p.Gates) == 0 {
		p.Gates = nil
	}
	for i := range p.Gates {
		for j := range p.Gates[i].Ticks {
			p.Gates[i].Ticks[j].At = p.Gates[i].Ticks[j].At.UTC().Truncate(time.Second)
		}
	}
	if len(p.Signoffs) == 0 {
		p.Signoffs = nil
	}
	for i := range p.Signoffs {
		p.Signoffs[i].At = p.Signoffs[i].At.UTC().Truncate(time.Second)
	}
	sort.SliceStable(p.Signoffs, func(i, j int) bool { return p.Signoffs[i].At.Before(p.Signoffs[j].At) })
	if len(p.Reviews) == 0 {
		p.Reviews = nil
	}
	for i := range p.Reviews {
		r := &p.Reviews[i]
		if len(r.Attendees) == 0 {
			r.Attendees = nil
		}
		if len(r.Notes) == 0 {
			r.Notes = nil
		}
		if len(r.Conditions) == 0 {
			r.Conditions = nil
		}
		if len(r.Actions) == 0 {
			r.Actions = nil
		}
	}
	sort.SliceStable(p.Reviews, func(i, j int) bool { return p.Reviews[i].Date < p.Reviews[j].Date })
	if p.Payback != nil && len(p.Payback.Ramp) == 0 {
		p.Payback.Ramp = nil
	}
	p.Calendar = CanonicalCalendar(p.Calendar)
	canonicalOperations(&p)
	return p
}

// canonicalOperations gives the operations one canonical form: empty
// collections nil.
func canonicalOperations(p *Pilot) {
	if len(p.Flags) == 0 {
		p.Flags = nil
	}
	for i := range p.Flags {
		if len(p.Flags[i].States) == 0 {
			p.Flags[i].States = nil
		}
	}
	if len(p.NFRs) == 0 {
		p.NFRs = nil
	}
	if len(p.Plan) == 0 {
		p.Plan = nil
	}
	if r := p.PIR; r != nil {
		if len(r.Worked) == 0 {
			r.Worked = nil
		}
		if len(r.Tune) == 0 {
			r.Tune = nil
		}
		if len(r.Actions) == 0 {
			r.Actions = nil
		}
	}
	for i := range p.Gates {
		for j := range p.Gates[i].Add {
			if len(p.Gates[i].Add[j].Categories) == 0 {
				p.Gates[i].Add[j].Categories = nil
			}
		}
	}
}

// CanonicalCalendar gives a calendar one form: an empty one is nil, empty
// lists are nil.
func CanonicalCalendar(c *Calendar) *Calendar {
	if c.IsZero() {
		return nil
	}
	if len(c.Windows) == 0 {
		c.Windows = nil
	}
	if len(c.Freezes) == 0 {
		c.Freezes = nil
	}
	return c
}

package gates

import (
	"fmt"
	"slices"
	"strings"

	"ringside/model"
)

// Edits of a pilot's gate plan, as the cockpit's gate-plan forms make them
// (Waive is in session.go): each changes the plan and checks it still
// stands, so a refused edit is never stored.

// AddCriterion adds c to gate id's criteria.
func AddCriterion(p *model.Pilot, id model.GateID, c model.GateCriterion) error {
	if c.ID = strings.TrimSpace(c.ID); c.ID == "" {
		return fmt.Errorf("a criterion needs an id, e.g. %s-works-council", strings.ToLower(string(id)))
	}
	now, err := Criteria(p, id)
	if err != nil {
		return err
	}
	if hasID(now, c.ID) {
		return fmt.Errorf("gate %s already has a criterion %q: choose another id", id, c.ID)
	}
	pl := plan(p, id)
	pl.Add = append(pl.Add, c)
	_, err = Criteria(p, id)
	return err
}

// DropCriterion takes criterion out of gate id: a default one is dropped
// (the plan's drop list), an added one removed from the plan. Its waiver
// and ticks go with it.
func DropCriterion(p *model.Pilot, id model.GateID, criterion string) error {
	now, err := Criteria(p, id)
	if err != nil {
		return err
	}
	if !hasID(now, criterion) {
		return fmt.Errorf("gate %s has no criterion %q (dropped already?)", id, criterion)
	}
	pl := plan(p, id)
	if i := slices.IndexFunc(pl.Add, func(c model.GateCriterion) bool { return c.ID == criterion }); i >= 0 {
		pl.Add = slices.Delete(pl.Add, i, i+1)
	} else {
		pl.Drop = append(pl.Drop, criterion)
	}
	pl.Waivers = slices.DeleteFunc(pl.Waivers, func(w model.Waiver) bool { return w.Criterion == criterion })
	pl.Ticks = slices.DeleteFunc(pl.Ticks, func(t model.ManualTick) bool { return t.Criterion == criterion })
	_, err = Criteria(p, id)
	return err
}

// LiftWaiver removes the waiver of criterion in gate id: it counts again.
func LiftWaiver(p *model.Pilot, id model.GateID, criterion string) error {
	pl := plan(p, id)
	n := len(pl.Waivers)
	pl.Waivers = slices.DeleteFunc(pl.Waivers, func(w model.Waiver) bool { return w.Criterion == criterion })
	if len(pl.Waivers) == n {
		return fmt.Errorf("%s is not waived in gate %s", criterion, id)
	}
	_, err := Criteria(p, id)
	return err
}

// RoleOf is the role a criterion concerns: the role whose sign-off it
// asks for, "" when it concerns no one role. A waiver form starts there
// rather than on a fixed role.
func RoleOf(p *model.Pilot, id model.GateID, criterion string) model.Role {
	cs, err := Criteria(p, id)
	if err != nil {
		return ""
	}
	for _, c := range cs {
		if c.ID == criterion {
			return c.Role
		}
	}
	return ""
}

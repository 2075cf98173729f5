package gates

import (
	"fmt"

	"ringside/model"
)

// Criteria returns the criteria a pilot faces at a gate: the defaults, minus
// the ones its gate plan drops, plus the ones it adds (after the defaults,
// in the plan's order). It checks the plan against the result, so a typo in
// a dropped, waived or ticked id is an error rather than a silent no-op.
func Criteria(p *model.Pilot, id model.GateID) ([]model.GateCriterion, error) {
	if err := model.OneOf("gate", id, model.GateIDs); err != nil {
		return nil, err
	}
	g, _ := Default(id)
	if p == nil {
		return g.Criteria, nil
	}
	plan, ok := p.GatePlan(id)
	if !ok {
		return g.Criteria, nil
	}

	dropped := make(map[string]bool, len(plan.Drop))
	for _, d := range plan.Drop {
		if !hasID(g.Criteria, d) {
			return nil, fmt.Errorf("gate %s of %q drops unknown criterion %q: use one of the gate's default ids (%s)", id, p.Slug, d, idList(g.Criteria))
		}
		dropped[d] = true
	}
	out := make([]model.GateCriterion, 0, len(g.Criteria)+len(plan.Add))
	for _, c := range g.Criteria {
		if !dropped[c.ID] {
			out = append(out, c)
		}
	}
	for i, c := range plan.Add {
		if err := checkAdded(p, c); err != nil {
			return nil, fmt.Errorf("gate %s of %q, added criterion %d: %w", id, p.Slug, i+1, err)
		}
		if hasID(out, c.ID) || dropped[c.ID] {
			return nil, fmt.Errorf("gate %s of %q adds criterion %q twice or over a default: give it a new id", id, p.Slug, c.ID)
		}
		out = append(out, c)
	}

	waived := map[string]bool{}
	for _, w := range plan.Waivers {
		if dropped[w.Criterion] {
			return nil, fmt.Errorf("gate %s of %q waives %q, which it also drops: keep one of the two", id, p.Slug, w.Criterion)
		}
		if !hasID(out, w.Criterion) {
			return nil, fmt.Errorf("gate %s of %q waives unknown criterion %q: use one of %s", id, p.Slug, w.Criterion, idList(out))
		}
		if waived[w.Criterion] {
			return nil, fmt.Errorf("gate %s of %q waives %q twice: keep one waiver", id, p.Slug, w.Criterion)
		}
		waived[w.Criterion] = true
		if w.Reason == "" || w.Role == "" {
			return nil, fmt.Errorf("gate %s of %q: the waiver of %q needs a reason and the role that granted it", id, p.Slug, w.Criterion)
		}
		if err := model.OneOf("role", w.Role, model.Roles); err != nil {
			return nil, fmt.Errorf("gate %s of %q, waiver of %q: %w", id, p.Slug, w.Criterion, err)
		}
	}
	for _, t := range plan.Ticks {
		if !hasID(out, t.Criterion) {
			return nil, fmt.Errorf("gate %s of %q ticks unknown criterion %q: use one of %s", id, p.Slug, t.Criterion, idList(out))
		}
	}
	return out, nil
}

// checkAdded checks that an added criterion carries what its kind needs.
func checkAdded(p *model.Pilot, c model.GateCriterion) error {
	if c.ID == "" || c.Text == "" {
		return fmt.Errorf("a criterion needs an id and a text")
	}
	if err := model.OneOf("criterion kind", c.Kind, model.CriterionKinds); err != nil {
		return fmt.Errorf("%q: %w", c.ID, err)
	}
	switch c.Kind {
	case model.KindKPI:
		if c.KPI != "" {
			if _, ok := p.KPI(c.KPI); !ok {
				return fmt.Errorf("%q names KPI %q, which the pilot does not define: use one of its KPI keys or leave kpi out for every must-meet KPI", c.ID, c.KPI)
			}
		}
	case model.KindSignoff:
		if err := model.OneOf("role", c.Role, model.Roles); err != nil {
			return fmt.Errorf("%q: %w", c.ID, err)
		}
	case model.KindRisk:
		if c.MaxScore < 1 || c.MaxScore > 25 {
			return fmt.Errorf("%q: max_score %d is out of range: use 1–25 (likelihood × impact)", c.ID, c.MaxScore)
		}
	case model.KindRunbook:
		if err := model.OneOf("runbook kind", c.RunbookKind, model.RunbookKinds); err != nil {
			return fmt.Errorf("%q: %w", c.ID, err)
		}
		if c.WithinDays < 0 {
			return fmt.Errorf("%q: within_days %d is negative: use 0 (the runbook must exist) or a number of days", c.ID, c.WithinDays)
		}
	case model.KindNFR:
		if len(c.Categories) == 0 {
			return fmt.Errorf("%q: an nfr criterion needs categories, e.g. [security, privacy]", c.ID)
		}
		for _, x := range c.Categories {
			if err := model.OneOf("NFR category", x, model.NFRCategories); err != nil {
				return fmt.Errorf("%q: %w", c.ID, err)
			}
		}
	}
	return nil
}

func hasID(cs []model.GateCriterion, id string) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func idList(cs []model.GateCriterion) string {
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += ", "
		}
		s += c.ID
	}
	if s == "" {
		return "(none)"
	}
	return s
}

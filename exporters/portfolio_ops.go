package exporters

import (
	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// addOperations writes the issue-8 parts of a pilot: flags, nfrs, plan, pir.
func addOperations(m mapNode, p *model.Pilot) {
	m.add("flags", listOf(p.Flags, func(f *model.Flag) *yaml.Node {
		fm := mapping()
		fm.str("key", f.Key)
		fm.str("description", f.Description)
		fm.str("owner", f.Owner)
		fm.str("runbook", f.Runbook)
		states := mapping()
		for _, r := range p.FlagRings(*f) { // in ring order, so the bytes are stable
			states.add(r, text(string(f.States[r])))
		}
		fm.add("states", states.flowIfShort())
		return fm.Node
	}))
	m.add("nfrs", listOf(p.NFRs, func(n *model.NFR) *yaml.Node {
		nm := mapping()
		nm.str("category", string(n.Category))
		nm.str("requirement", n.Requirement)
		nm.str("verification", n.Verification)
		nm.str("evidence", n.Evidence)
		nm.str("status", string(n.Status))
		return nm.flowIfShort()
	}))
	m.add("plan", listOf(p.Plan, func(ms *model.Milestone) *yaml.Node {
		mm := mapping()
		mm.str("what", ms.What)
		mm.str("owner", ms.Owner)
		mm.date("due", ms.Due)
		mm.date("done", ms.Done)
		mm.integer("bucket", ms.Bucket)
		return mm.flowIfShort()
	}))
	if r := p.PIR; r != nil {
		pm := mapping()
		pm.date("date", r.Date)
		pm.add("worked", stringList(r.Worked))
		pm.add("tune", stringList(r.Tune))
		pm.add("actions", listOf(r.Actions, func(a *model.ActionItem) *yaml.Node {
			am := mapping()
			am.str("what", a.What)
			am.str("who", a.Who)
			am.date("due", a.Due)
			return am.flowIfShort()
		}))
		if len(pm.Content) == 0 {
			pm.Style = yaml.FlowStyle // pir: {} still reads back as a review
		}
		m.Content = append(m.Content, text("pir"), pm.Node)
	}
}

// sloNode writes a KPI's SLO; nil when the KPI is no SLO.
func sloNode(s *model.KPISLO) *yaml.Node {
	if s == nil {
		return nil
	}
	m := mapping()
	m.str("good", s.Good)
	m.str("total", s.Total)
	m.number("objective", s.Objective)
	m.integer("period_days", s.PeriodDays)
	m.integer("short_days", s.ShortDays)
	m.integer("long_days", s.LongDays)
	m.number("fast_burn", s.FastBurn)
	m.number("slow_burn", s.SlowBurn)
	return m.flowIfShort()
}

// categoriesNode writes an nfr criterion's categories as [a, b].
func categoriesNode(cs []model.NFRCategory) *yaml.Node {
	s := seq()
	for _, c := range cs {
		s.Content = append(s.Content, text(string(c)))
	}
	return flowList(s)
}

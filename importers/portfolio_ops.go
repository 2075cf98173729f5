package importers

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// The rollout-operations fields of a pilot (flags, nfrs, plan,
// pir), a KPI's slo and an nfr criterion's categories.
func init() {
	pilotFields = append(pilotFields, "flags", "nfrs", "plan", "pir")
	kpiFields = append(kpiFields, "slo")
	gateCriterionFields = append(gateCriterionFields, "categories")
}

func (pr *pilotReader) operations(p *model.Pilot, key string, v *yaml.Node) {
	switch key {
	case "flags":
		pr.list(v, key, func(i int, item *yaml.Node) { p.Flags = append(p.Flags, pr.flag(item, i)) })
	case "nfrs":
		pr.list(v, key, func(i int, item *yaml.Node) { p.NFRs = append(p.NFRs, pr.nfr(item, i)) })
	case "plan":
		pr.list(v, key, func(i int, item *yaml.Node) { p.Plan = append(p.Plan, pr.milestone(item, i)) })
	case "pir":
		p.PIR = pr.pir(v)
	}
}

func (pr *pilotReader) flag(n *yaml.Node, i int) model.Flag {
	path := fmt.Sprintf("flags[%d]", i)
	pr.at(path, n)
	label := fmt.Sprintf("flag %d of %s", i+1, pr.label)
	var f model.Flag
	pr.mapping(n, label, []string{"key", "description", "owner", "runbook", "states"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "key":
			f.Key = pr.str(v, key)
		case "description":
			f.Description = pr.str(v, key)
		case "owner":
			f.Owner = pr.str(v, key)
		case "runbook":
			f.Runbook = pr.str(v, key)
		case "states":
			pr.anyMapping(v, "states of "+label, func(ring string, k, v *yaml.Node) {
				pr.at(path+".states."+ring, k)
				if f.States == nil {
					f.States = map[string]model.FlagState{}
				}
				f.States[ring] = model.FlagState(pr.str(v, "the state of ring "+ring))
			})
		}
	})
	return f
}

var sloFields = []string{"good", "total", "objective", "period_days", "short_days", "long_days", "fast_burn", "slow_burn"}

func (pr *pilotReader) slo(n *yaml.Node, path string) *model.KPISLO {
	if isNull(n) {
		return nil
	}
	var s model.KPISLO
	pr.mapping(n, "the slo of "+pr.label+" "+path, sloFields, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "good":
			s.Good = pr.str(v, key)
		case "total":
			s.Total = pr.str(v, key)
		case "objective":
			s.Objective = pr.number(v, key, " of percent, e.g. 99.5")
		case "period_days":
			s.PeriodDays = pr.integer(v, key, " of days")
		case "short_days":
			s.ShortDays = pr.integer(v, key, " of days")
		case "long_days":
			s.LongDays = pr.integer(v, key, " of days")
		case "fast_burn":
			s.FastBurn = pr.number(v, key, "")
		case "slow_burn":
			s.SlowBurn = pr.number(v, key, "")
		}
	})
	return &s
}

func (pr *pilotReader) nfr(n *yaml.Node, i int) model.NFR {
	path := fmt.Sprintf("nfrs[%d]", i)
	pr.at(path, n)
	var r model.NFR
	pr.mapping(n, fmt.Sprintf("NFR %d of %s", i+1, pr.label), []string{"category", "requirement", "verification", "evidence", "status"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "category":
			r.Category = model.NFRCategory(pr.str(v, key))
		case "requirement":
			r.Requirement = pr.str(v, key)
		case "verification":
			r.Verification = pr.str(v, key)
		case "evidence":
			r.Evidence = pr.str(v, key)
		case "status":
			r.Status = model.NFRStatus(pr.str(v, key))
		}
	})
	if r.Status == "" {
		r.Status = model.NFROpen // an NFR that states no status is not verified yet
	}
	return r
}

func (pr *pilotReader) milestone(n *yaml.Node, i int) model.Milestone {
	path := fmt.Sprintf("plan[%d]", i)
	pr.at(path, n)
	var m model.Milestone
	pr.mapping(n, fmt.Sprintf("milestone %d of %s", i+1, pr.label), []string{"what", "owner", "due", "done", "bucket"}, func(key string, k, v *yaml.Node) {
		pr.at(path+"."+key, k)
		switch key {
		case "what":
			m.What = pr.str(v, key)
		case "owner":
			m.Owner = pr.str(v, key)
		case "due":
			m.Due = pr.date(v, key)
		case "done":
			m.Done = pr.date(v, key)
		case "bucket":
			m.Bucket = pr.integer(v, key, " of days: 30, 60 or 90")
		}
	})
	return m
}

func (pr *pilotReader) pir(n *yaml.Node) *model.PostImplementationReview {
	if isNull(n) {
		return nil
	}
	label := "the post-implementation review of " + pr.label
	var r model.PostImplementationReview
	pr.mapping(n, label, []string{"date", "worked", "tune", "actions"}, func(key string, k, v *yaml.Node) {
		pr.at("pir."+key, k)
		switch key {
		case "date":
			r.Date = pr.date(v, key)
		case "worked":
			r.Worked = pr.strings(v, key)
		case "tune":
			r.Tune = pr.strings(v, key)
		case "actions":
			r.Actions = pr.actionItems(v, "pir", label)
		}
	})
	return &r
}

func (pr *pilotReader) nfrCategories(n *yaml.Node, path string) []model.NFRCategory {
	var out []model.NFRCategory
	pr.list(n, "categories", func(i int, item *yaml.Node) {
		pr.at(fmt.Sprintf("%s[%d]", path, i), item)
		out = append(out, model.NFRCategory(pr.str(item, "each category")))
	})
	return out
}

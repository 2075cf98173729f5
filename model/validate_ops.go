package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// validateOperations checks the issue-8 parts of a pilot: flags, SLOs on
// KPIs, NFRs, the plan and the post-implementation review.
func (p *Pilot) validateOperations(v *validator) {
	keys := map[string]int{}
	for i, f := range p.Flags {
		path := fmt.Sprintf("flags[%d]", i)
		if err := validKey("flag key", f.Key); err != nil {
			v.err(path+".key", err)
		} else if j, dup := keys[f.Key]; dup {
			v.add(path+".key", "flag %q is already defined as flags[%d]: flag keys must be unique", f.Key, j)
		} else {
			keys[f.Key] = i
		}
		if f.Runbook != "" && !p.hasRunbook(f.Runbook) {
			v.add(path+".runbook", "no runbook is titled %q: name the runbook that turns the flag off, one of %s", f.Runbook, p.runbookTitles())
		}
		rings := make([]string, 0, len(f.States))
		for r := range f.States {
			rings = append(rings, r)
		}
		sort.Strings(rings) // map order is random; errors should not be
		for _, r := range rings {
			sp := path + ".states." + r
			if _, ok := p.Ring(r); !ok {
				v.add(sp, "flag %q has a state for ring %q, which the pilot does not define: use one of %s", f.Key, r, p.ringNames())
				continue
			}
			enum(v, sp, "flag state", f.States[r], FlagStates)
		}
	}
	for i, k := range p.KPIs {
		if k.SLO != nil {
			validateSLO(v, fmt.Sprintf("kpis[%d].slo", i), *k.SLO)
		}
	}
	for i, n := range p.NFRs {
		path := fmt.Sprintf("nfrs[%d]", i)
		enum(v, path+".category", "NFR category", n.Category, NFRCategories)
		v.required(path+".requirement", "requirement", n.Requirement)
		enum(v, path+".status", "NFR status", n.Status, NFRStatuses)
		if n.Status == NFRVerified && strings.TrimSpace(n.Evidence) == "" {
			v.add(path+".evidence", "a verified NFR needs its evidence: say what showed it holds (a report, a test run, a ticket)")
		}
	}
	for i, m := range p.Plan {
		path := fmt.Sprintf("plan[%d]", i)
		v.required(path+".what", "what", m.What)
		if m.Due.IsZero() {
			v.add(path+".due", "due is required: the day the milestone is due, YYYY-MM-DD")
		}
		if m.Bucket != 0 && m.Bucket != 30 && m.Bucket != 60 && m.Bucket != 90 {
			v.add(path+".bucket", "bucket must be 30, 60 or 90 (days), or left out, got %d", m.Bucket)
		}
	}
	if r := p.PIR; r != nil {
		if r.Date.IsZero() {
			v.add("pir.date", "date is required: the day of the review, YYYY-MM-DD")
		}
		if !p.PassedG5() {
			v.add("pir", "a post-implementation review follows G5, but pilot %s is in stage %s with no G5 go: record it once the pilot is in production", p.Slug, p.Stage)
		}
		for i, a := range r.Actions {
			v.required(fmt.Sprintf("pir.actions[%d].what", i), "what", a.What)
		}
	}
}

// validateSLO checks an SLO as model/slo would, with paths for the file.
func validateSLO(v *validator, path string, s KPISLO) {
	v.err(path+".good", validKey("good metric key", s.Good))
	v.err(path+".total", validKey("total metric key", s.Total))
	if s.Good != "" && strings.EqualFold(s.Good, s.Total) {
		v.add(path+".total", "good and total name the same metric %q: total counts every event, good only those that met the objective", s.Good)
	}
	if math.IsNaN(s.Objective) || s.Objective <= 0 || s.Objective >= 100 {
		v.add(path+".objective", "objective %s is outside (0, 100): give the percent of events that must be good, e.g. 99.5 (100 would leave no error budget)", fmtNum(s.Objective))
	}
	v.intRange(path+".period_days", s.PeriodDays, 0, 366)
	v.intRange(path+".short_days", s.ShortDays, 0, 366)
	v.intRange(path+".long_days", s.LongDays, 0, 366)
	short, long := s.ShortDays, s.LongDays
	if short == 0 {
		short = 1
	}
	if long == 0 {
		long = 7
	}
	if short > long {
		v.add(path+".short_days", "short window of %d days is longer than the long one of %d: swap them", short, long)
	}
	if long > s.Period() {
		v.add(path+".long_days", "long window of %d days is longer than the period of %d days", long, s.Period())
	}
	v.number(path+".fast_burn", s.FastBurn, 0, math.MaxFloat64, "a burn rate above 0 (e.g. 14.4), or left out")
	v.number(path+".slow_burn", s.SlowBurn, 0, math.MaxFloat64, "a burn rate above 0 (e.g. 6), or left out")
}

// validateNFRCategories checks the categories an nfr criterion names.
func validateNFRCategories(v *validator, path string, cs []NFRCategory) {
	if len(cs) == 0 {
		v.add(path, "an nfr criterion needs categories: one or more of %s", nfrCategoryList())
	}
	for i, c := range cs {
		enum(v, fmt.Sprintf("%s[%d]", path, i), "NFR category", c, NFRCategories)
	}
}

func nfrCategoryList() string {
	names := make([]string, len(NFRCategories))
	for i, c := range NFRCategories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func (p *Pilot) hasRunbook(title string) bool {
	for _, rb := range p.Runbooks {
		if rb.Title == title {
			return true
		}
	}
	return false
}

func (p *Pilot) runbookTitles() string {
	if len(p.Runbooks) == 0 {
		return "(no runbooks defined)"
	}
	names := make([]string, len(p.Runbooks))
	for i, rb := range p.Runbooks {
		names[i] = fmt.Sprintf("%q", rb.Title)
	}
	return strings.Join(names, ", ")
}

// PassedG5 reports whether the pilot is past the rollout-complete gate: in
// production, or a G5 review decided go or conditional.
func (p *Pilot) PassedG5() bool {
	if p.Stage == StageProduction {
		return true
	}
	for _, r := range p.Reviews {
		if r.Gate == GateG5 && (r.Decision == ReviewGo || r.Decision == ReviewConditional) {
			return true
		}
	}
	return false
}

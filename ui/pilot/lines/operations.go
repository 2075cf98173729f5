package lines

import (
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/health"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// Operations is the Operations tab's lines at width w.
func Operations(c *common.Common, d *Data, w int) []string {
	st := &c.Styles
	p := d.In.Pilot
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	wrap := func(indent, s string) {
		for _, l := range widgets.Wrap(s, max(w-len(indent), 10)) {
			add(indent + l)
		}
	}

	add(st.Heading.Render(" Feature flags by ring"))
	if len(p.Flags) == 0 {
		add("  none recorded: list the flags that gate the pilot under flags: in its portfolio file")
	}
	for _, r := range p.Rings {
		if len(p.Flags) == 0 {
			break
		}
		var on, off []string
		for _, f := range p.Flags {
			switch f.States[r.Name] {
			case model.FlagOn:
				on = append(on, model.Line(f.Key))
			case model.FlagOff:
				off = append(off, model.Line(f.Key))
			}
		}
		line := "  " + widgets.Fit(model.Line(r.Name), 10) + widgets.Fit(string(r.Status), 12) + "on: " + orDash(strings.Join(on, ", "))
		if len(off) > 0 {
			line += st.Muted.Render(" · off: " + strings.Join(off, ", "))
		}
		add(widgets.Cut(line, w))
		if r.Status == model.RingRolledBack && len(on) > 0 {
			for _, l := range model.RollbackPlanFor(p, r.Name).Lines() {
				add(st.Fail.Render(widgets.Cut("    "+l, w)))
			}
		}
	}
	for _, f := range p.Flags {
		desc := model.Line(f.Key)
		if f.Description != "" {
			desc += ": " + model.Line(f.Description)
		}
		if f.Owner != "" {
			desc += " · owner " + model.Line(f.Owner)
		}
		if f.Runbook != "" {
			desc += fmt.Sprintf(" · off by %q", model.Line(f.Runbook))
		}
		wrap("    ", desc)
	}

	add("", st.Heading.Render(" SLOs and error budgets"))
	slos := 0
	for _, rh := range d.A.Health.Rings {
		for _, k := range rh.KPIs {
			if k.SLO == nil {
				continue
			}
			slos++
			detail, verdict := sloText(c, k)
			add(widgets.Cut("  "+model.Line(k.Key)+" in "+widgets.Fit(model.Line(rh.Ring), 8)+verdict, w))
			wrap("    ", detail)
		}
	}
	if slos == 0 {
		add("  none: a KPI becomes an SLO with slo: {good: METRIC, total: METRIC, objective: 99.5}")
	}

	add("", st.Heading.Render(" Non-functional requirements"))
	if len(p.NFRs) == 0 {
		add("  none recorded: the production-readiness gate asks for them (criterion kind nfr)")
	}
	for _, cat := range model.NFRCategories {
		for _, n := range p.NFRs {
			if n.Category != cat {
				continue
			}
			status := string(n.Status)
			switch n.Status {
			case model.NFRVerified, model.NFRWaived:
				status = st.Pass.Render(widgets.Fit(status, 9))
			case model.NFRFailed:
				status = st.Fail.Render(widgets.Fit(status, 9))
			default:
				status = st.Warn.Render(widgets.Fit(status, 9))
			}
			add(widgets.Cut("  "+widgets.Fit(strings.ReplaceAll(string(cat), "_", " "), 16)+status+model.Line(n.Requirement), w))
			var how []string
			if n.Verification != "" {
				how = append(how, "verified by "+model.Line(n.Verification))
			}
			if n.Evidence != "" {
				how = append(how, "evidence: "+model.Line(n.Evidence))
			}
			if len(how) > 0 {
				add(st.Muted.Render(widgets.Cut("                          "+strings.Join(how, " · "), w)))
			}
		}
	}

	add("", st.Heading.Render(" 30/60/90-day plan"))
	if len(p.Plan) == 0 {
		add("  no plan yet: add milestones under plan: (what, owner, due, done, bucket)")
	}
	for _, m := range p.Plan {
		bucket := "    "
		if m.Bucket != 0 {
			bucket = fmt.Sprintf("%3dd", m.Bucket)
		}
		state := "due " + c.Date(m.Due)
		switch {
		case !m.Done.IsZero():
			state = st.Pass.Render("done " + m.Done.String())
		case m.Overdue(d.In.AsOf):
			state = st.Fail.Render(fmt.Sprintf("OVERDUE since %s (%s)", m.Due, common.Count(int(d.In.AsOf-m.Due), "day")))
		}
		owner := ""
		if m.Owner != "" {
			owner = " — " + model.Line(m.Owner)
		}
		lines := widgets.Wrap(state+": "+model.Line(m.What)+owner, max(w-8, 10)) // state first, so a slip shows at a glance
		for i, l := range lines {
			if i > 0 {
				bucket = "    "
			}
			add("  " + bucket + "  " + l)
		}
	}

	if r := p.PIR; r != nil {
		add("", st.Heading.Render(" Post-implementation review "+c.Date(r.Date)))
		for _, s := range r.Worked {
			wrap("  worked: ", model.Line(s))
		}
		for _, s := range r.Tune {
			wrap("  tune:   ", model.Line(s))
		}
	} else if p.PassedG5() {
		add("", st.Heading.Render(" Post-implementation review"), "  "+st.Warn.Render("not held yet: record what worked, what to tune and follow-up actions under pir:"))
	}

	acts := model.Actions(p)
	add("", st.Heading.Render(" Action list"))
	if len(acts) == 0 {
		add("  no open follow-ups from reviews")
	}
	for _, a := range acts {
		due := "no due date"
		if !a.Due.IsZero() {
			due = "due " + c.Date(a.Due)
			if a.Due < d.In.AsOf {
				due = st.Fail.Render(due + ", overdue")
			}
		}
		wrap("  ", model.Line(a.What)+" — "+orDash(model.Line(a.Who))+" · "+due+st.Muted.Render(" · from "+a.Source))
	}
	return out
}

// sloText is an SLO's standing: attainment, budget left and burn rates
// over the short and long window, and the verdict on its alerts.
func sloText(c *common.Common, k health.KPIHealth) (detail, verdict string) {
	st := &c.Styles
	s := k.SLO
	if s.Attainment == nil {
		return fmt.Sprintf("objective %s %% over %d days", common.TrimNum(s.Target), s.PeriodDays), st.Muted.Render("no counts in the period")
	}
	detail = fmt.Sprintf("%s %% good against %s %% over %d days · budget left %s %% · burn %s (%dd) / %s (%dd)",
		common.TrimNum(round2(*s.Attainment)), common.TrimNum(s.Target), s.PeriodDays, common.TrimNum(round2(s.BudgetRemaining*100)),
		ptrNum(s.BurnShort), s.ShortDays, ptrNum(s.BurnLong), s.LongDays)
	switch {
	case k.Rollback && s.Fast:
		return detail, st.Fail.Render("FAST BURN: roll back")
	case s.BudgetRemaining < 0:
		return detail, st.Fail.Render("budget spent")
	case s.Slow:
		return detail, st.Warn.Render("slow burn")
	}
	return detail, st.Pass.Render("within budget")
}

func ptrNum(p *float64) string {
	if p == nil {
		return "–"
	}
	return common.TrimNum(round2(*p))
}

func round2(x float64) float64 {
	return float64(int64(x*100+copysignHalf(x))) / 100
}

func copysignHalf(x float64) float64 {
	if x < 0 {
		return -0.5
	}
	return 0.5
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

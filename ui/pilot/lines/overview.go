package lines

import (
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/health"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// Overview is the Overview tab's lines at width w.
func Overview(c *common.Common, d *Data, w int) []string {
	st := &c.Styles
	p := d.In.Pilot
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	// wrap writes s under a label: the label on its first line only, the
	// lines it wraps onto indented to line up (two conditions read as two)
	wrap := func(label, s string) {
		indent := strings.Repeat(" ", widgets.Width(label))
		for i, l := range widgets.Wrap(s, w-widgets.Width(label)) {
			if i == 0 {
				add(label + l)
			} else {
				add(indent + l)
			}
		}
	}
	head := " Hypothesis"
	if p.Hypothesis.Locked {
		head += " (locked)"
	}
	add(st.Heading.Render(head))
	if p.Hypothesis.Text == "" {
		add("  none written yet")
	} else {
		wrap("  ", model.Line(p.Hypothesis.Text))
	}
	for i := len(p.Hypothesis.Revisions) - 1; i >= 0; i-- {
		r := p.Hypothesis.Revisions[i]
		add(st.Muted.Render(fmt.Sprintf("  revision %d, replaced %s by %s: %s", i+1, r.At.Format("2006-01-02"), model.Line(r.By), model.Line(r.Reason))))
		wrap("    was: ", model.Line(r.Text))
	}
	add("", st.Heading.Render(" Stage"))
	add("  " + stageTimeline(p.Stage))
	if !p.StageSince.IsZero() {
		add(fmt.Sprintf("  in %s since %s (%s)", p.Stage, p.StageSince, common.Count(int(d.In.AsOf-p.StageSince), "day")))
	}
	add("", st.Heading.Render(" Owners"))
	for _, role := range model.Roles {
		o := p.Owners[role]
		if o == "" {
			o = st.Warn.Render("nobody named")
		} else {
			o = model.Line(o)
		}
		add("  " + widgets.Fit(string(role), 18) + o)
	}
	add("", st.Heading.Render(" Rings"))
	for _, r := range p.Rings {
		status := "nodata"
		rollback := ""
		if rh, ok := d.A.Health.Ring(r.Name); ok {
			status = string(rh.Status)
			if rh.Rollback {
				rollback = " " + st.Fail.Render(common.GlyphTrigger+" rollback trigger fired")
			}
		}
		g, gs := common.HealthGlyph(health.Status(status), st)
		start := "not started"
		if !r.Start.IsZero() {
			start = "since " + r.Start.String()
		}
		add(fmt.Sprintf("  %s %s %s %s%s", gs.Render(g), widgets.Fit(model.Line(r.Name), 10), widgets.Fit(string(r.Status), 12),
			widgets.Fit(common.Count(r.Population, "person"), 12), start) + rollback)
	}
	add("", st.Heading.Render(" Triage"))
	if len(d.A.Flags) == 0 {
		add("  no flags: not abandoned, not a zombie, no cost trap, no governance gap")
	}
	for _, f := range d.A.Flags {
		add("  " + st.Warn.Render(common.FlagLetter(f.Kind)+" "+common.FlagName(f.Kind)))
		for _, e := range f.Evidence {
			wrap("      ", model.Line(e))
		}
	}
	if len(p.Reviews) > 0 {
		add("", st.Heading.Render(" Gate reviews"))
		for i := len(p.Reviews) - 1; i >= 0; i-- {
			r := p.Reviews[i]
			dec := string(r.Decision)
			if dec == "" {
				dec = "under way"
			}
			add(fmt.Sprintf("  %s %s: %s", r.Date, r.Gate, dec))
			for _, cnd := range r.Conditions {
				wrap("      condition: ", model.Line(cnd))
			}
			for _, a := range r.Actions {
				due := ""
				if !a.Due.IsZero() {
					due = " (due " + c.Date(a.Due)
					if a.Due < d.In.AsOf {
						due += ", overdue"
					}
					due += ")"
				}
				wrap("      action: ", model.Line(a.What)+" — "+model.Line(a.Who)+due)
			}
		}
	}
	return out
}

// stageTimeline draws the staircase with the current stage marked.
func stageTimeline(cur model.Stage) string {
	var parts []string
	for _, s := range model.Stages {
		if s == model.StageStopped && cur != model.StageStopped {
			continue
		}
		if s == cur {
			parts = append(parts, "["+strings.ToUpper(string(s))+"]")
		} else {
			parts = append(parts, string(s))
		}
	}
	return strings.Join(parts, " → ")
}

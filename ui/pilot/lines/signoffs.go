package lines

import (
	"fmt"
	"sort"
	"time"

	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// DecisionMark is a sign-off's cell in the roles × gates matrix: ✓ appr, ✗ reject, – abst, * when stale.
func DecisionMark(s gates.SignoffResult) string {
	m := map[string]string{"approve": "✓ appr", "reject": "✗ reject", "abstain": "– abst"}[s.Decision]
	if m == "" {
		m = s.Decision
	}
	if s.Stale {
		m += " *"
	}
	return m
}

// Signoffs is the Sign-offs tab's lines at width w.
func Signoffs(c *common.Common, d *Data, w int) []string {
	st := &c.Styles
	out := []string{st.Heading.Render(" Sign-offs by role and gate") + st.Muted.Render("  ✓ approve ✗ reject – abstain · * stale: checklist changed since")}
	cell := max(min((w-20)/len(d.Gates), 14), 9)
	head := "  " + widgets.Fit("role", 18)
	for _, g := range d.Gates {
		head += widgets.Fit(string(g.ID), cell)
	}
	out = append(out, st.Heading.Render(head))
	for _, role := range model.Roles {
		line := "  " + widgets.Fit(string(role), 18)
		for _, g := range d.Gates {
			text, style := "·", st.Muted
			for _, s := range g.R.Signoffs {
				if s.Role == string(role) {
					text = DecisionMark(s)
					switch {
					case s.Stale:
						style = st.Warn
					case s.Decision == "approve":
						style = st.Pass
					case s.Decision == "reject":
						style = st.Fail
					default:
						style = st.Text
					}
				}
			}
			line += style.Render(widgets.Fit(text, cell))
		}
		out = append(out, line)
	}
	out = append(out, "", st.Heading.Render(" Every sign-off, newest first"))
	sos := append([]model.Signoff(nil), d.In.Pilot.Signoffs...)
	sort.SliceStable(sos, func(i, j int) bool { return sos[i].At.After(sos[j].At) })
	if len(sos) == 0 {
		out = append(out, "  nobody has signed anything yet")
	}
	for _, s := range sos {
		stale := ""
		for _, g := range d.Gates {
			if g.ID != s.Gate {
				continue
			}
			for _, r := range g.R.Signoffs {
				if r.Role == string(s.Role) && r.At == s.At.UTC().Format(time.RFC3339) && r.Stale {
					stale = st.Warn.Render(" * stale")
				}
			}
		}
		behalf := ""
		if s.OnBehalf {
			behalf = " (on behalf)"
		}
		out = append(out, fmt.Sprintf("  %s  %-4s %-16s %s%s — %s%s", s.At.UTC().Format("2006-01-02 15:04"), s.Gate, s.Role,
			model.Line(s.Person), behalf, s.Decision, stale))
		for _, l := range widgets.Wrap("meaning: "+model.Line(s.Meaning), w-8) {
			out = append(out, "        "+l)
		}
		if s.Comment != "" {
			for _, l := range widgets.Wrap("comment: "+model.Line(s.Comment), w-8) {
				out = append(out, "        "+l)
			}
		}
	}
	return out
}

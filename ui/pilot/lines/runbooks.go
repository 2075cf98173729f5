package lines

import (
	"fmt"
	"strings"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// Runbooks is the Runbooks tab's lines at width w.
func Runbooks(c *common.Common, d *Data, w int) []string {
	st := &c.Styles
	p := d.In.Pilot
	if len(p.Runbooks) == 0 {
		return []string{"", "  no runbooks yet: a rollback runbook with a recent drill is a gate criterion"}
	}
	md := widgets.MarkdownStyles{Heading: st.Heading, Bold: st.Bold, Code: st.Code, Text: st.Text}
	var out []string
	for i, rb := range p.Runbooks {
		if i > 0 {
			out = append(out, "", st.Muted.Render(widgets.Fit(" ─────", w)))
		}
		out = append(out, st.Heading.Render(fmt.Sprintf(" %s", model.Line(rb.Title)))+st.Muted.Render(fmt.Sprintf("  %s · target restore %s min", rb.Kind, common.TrimNum(rb.TargetRestoreMin))))
		if last, ok := rb.LastDrill(); ok {
			age := int(d.In.AsOf - last.Date)
			verdict, vs := "within target", st.Pass
			if rb.TargetRestoreMin > 0 && last.RestoreMin > rb.TargetRestoreMin {
				verdict, vs = "over target", st.Fail
			}
			out = append(out, "  last drill "+c.Date(last.Date)+fmt.Sprintf(" (%s ago), %s, restored in %s min: ", common.Count(age, "day"), last.Outcome, common.TrimNum(last.RestoreMin))+vs.Render(verdict))
		} else {
			out = append(out, "  "+st.Warn.Render("never drilled"))
		}
		out = append(out, "")
		for _, l := range widgets.Markdown(model.Printable(rb.Body, true), w-4, md) {
			out = append(out, "    "+l)
		}
		if len(rb.Drills) > 0 {
			out = append(out, "", st.Heading.Render("  Drill log"),
				st.Heading.Render("  "+widgets.Fit("date", 11)+widgets.Fit("by", 16)+widgets.Fit("outcome", 9)+widgets.Fit("restore", 16)+"notes"))
			for j := len(rb.Drills) - 1; j >= 0; j-- {
				dr := rb.Drills[j]
				restore := common.TrimNum(dr.RestoreMin) + " / " + common.TrimNum(rb.TargetRestoreMin) + " min"
				if rb.TargetRestoreMin > 0 && dr.RestoreMin > rb.TargetRestoreMin {
					restore = st.Fail.Render(widgets.Fit(restore+" ✗", 16))
				} else {
					restore = widgets.Fit(restore+" ✓", 16)
				}
				out = append(out, "  "+widgets.Fit(c.Date(dr.Date), 11)+widgets.Fit(model.Line(dr.By), 16)+widgets.Fit(string(dr.Outcome), 9)+restore+
					widgets.Cut(model.Line(dr.Notes), max(w-54, 0)))
				for _, s := range dr.Steps {
					done := "✓"
					if !s.Done {
						done = "✗"
					}
					out = append(out, st.Muted.Render(fmt.Sprintf("      %s %5ss  %s", done, common.TrimNum(s.AtSec), model.Line(s.Step))))
					// the note typed on the step during the drill, wrapped under its label
					for k, l := range widgets.Wrap(model.Line(s.Note), max(w-21, 10)) {
						label := "               note: "
						if k > 0 {
							label = strings.Repeat(" ", len(label))
						}
						if s.Note != "" {
							out = append(out, st.Muted.Render(label+l))
						}
					}
				}
			}
		}
	}
	return out
}

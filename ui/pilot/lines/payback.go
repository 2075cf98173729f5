package lines

import (
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/payback"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

func months(v *float64) string {
	if v == nil {
		return "never"
	}
	return fmt.Sprintf("%.1f mo", *v)
}

// money shows an amount as the payback engine groups it.
func money(v float64) string { return payback.Grouped(v) }

// Payback is the Payback tab's lines at width w.
func Payback(c *common.Common, d *Data, w int) []string {
	st := &c.Styles
	p := d.In.Pilot
	if p.Payback == nil {
		return []string{"", "  no payback model: add one under payback: in the portfolio file (see docs/portfolio.md)"}
	}
	if d.A.Payback == nil {
		why := "it cannot be computed yet"
		if d.A.PaybackErr != nil {
			why = d.A.PaybackErr.Error()
		}
		var out []string
		out = append(out, "", st.Warn.Render("  no projection yet:"))
		for _, l := range widgets.Wrap(model.Line(why), w-4) {
			out = append(out, "    "+l)
		}
		return out
	}
	r := *d.A.Payback
	out := []string{st.Heading.Render(" Cumulative net benefit") + st.Muted.Render(fmt.Sprintf("  break-even %s · simple payback %s · NPV %s over %d months",
		months(r.BreakEvenMonth), months(r.PaybackMonths), money(r.NPV), r.Inputs.HorizonMonths))}
	chartH := 12
	for _, l := range strings.Split(strings.TrimRight(payback.Chart(r, w-2, chartH), "\n"), "\n") {
		out = append(out, " "+l)
	}
	out = append(out, "", st.Heading.Render(" Scenarios"),
		st.Heading.Render("  "+widgets.Fit("", 13)+widgets.FitLeft("benefit/yr", 12)+widgets.FitLeft("net/yr", 12)+widgets.FitLeft("payback", 10)+widgets.FitLeft("break-even", 12)+widgets.FitLeft("NPV", 12)))
	for _, sc := range []struct {
		name string
		s    payback.Scenario
	}{{"pessimistic", r.Scenarios.Pessimistic}, {"expected", r.Scenarios.Expected}, {"optimistic", r.Scenarios.Optimistic}} {
		out = append(out, "  "+widgets.Fit(sc.name, 13)+widgets.FitLeft(money(sc.s.AnnualBenefit), 12)+widgets.FitLeft(money(sc.s.AnnualNet), 12)+
			widgets.FitLeft(months(sc.s.PaybackMonths), 10)+widgets.FitLeft(months(sc.s.BreakEvenMonth), 12)+widgets.FitLeft(money(sc.s.NPV), 12))
	}
	out = append(out, "", st.Heading.Render(" How it is computed"))
	f := r.Formula
	for _, kv := range [][2]string{{"reduction", f.Reduction}, {"annual benefit", f.AnnualBenefit}, {"annual run cost", f.AnnualRunCost},
		{"annual net", f.AnnualNet}, {"payback", f.Payback}, {"break-even", f.BreakEven}, {"NPV", f.NPV}} {
		if kv[1] == "" {
			continue
		}
		for i, l := range widgets.Wrap(model.Line(kv[1]), w-20) {
			label := ""
			if i == 0 {
				label = kv[0]
			}
			out = append(out, "  "+st.Muted.Render(widgets.Fit(label, 17))+l)
		}
	}
	if rs := r.ReductionSource; rs != nil {
		out = append(out, st.Muted.Render(fmt.Sprintf("  reduction measured on %s in ring %s as of %s: %.1f%%", model.Line(rs.KPI), model.Line(rs.Ring), rs.AsOf, rs.Fraction*100)))
	}
	return out
}

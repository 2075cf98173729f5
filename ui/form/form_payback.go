package form

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
	"ringside/model/payback"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// paybackFields are the payback model as the form types it: every number
// as text, parsed by the same parsers that check it.
type paybackFields struct {
	oneTime, run, benefit           string
	volume, minutes, perMinute, red string // red: a fraction, or a KPI key
	ring, ramp, discount, horizon   string
	risk                            string
}

func paybackFieldsOf(m *model.PaybackModel) paybackFields {
	if m == nil {
		return paybackFields{}
	}
	f := paybackFields{oneTime: numText(m.OneTimeCost), run: numText(m.AnnualRunCost), volume: numText(m.VolumePerMonth),
		minutes: numText(m.MinutesPerUnit), perMinute: numText(m.CostPerMinute), ring: m.Ring, risk: numText(m.RiskAdjustment)}
	if m.AnnualBenefit != nil {
		f.benefit = strconv.FormatFloat(*m.AnnualBenefit, 'f', -1, 64)
	}
	f.red = numText(m.Reduction)
	if m.ReductionKPI != "" {
		f.red = m.ReductionKPI
	}
	var ramp []string
	for _, s := range m.Ramp {
		ramp = append(ramp, strconv.FormatFloat(s, 'f', -1, 64))
	}
	f.ramp = strings.Join(ramp, ", ")
	if m.DiscountRate != nil {
		f.discount = strconv.FormatFloat(*m.DiscountRate, 'f', -1, 64)
	}
	if m.HorizonMonths != 0 {
		f.horizon = strconv.Itoa(m.HorizonMonths)
	}
	return f
}

// model reads the fields into a payback model, or says which one is not a
// number yet.
func (f *paybackFields) model() (model.PaybackModel, error) {
	var m model.PaybackModel
	var err error
	num := func(s, what string, dst *float64) {
		if err == nil {
			*dst, err = parseNum(s, 0, -1e300, 1e300, what)
			if err != nil {
				err = fmt.Errorf("%s: %w", what, err)
			}
		}
	}
	num(f.oneTime, "one-time cost", &m.OneTimeCost)
	num(f.run, "annual run cost", &m.AnnualRunCost)
	if strings.TrimSpace(f.benefit) != "" {
		var b float64
		num(f.benefit, "annual benefit", &b)
		m.AnnualBenefit = &b
	}
	num(f.volume, "volume per month", &m.VolumePerMonth)
	num(f.minutes, "minutes per unit", &m.MinutesPerUnit)
	num(f.perMinute, "cost per minute", &m.CostPerMinute)
	if r := strings.TrimSpace(f.red); r != "" {
		if _, perr := strconv.ParseFloat(r, 64); perr == nil {
			num(r, "reduction", &m.Reduction)
		} else {
			m.ReductionKPI = r
		}
	}
	m.Ring = strings.TrimSpace(f.ring)
	if r := strings.TrimSpace(f.ramp); r != "" {
		for _, part := range strings.Split(r, ",") {
			var s float64
			num(part, "ramp", &s)
			m.Ramp = append(m.Ramp, s)
		}
	}
	if strings.TrimSpace(f.discount) != "" {
		var d float64
		num(f.discount, "discount rate", &d)
		m.DiscountRate = &d
	}
	if err == nil {
		m.HorizonMonths, err = parseInt(f.horizon, 0, 0, 1200, "months")
		if err != nil {
			err = fmt.Errorf("horizon: %w", err)
		}
	}
	num(f.risk, "risk adjustment", &m.RiskAdjustment)
	return m, err
}

// paybackProblems is what the portfolio file's validation says of the
// model in p (model.Pilot.Validate), its payback fields only.
func paybackProblems(p model.Pilot, m model.PaybackModel) []string {
	p.Payback = &m
	var out []string
	for _, fe := range p.Validate() {
		if strings.HasPrefix(fe.Path, "payback") {
			out = append(out, fe.Error())
		}
	}
	return out
}

// projection is the form's live line: the expected payback, break-even and
// NPV of the model as typed, or why it cannot be projected yet.
func projection(in assess.Input, h health.PilotHealth, f *paybackFields) []string {
	m, err := f.model()
	if err != nil {
		return []string{"projection: " + err.Error()}
	}
	if probs := paybackProblems(*in.Pilot, m); len(probs) > 0 {
		return []string{"projection waits for: " + probs[0]}
	}
	p := *in.Pilot
	p.Payback = &m
	in.Pilot = &p
	r, err := assess.Payback(in, h, "", 1)
	if err != nil {
		return []string{"no projection: " + err.Error()}
	}
	return []string{fmt.Sprintf("payback %s · break-even %s · NPV %s (%d mo) · net %s/yr",
		months(r.PaybackMonths), months(r.BreakEvenMonth), money(r.NPV), r.Inputs.HorizonMonths, money(r.AnnualNet))}
}

// paybackForm edits the pilot's payback model (or adds one), validated as
// the portfolio file's payback: is, with the projection recomputed as each
// figure is typed. One save, one payback.edit audit entry.
//
// in and h are the pilot as read and its health: the projection of a
// reduction measured on a KPI reads them.
func PaybackForm(c *common.Common, in assess.Input, h health.PilotHealth) *Screen {
	p := *in.Pilot
	f := paybackFieldsOf(p.Payback)
	amount := number(0, 0, 1e300, "an amount of 0 or more")
	fraction := number(0, 0, 1, "a fraction from 0 to 1")
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				input("One-time cost", &f.oneTime, amount).Description("build, licences, training"),
				input("Annual run cost", &f.run, amount),
				input("Annual benefit", &f.benefit, number(0, 0, 1e300, "an amount of 0 or more")).
					Description("blank: computed from the drivers on the next page"),
			).Title("Costs and benefit"),
			huh.NewGroup(
				input("Volume per month", &f.volume, amount).Description("units of work a month (emails, tickets)"),
				input("Minutes per unit", &f.minutes, amount),
				input("Cost per minute", &f.perMinute, amount),
				input("Reduction", &f.red, printable).Description("a fraction 0–1 (0.3 = 30 %), or the key of the KPI that measures it"),
				input("Ring", &f.ring, printable).Description("ring whose measurement supplies a KPI reduction; blank: the most advanced active"),
			).Title("Benefit drivers (blank the benefit above to use them)"),
			huh.NewGroup(
				input("Ramp", &f.ramp, rampList).Description("share of full benefit in months 1, 2, … e.g. 0.25, 0.5, 1; blank: full from month 1"),
				input("Discount rate", &f.discount, number(0, 0, 1, "an annual rate from 0 to 1")).Description(fmt.Sprintf("annual; blank: %s", numText(model.DefaultDiscountRate))),
				input("Horizon (months)", &f.horizon, whole(0, 0, 1200, "months")).Description(fmt.Sprintf("blank: %d", model.DefaultHorizonMonths)),
				input("Risk adjustment", &f.risk, fraction).Description("haircut on benefit for the pessimistic case, 0–1"),
			).Title("Curve"),
		)
	}
	s := New(c, "Payback model · "+p.Slug, build, func() tea.Cmd {
		m, _ := f.model()
		summary := "edited the payback model of " + p.Slug
		if p.Payback == nil {
			summary = "added a payback model to " + p.Slug
		}
		return common.SaveEdit(c, p.Slug, model.ActionPaybackEdit, summary, func(q *model.Pilot) error {
			q.Payback = &m
			return nil
		})
	})
	s.live = func(w int) []string {
		var out []string
		for _, l := range projection(in, h, &f) {
			for _, part := range widgets.Wrap(model.Line(l), max(w-4, 10)) {
				out = append(out, "  "+c.Styles.Bold.Render(part))
			}
		}
		return out
	}
	return s
}

func months(v *float64) string {
	if v == nil {
		return "never"
	}
	return fmt.Sprintf("%.1f mo", *v)
}

// money shows an amount as the payback engine groups it.
func money(v float64) string { return payback.Grouped(v) }

// rampList checks a ramp as typed: shares from 0 to 1, comma separated.
func rampList(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	for i, part := range strings.Split(s, ",") {
		if _, err := parseNum(part, 0, 0, 1, "a share from 0 to 1"); err != nil || strings.TrimSpace(part) == "" {
			return fmt.Errorf("ramp share %d: give shares from 0 to 1 separated by commas, e.g. 0.25, 0.5, 1", i+1)
		}
	}
	return nil
}

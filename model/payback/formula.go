package payback

import (
	"fmt"
	"strconv"
)

// formula spells out the arithmetic of the expected projection with the
// numbers it used, so each figure can be checked by hand.
func (s settled) formula(c curve) Formula {
	f := Formula{
		Reduction:     s.reductionFormula(),
		AnnualBenefit: s.benefitFormula(c),
		AnnualRunCost: scaled(s.m.AnnualRunCost, s.scale, c.run),
		AnnualNet:     fmt.Sprintf("%s − %s = %s", money(c.benefit), money(c.run), money(c.benefit-c.run)),
		MonthlyNet:    fmt.Sprintf("(%s − %s) ÷ 12 = %s", money(c.benefit), money(c.run), money(c.monthlyNet)),
		Payback:       paybackFormula(c),
		BreakEven:     crossingFormula("cumulative", c.breakEven, c.months, func(m Month) float64 { return m.Cumulative }),
		MonthlyRate:   fmt.Sprintf("(1 + %s)^(1/12) − 1 = %s", num(s.rate), strconv.FormatFloat(roundTo(s.monthlyRate, 8), 'f', -1, 64)),
		NPV: fmt.Sprintf("-%s + Σ net(t) ÷ (1 + %s)^t for t = 1…%d = %s",
			money(c.oneTime), strconv.FormatFloat(roundTo(s.monthlyRate, 8), 'f', -1, 64), s.horizon, money(c.npv)),
		DiscountedPayback: crossingFormula("discounted cumulative", c.discounted, c.months, func(m Month) float64 { return m.DiscountedCumulative }),
	}
	return f
}

func (s settled) reductionFormula() string {
	if s.m.AnnualBenefit != nil {
		return ""
	}
	if s.measured == nil {
		return "given as a fraction: " + num(s.red.expected)
	}
	ms := s.measured
	out := fmt.Sprintf("measured improvement of %s in ring %s as of %s = %s", clean(ms.KPI), clean(ms.Ring), ms.AsOf, num(ms.Fraction))
	if s.red.expected != ms.Fraction {
		out += ", clamped to " + num(s.red.expected)
	}
	if ms.Spread > 0 {
		out += fmt.Sprintf("; spread ± %s: pessimistic %s, optimistic %s", num(ms.Spread), num(s.red.pessimistic), num(s.red.optimistic))
	}
	return out
}

func (s settled) benefitFormula(c curve) string {
	if s.m.AnnualBenefit != nil {
		return scaled(*s.m.AnnualBenefit, s.scale, c.benefit)
	}
	out := fmt.Sprintf("%s × 12 × %s × %s × %s", num(s.m.VolumePerMonth), num(s.m.MinutesPerUnit), num(s.m.CostPerMinute), num(s.red.expected))
	if s.scale != 1 {
		out += " × " + num(s.scale)
	}
	return out + " = " + money(c.benefit)
}

// scaled shows an amount times the population scale, or the amount alone.
func scaled(amount, scale, result float64) string {
	if scale == 1 {
		return money(amount)
	}
	return fmt.Sprintf("%s × %s = %s", money(amount), num(scale), money(result))
}

func paybackFormula(c curve) string {
	switch {
	case c.payback == nil && c.monthlyNet > 0:
		return fmt.Sprintf("%s ÷ %s: too many months to count, never pays back", money(c.oneTime), money(c.monthlyNet))
	case c.payback == nil:
		return fmt.Sprintf("monthly net %s ≤ 0: never pays back", money(c.monthlyNet))
	case c.oneTime == 0:
		return "no one-time cost and a positive monthly net: 0"
	default:
		return fmt.Sprintf("%s ÷ %s = %s", money(c.oneTime), money(c.monthlyNet), months(*c.payback))
	}
}

// crossingFormula explains a break-even month read off a curve.
func crossingFormula(what string, x crossing, ms []Month, value func(Month) float64) string {
	last := ms[len(ms)-1]
	switch {
	case x.at == nil:
		return fmt.Sprintf("%s is %s after month %d: no break-even within the horizon", what, money(value(last)), last.Month)
	case x.month == 0:
		return fmt.Sprintf("%s starts at 0 and first rises: 0", what)
	default:
		before, at := value(ms[x.month-1]), value(ms[x.month])
		return fmt.Sprintf("%s first ≥ 0 in month %d: %d + |%s| ÷ %s = %s",
			what, x.month, x.month-1, money(before), money(at-before), months(*x.at))
	}
}

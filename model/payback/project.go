package payback

import (
	"math"

	"ringside/model"
)

// settled is a model with its defaults filled in and its options applied.
type settled struct {
	m           model.PaybackModel
	measured    *Measured
	scale       float64
	ramp        []float64 // never empty: [1] without a ramp
	rate        float64   // annual discount rate
	monthlyRate float64   // (1 + rate)^(1/12) − 1
	horizon     int
	red         reductions
}

// baseBenefit is the annual benefit before scale and haircut: stated, or
// volume × 12 × minutes × cost per minute × reduction.
func (s settled) baseBenefit(reduction float64) float64 {
	if s.m.AnnualBenefit != nil {
		return *s.m.AnnualBenefit
	}
	return s.m.VolumePerMonth * 12 * s.m.MinutesPerUnit * s.m.CostPerMinute * reduction
}

// curve projects with a reduction and a haircut on benefit. The haircut
// discounts a gain for risk; a loss (a KPI that got worse) is not made
// smaller by it.
func (s settled) curve(reduction, haircut float64) curve {
	benefit := s.baseBenefit(reduction) * s.scale
	if benefit > 0 {
		benefit *= 1 - haircut
	}
	return project(s.m.OneTimeCost, benefit, s.m.AnnualRunCost*s.scale, s.ramp, s.horizon, s.monthlyRate)
}

// Project computes the payback of a model: the expected projection in
// full, plus the pessimistic (risk-adjusted, low end of the measured
// spread) and optimistic (high end, no haircut) headlines. It fails with
// ErrInvalid for a bad model or options, and with ErrNoMeasurement when
// the reduction names a KPI and opt.Measured is nil.
func Project(m model.PaybackModel, opt Options) (Result, error) {
	s, err := settle(m, opt)
	if err != nil {
		return Result{}, err
	}
	exp := s.curve(s.red.expected, 0)
	pes := s.curve(s.red.pessimistic, m.RiskAdjustment)
	opti := s.curve(s.red.optimistic, 0)
	for _, c := range []curve{exp, pes, opti} {
		if !c.allFinite() {
			var p problems
			p.addf("the projection overflows: the costs, volumes or rates are too large to compute; check their magnitudes")
			return Result{}, p.err()
		}
	}
	r := Result{
		AnnualBenefit:           cents(exp.benefit),
		AnnualRunCost:           cents(exp.run),
		AnnualNet:               cents(exp.benefit - exp.run),
		OneTimeCost:             cents(exp.oneTime),
		PaybackMonths:           hundredthsPtr(exp.payback),
		BreakEvenMonth:          hundredthsPtr(exp.breakEven.at),
		NPV:                     cents(exp.npv),
		DiscountedPaybackMonths: hundredthsPtr(exp.discounted.at),
		Months:                  roundMonths(exp.months),
		Scenarios: Scenarios{
			Pessimistic: s.scenario(pes, s.red.pessimistic, m.RiskAdjustment),
			Expected:    s.scenario(exp, s.red.expected, 0),
			Optimistic:  s.scenario(opti, s.red.optimistic, 0),
		},
		Inputs:  s.inputs(),
		Formula: s.formula(exp),
	}
	if why := s.wrongWay(exp); why != "" {
		r.Why = append(r.Why, why)
	}
	if s.measured != nil {
		r.ReductionSource = &ReductionSource{
			KPI:      s.measured.KPI,
			Ring:     s.measured.Ring,
			AsOf:     s.measured.AsOf.String(),
			Fraction: s.measured.Fraction,
			Spread:   s.measured.Spread,
		}
	}
	return r, nil
}

// settle validates the model and options and fills in the defaults.
func settle(m model.PaybackModel, opt Options) (settled, error) {
	if err := Validate(m); err != nil {
		return settled{}, err
	}
	s := settled{m: m, scale: opt.PopulationScale, rate: model.DefaultDiscountRate, horizon: model.DefaultHorizonMonths}
	if s.scale == 0 {
		s.scale = 1
	}
	if !finite(s.scale) || s.scale < 0 {
		var p problems
		p.addf("population scale is %s: use a number above 0 (1 = as is, 2 = twice the population)", num(s.scale))
		return settled{}, p.err()
	}
	red, err := settleReductions(m, opt.Measured)
	if err != nil {
		return settled{}, err
	}
	s.red = red
	if m.ReductionKPI != "" && m.AnnualBenefit == nil {
		s.measured = opt.Measured
	}
	s.ramp = m.Ramp
	if len(s.ramp) == 0 {
		s.ramp = []float64{1}
	}
	if m.DiscountRate != nil {
		s.rate = *m.DiscountRate
	}
	if m.HorizonMonths > 0 {
		s.horizon = m.HorizonMonths
	}
	s.monthlyRate = math.Pow(1+s.rate, 1.0/12) - 1
	return s, nil
}

// scenario is the rounded headline of one curve.
func (s settled) scenario(c curve, reduction, haircut float64) Scenario {
	sc := Scenario{
		AnnualBenefit:  cents(c.benefit),
		AnnualNet:      cents(c.benefit - c.run),
		PaybackMonths:  hundredthsPtr(c.payback),
		BreakEvenMonth: hundredthsPtr(c.breakEven.at),
		NPV:            cents(c.npv),
		Haircut:        haircut,
	}
	if s.m.AnnualBenefit == nil {
		r := roundTo(reduction, 6)
		sc.Reduction = &r
	}
	return sc
}

// inputs echoes what the projection used.
func (s settled) inputs() Inputs {
	in := Inputs{
		OneTimeCost:     s.m.OneTimeCost,
		AnnualRunCost:   s.m.AnnualRunCost,
		Ramp:            append([]float64(nil), s.ramp...),
		DiscountRate:    s.rate,
		MonthlyRate:     roundTo(s.monthlyRate, 8),
		HorizonMonths:   s.horizon,
		RiskAdjustment:  s.m.RiskAdjustment,
		PopulationScale: s.scale,
	}
	if s.m.AnnualBenefit != nil {
		b := *s.m.AnnualBenefit
		in.AnnualBenefit = &b
		return in
	}
	v, mi, c, r := s.m.VolumePerMonth, s.m.MinutesPerUnit, s.m.CostPerMinute, s.red.expected
	in.VolumePerMonth, in.MinutesPerUnit, in.CostPerMinute, in.Reduction = &v, &mi, &c, &r
	in.ReductionKPI = s.m.ReductionKPI
	return in
}

// roundMonths rounds the curve's money to cents for output.
func roundMonths(ms []Month) []Month {
	out := make([]Month, len(ms))
	for i, m := range ms {
		out[i] = Month{
			Month:                m.Month,
			Ramp:                 m.Ramp,
			Benefit:              cents(m.Benefit),
			RunCost:              cents(m.RunCost),
			Net:                  cents(m.Net),
			Cumulative:           cents(m.Cumulative),
			DiscountedCumulative: cents(m.DiscountedCumulative),
		}
	}
	return out
}

package payback

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"ringside/model"
)

// ErrInvalid is wrapped by every error about a bad model or bad options,
// so the command line can answer with exit code 2.
var ErrInvalid = errors.New("invalid payback model")

// InvalidError lists every problem of a model, one sentence each, naming
// the value and what is allowed.
type InvalidError struct {
	Problems []string
}

func (e *InvalidError) Error() string { return strings.Join(e.Problems, "\n") }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// problems collects validation messages.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &InvalidError{Problems: p}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// amount checks a money or count that must be a finite number ≥ 0.
func (p *problems) amount(name string, x float64) {
	if !finite(x) || x < 0 {
		p.addf("%s is %s: use a number of 0 or more", name, num(x))
	}
}

// fraction checks a share that must lie in 0–1.
func (p *problems) fraction(name string, x float64) {
	if !finite(x) || x < 0 || x > 1 {
		p.addf("%s is %s: use a fraction from 0 to 1 (e.g. 0.3 for 30 %%)", name, num(x))
	}
}

// Validate checks a payback model before it is projected: negative costs,
// a reduction, ramp share or risk adjustment outside 0–1, a negative or
// absurd horizon, a discount rate of −100 % or less, a missing or doubly
// given benefit. The error lists every problem found.
func Validate(m model.PaybackModel) error {
	var p problems
	p.amount("one_time_cost", m.OneTimeCost)
	p.amount("annual_run_cost", m.AnnualRunCost)
	drivers := driversGiven(m)
	if m.AnnualBenefit != nil {
		p.amount("annual_benefit", *m.AnnualBenefit)
		if len(drivers) > 0 {
			p.addf("annual_benefit is given together with %s: give either annual_benefit or the drivers volume_per_month, minutes_per_unit, cost_per_minute and reduction, not both", strings.Join(drivers, ", "))
		}
	} else {
		p.amount("volume_per_month", m.VolumePerMonth)
		p.amount("minutes_per_unit", m.MinutesPerUnit)
		p.amount("cost_per_minute", m.CostPerMinute)
		if len(drivers) == 0 {
			p.addf("no benefit: give annual_benefit, or volume_per_month, minutes_per_unit, cost_per_minute and reduction")
		} else if missing := driversMissing(m); len(missing) > 0 {
			p.addf("benefit drivers missing: %s: give each (reduction as a fraction from 0 to 1 or a KPI key), or give annual_benefit instead", strings.Join(missing, ", "))
		}
	}
	if m.ReductionKPI == "" {
		p.fraction("reduction", m.Reduction)
	}
	for i, share := range m.Ramp {
		p.fraction(fmt.Sprintf("ramp share of month %d", i+1), share)
	}
	if r := m.DiscountRate; r != nil && (!finite(*r) || *r <= -1) {
		p.addf("discount_rate is %s: use an annual rate above -1, e.g. 0.10 for 10 %% (leave it out for %s)", num(*r), num(model.DefaultDiscountRate))
	}
	if m.HorizonMonths < 0 || m.HorizonMonths > MaxHorizonMonths {
		p.addf("horizon_months is %d: use a whole number of months from 1 to %d (leave it out for %d)", m.HorizonMonths, MaxHorizonMonths, model.DefaultHorizonMonths)
	}
	p.fraction("risk_adjustment", m.RiskAdjustment)
	return p.err()
}

// driversGiven names the benefit drivers that are set.
func driversGiven(m model.PaybackModel) []string {
	var given []string
	for _, d := range drivers(m) {
		if d.set {
			given = append(given, d.name)
		}
	}
	return given
}

// driversMissing names the benefit drivers that are not set.
func driversMissing(m model.PaybackModel) []string {
	var missing []string
	for _, d := range drivers(m) {
		if !d.set {
			missing = append(missing, d.name)
		}
	}
	return missing
}

type driver struct {
	name string
	set  bool
}

// drivers lists the four benefit drivers; zero means "not given".
func drivers(m model.PaybackModel) []driver {
	return []driver{
		{"volume_per_month", m.VolumePerMonth != 0},
		{"minutes_per_unit", m.MinutesPerUnit != 0},
		{"cost_per_minute", m.CostPerMinute != 0},
		{"reduction", m.Reduction != 0 || m.ReductionKPI != ""},
	}
}

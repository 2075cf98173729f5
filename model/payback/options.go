package payback

import "ringside/model"

// Measured is where the benefit driver `reduction` came from when it names
// a KPI: the KPI's measured improvement in a ring as of a day.
type Measured struct {
	KPI      string
	Ring     string
	AsOf     model.Date
	Fraction float64 // improvement as a fraction: −pct ÷ 100 when lower is better, pct ÷ 100 when higher is
	Spread   float64 // std dev of the window's daily improvement fractions; 0 if unknown
}

// Options are what a projection needs beyond the model itself.
type Options struct {
	// Measured supplies the reduction when the model's ReductionKPI is set;
	// it is ignored when the reduction is a fraction or the benefit is stated.
	Measured *Measured
	// PopulationScale multiplies benefit and run cost, for a what-if from
	// one ring's population to another's. 0 means 1 (as is).
	PopulationScale float64
}

// MaxHorizonMonths bounds the horizon, so a typo cannot ask for a curve of
// a million months.
const MaxHorizonMonths = 1200

package slo

import (
	"errors"
	"fmt"
	"math"
)

// Objective is an SLO: Target percent of events good over a rolling period
// of PeriodDays, with burn-rate alerting over a short and a long window.
// Zero fields take the defaults below.
type Objective struct {
	Target     float64 `json:"target"`      // percent, strictly between 0 and 100
	PeriodDays int     `json:"period_days"` // default 28
	ShortDays  int     `json:"short_days"`  // default 1
	LongDays   int     `json:"long_days"`   // default 7
	FastBurn   float64 `json:"fast_burn"`   // default 14.4 × PeriodDays ÷ 30 (see the package doc)
	SlowBurn   float64 `json:"slow_burn"`   // default 6 × PeriodDays ÷ 30
}

// Defaults of an objective.
const (
	DefaultPeriodDays = 28
	DefaultShortDays  = 1
	DefaultLongDays   = 7
	MaxPeriodDays     = 366
)

// ErrInvalid is wrapped by every error about an objective or its data.
var ErrInvalid = errors.New("invalid SLO")

// WithDefaults fills the zero fields with their defaults.
func (o Objective) WithDefaults() Objective {
	if o.PeriodDays == 0 {
		o.PeriodDays = DefaultPeriodDays
	}
	if o.ShortDays == 0 {
		o.ShortDays = DefaultShortDays
	}
	if o.LongDays == 0 {
		o.LongDays = DefaultLongDays
	}
	if o.FastBurn == 0 {
		o.FastBurn = 14.4 * float64(o.PeriodDays) / 30
	}
	if o.SlowBurn == 0 {
		o.SlowBurn = 6 * float64(o.PeriodDays) / 30
	}
	return o
}

// Validate checks the objective with its defaults filled in.
func (o Objective) Validate() error {
	o = o.WithDefaults()
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	switch {
	case math.IsNaN(o.Target) || o.Target <= 0 || o.Target >= 100:
		return fail("target %v is outside (0, 100): give the percent of events that must be good, e.g. 99.5 (100 would leave no error budget)", o.Target)
	case o.PeriodDays < 1 || o.PeriodDays > MaxPeriodDays:
		return fail("period of %d days is outside 1…%d: 28 or 30 are usual", o.PeriodDays, MaxPeriodDays)
	case o.ShortDays < 1 || o.LongDays < 1:
		return fail("burn windows of %d and %d days: each must be at least 1 day", o.ShortDays, o.LongDays)
	case o.ShortDays > o.LongDays:
		return fail("short window of %d days is longer than the long one of %d: swap them", o.ShortDays, o.LongDays)
	case o.LongDays > o.PeriodDays:
		return fail("long window of %d days is longer than the period of %d days", o.LongDays, o.PeriodDays)
	}
	for _, b := range []struct {
		name string
		v    float64
	}{{"fast", o.FastBurn}, {"slow", o.SlowBurn}} {
		if math.IsNaN(b.v) || math.IsInf(b.v, 0) || b.v <= 0 {
			return fail("%s burn threshold %v is not a positive number: e.g. 14.4 (fast) or 6 (slow)", b.name, b.v)
		}
	}
	return nil
}

// allowedBad is the share of events that may be bad: the budget per event.
// (100 − target) ÷ 100 rather than 1 − target ÷ 100, so 99 gives exactly 0.01.
func (o Objective) allowedBad() float64 { return (100 - o.Target) / 100 }

package payback

import (
	"errors"
	"fmt"
	"math"

	"ringside/model"
)

// ErrNoMeasurement is wrapped when the reduction names a KPI that has no
// measured value yet: the projection cannot be made until it has one.
var ErrNoMeasurement = errors.New("reduction has no measured value")

// reductions are the fractions the three scenarios use; all equal unless
// a measured KPI brings an uncertainty.
type reductions struct {
	pessimistic, expected, optimistic float64
}

// settleReductions picks the reduction for each scenario: the model's
// fraction, or the measured one ± its spread, clamped to 0–1.
func settleReductions(m model.PaybackModel, measured *Measured) (reductions, error) {
	if m.ReductionKPI == "" {
		r := m.Reduction
		return reductions{r, r, r}, nil
	}
	if measured == nil {
		ring := "ring " + m.Ring
		if m.Ring == "" {
			ring = "the most advanced active ring"
		}
		return reductions{}, fmt.Errorf("%w: reduction names KPI %s but it has no measured value yet in %s: import its observations (ringside import metrics) or give reduction as a fraction from 0 to 1",
			ErrNoMeasurement, clean(m.ReductionKPI), clean(ring))
	}
	var p problems
	if measured.KPI != m.ReductionKPI {
		p.addf("the measured value is for KPI %s but reduction names KPI %s: measure %s", clean(measured.KPI), clean(m.ReductionKPI), clean(m.ReductionKPI))
	}
	if !finite(measured.Fraction) {
		p.addf("the measured improvement of %s is %s: it must be a finite fraction", clean(measured.KPI), num(measured.Fraction))
	}
	if !finite(measured.Spread) || measured.Spread < 0 {
		p.addf("the measured spread of %s is %s: use a standard deviation of 0 or more (0 if unknown)", clean(measured.KPI), num(measured.Spread))
	}
	if err := p.err(); err != nil {
		return reductions{}, err
	}
	f, s := measured.Fraction, measured.Spread
	return reductions{
		pessimistic: clamp01(f - s),
		expected:    clamp01(f),
		optimistic:  clamp01(f + s),
	}, nil
}

// clamp01 keeps a reduction a share: a KPI that got worse saves nothing,
// and nothing saves more than all of it.
func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

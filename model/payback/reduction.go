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
		pessimistic: capAtAll(f - s),
		expected:    capAtAll(f),
		optimistic:  capAtAll(f + s),
	}, nil
}

// capAtAll keeps a reduction at most 1: nothing saves more than all of the
// minutes. Below 0 it stays as measured: a KPI that got worse costs
// minutes, and the benefit comes out negative, as the spec's formula says.
func capAtAll(x float64) float64 { return math.Min(1, x) }

// wrongWay is the reason line of a measured reduction below 0, or "":
// the KPI moved away from its target direction, and by how much.
func (s settled) wrongWay(c curve) string {
	ms := s.measured
	if ms == nil || s.red.expected >= 0 {
		return ""
	}
	return fmt.Sprintf("KPI %s moved the wrong way in ring %s: %s %% worse than its baseline as of %s, so the reduction is %s and the annual benefit %s: at this level the pilot destroys value",
		clean(ms.KPI), clean(ms.Ring), num(roundTo(-ms.Fraction*100, 2)), ms.AsOf, num(roundTo(s.red.expected, 6)), money(c.benefit))
}

package payback

import "math"

// curve is one projection at full precision: the monthly curve and the
// figures read off it.
type curve struct {
	oneTime, benefit, run float64 // annual benefit and run cost after scale and haircut
	monthlyNet            float64 // (benefit − run) ÷ 12, at full ramp
	months                []Month // 0…horizon
	payback               *float64
	breakEven             crossing
	npv                   float64
	discounted            crossing
}

// crossing is where a cumulative curve first reaches zero.
type crossing struct {
	at    *float64 // fractional month; nil when never within the horizon
	month int      // the first whole month n with cumulative ≥ 0; 0 when none or at the start
}

// rampShare is the share of full benefit in month t (1-based): the ramp's
// entry for t, the last entry once the list ends, 1 without a ramp.
func rampShare(ramp []float64, t int) float64 {
	switch {
	case len(ramp) == 0:
		return 1
	case t-1 < len(ramp):
		return ramp[t-1]
	default:
		return ramp[len(ramp)-1]
	}
}

// project builds the curve: month 0 holds −oneTime, month t adds
// (benefit × ramp(t) − run) ÷ 12, discounted by (1 + monthlyRate)^t.
func project(oneTime, benefit, run float64, ramp []float64, horizon int, monthlyRate float64) curve {
	c := curve{oneTime: oneTime, benefit: benefit, run: run, monthlyNet: (benefit - run) / 12}
	c.months = make([]Month, horizon+1)
	c.months[0] = Month{Net: -oneTime, Cumulative: -oneTime, DiscountedCumulative: -oneTime}
	cum, dcum := -oneTime, -oneTime
	cums := make([]float64, horizon+1)
	dcums := make([]float64, horizon+1)
	cums[0], dcums[0] = cum, dcum
	for t := 1; t <= horizon; t++ {
		share := rampShare(ramp, t)
		mb := benefit * share / 12
		mr := run / 12
		net := mb - mr
		cum += net
		dcum += net / math.Pow(1+monthlyRate, float64(t))
		c.months[t] = Month{Month: t, Ramp: share, Benefit: mb, RunCost: mr, Net: net, Cumulative: cum, DiscountedCumulative: dcum}
		cums[t], dcums[t] = cum, dcum
	}
	c.npv = dcum
	c.breakEven = firstCrossing(cums)
	c.discounted = firstCrossing(dcums)
	c.payback = simplePayback(oneTime, c.monthlyNet)
	return c
}

// simplePayback is one_time ÷ monthly net: null when the net is not
// positive (it never pays back), 0 when there is nothing to pay back.
func simplePayback(oneTime, monthlyNet float64) *float64 {
	if !(monthlyNet > 0) {
		return nil
	}
	v := oneTime / monthlyNet
	if !finite(v) {
		return nil
	}
	return &v
}

// firstCrossing finds the first month n whose cumulative is ≥ 0 after
// being below it, and interpolates within it: (n − 1) + |cum(n − 1)| ÷
// net(n). net(n) > 0 there, since the curve rose from below zero, so the
// division is safe and its quotient lies in (0, 1].
//
// A curve that starts at zero (no one-time cost) breaks even at month 0 if
// its first move is upwards; if it first dips, the recovery counts; if it
// never moves, nothing pays back and the answer is null.
func firstCrossing(cum []float64) crossing {
	if len(cum) > 0 && cum[0] >= 0 {
		for n := 1; n < len(cum); n++ {
			step := cum[n] - cum[n-1]
			if step > 0 {
				zero := 0.0
				return crossing{at: &zero}
			}
			if step < 0 {
				break
			}
		}
	}
	for n := 1; n < len(cum); n++ {
		if cum[n-1] < 0 && cum[n] >= 0 {
			v := float64(n-1) + math.Abs(cum[n-1])/(cum[n]-cum[n-1])
			return crossing{at: &v, month: n}
		}
	}
	return crossing{}
}

// allFinite reports whether every number of the curve is finite, so
// nothing prints as Inf or NaN.
func (c curve) allFinite() bool {
	for _, x := range []float64{c.oneTime, c.benefit, c.run, c.monthlyNet, c.npv} {
		if !finite(x) {
			return false
		}
	}
	for _, m := range c.months {
		for _, x := range []float64{m.Benefit, m.RunCost, m.Net, m.Cumulative, m.DiscountedCumulative} {
			if !finite(x) {
				return false
			}
		}
	}
	return true
}

package slo

import (
	"fmt"
	"math"

	"ringside/model"
)

// MaxDailyCount bounds one day's count, so sums over a period stay exact
// enough and finite.
const MaxDailyCount = 1e15

// Day is one day's counts: events that met the objective, and all events.
type Day struct {
	Day   model.Date
	Good  float64
	Total float64
}

// Result is an SLO's standing on a day. Numbers are rounded to six decimals;
// what cannot be computed (no events in a window) is nil, never NaN.
type Result struct {
	Target     float64 `json:"target"`
	PeriodDays int     `json:"period_days"`
	From       string  `json:"from"`  // first day of the period
	AsOf       string  `json:"as_of"` // last day of the period
	Good       float64 `json:"good"`  // events over the period
	Total      float64 `json:"total"`
	Bad        float64 `json:"bad"`
	// Attainment is the percent of good events over the period.
	Attainment *float64 `json:"attainment"`
	// BudgetTotal is the number of bad events the period allows:
	// (100 − target) % of its events. BudgetUsed and BudgetRemaining are
	// fractions of it; remaining is negative once the budget is overspent.
	BudgetTotal     float64  `json:"budget_total"`
	BudgetUsed      float64  `json:"budget_used"`
	BudgetRemaining float64  `json:"budget_remaining"`
	BurnShort       *float64 `json:"burn_short"`
	BurnLong        *float64 `json:"burn_long"`
	ShortDays       int      `json:"short_days"`
	LongDays        int      `json:"long_days"`
	FastBurn        float64  `json:"fast_burn_threshold"`
	SlowBurn        float64  `json:"slow_burn_threshold"`
	Fast            bool     `json:"fast"` // fires like a rollback trigger
	Slow            bool     `json:"slow"`
	Why             []string `json:"why"`
}

// window sums good and total over the n days ending on asOf.
func window(days []Day, asOf model.Date, n int) (good, total float64) {
	for _, d := range days {
		if d.Day > asOf-model.Date(n) && d.Day <= asOf {
			good += d.Good
			total += d.Total
		}
	}
	return good, total
}

// checkDays refuses counts that cannot be right, naming the day.
func checkDays(days []Day) error {
	seen := make(map[model.Date]bool, len(days))
	for _, d := range days {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%w: %s: %s", ErrInvalid, d.Day, fmt.Sprintf(format, args...))
		}
		switch {
		case d.Day.IsZero():
			return fmt.Errorf("%w: a day of counts has no date", ErrInvalid)
		case seen[d.Day]:
			return fail("counted twice: give one good and one total count per day")
		case !finite(d.Good) || !finite(d.Total) || d.Good < 0 || d.Total < 0:
			return fail("good %v and total %v must be numbers of at least 0", d.Good, d.Total)
		case d.Total > MaxDailyCount:
			return fail("total %v is more than %v events a day: check the metric", d.Total, float64(MaxDailyCount))
		case d.Good > d.Total:
			return fail("good %v is more than total %v: good must count only events that total counts too", d.Good, d.Total)
		}
		seen[d.Day] = true
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Evaluate judges the objective as of asOf from daily counts. Days after
// asOf are ignored; bad data (good above total, negative or duplicate
// counts) is an error naming the day.
func Evaluate(o Objective, days []Day, asOf model.Date) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	if asOf.IsZero() {
		return Result{}, fmt.Errorf("%w: no evaluation date: give the day to judge the SLO on", ErrInvalid)
	}
	if err := checkDays(days); err != nil {
		return Result{}, err
	}
	o = o.WithDefaults()
	budget := o.allowedBad()
	from := asOf.AddDays(1 - o.PeriodDays)
	r := Result{Target: o.Target, PeriodDays: o.PeriodDays, From: from.String(), AsOf: asOf.String(),
		ShortDays: o.ShortDays, LongDays: o.LongDays, FastBurn: reported(o.FastBurn), SlowBurn: reported(o.SlowBurn),
		BudgetRemaining: 1}
	period := fmt.Sprintf("the %s %s – %s", nDays(o.PeriodDays), from, asOf)

	good, total := window(days, asOf, o.PeriodDays)
	if total == 0 {
		r.Why = append(r.Why, fmt.Sprintf("no events in %s: attainment and budget unknown", period))
	} else {
		bad := total - good
		r.Good, r.Total, r.Bad = good, total, bad
		r.Attainment = reportedPtr(good / total * 100)
		allowed := budget * total
		used := bad / total / budget // not bad ÷ allowed: allowed may underflow to 0
		r.BudgetTotal, r.BudgetUsed, r.BudgetRemaining = reported(allowed), reported(used), reported(1-used)
		r.Why = append(r.Why, fmt.Sprintf("attainment %s %% over %s against a target of %s %%: %s of %s events bad",
			show(good/total*100, 4), period, show(o.Target, 4), count(bad), count(total)))
		if judged(used) > 1 {
			r.Why = append(r.Why, fmt.Sprintf("error budget exhausted: %s bad events against %s allowed (%s %% used)",
				count(bad), count(allowed), show(used*100, 2)))
		} else {
			r.Why = append(r.Why, fmt.Sprintf("error budget: %s bad events allowed, %s used (%s %%), %s %% left",
				count(allowed), count(bad), show(used*100, 2), show((1-used)*100, 2)))
		}
	}

	burn := func(n int) *float64 {
		g, t := window(days, asOf, n)
		if t == 0 {
			return nil
		}
		return reportedPtr((t - g) / t / budget)
	}
	r.BurnShort, r.BurnLong = burn(o.ShortDays), burn(o.LongDays)
	if r.BurnShort != nil {
		r.Fast = judged(*r.BurnShort) >= judged(o.FastBurn)
	}
	if r.BurnShort != nil && r.BurnLong != nil {
		r.Slow = judged(*r.BurnLong) >= judged(o.SlowBurn) && judged(*r.BurnShort) >= judged(o.SlowBurn)
	}
	r.Why = append(r.Why, burnWhy(r, o)...)
	return r, nil
}

// burnWhy explains the two alerts in a sentence each.
func burnWhy(r Result, o Objective) []string {
	var out []string
	short, long := "unknown", "unknown"
	if r.BurnShort != nil {
		short = show(*r.BurnShort, 2)
	}
	if r.BurnLong != nil {
		long = show(*r.BurnLong, 2)
	}
	rate := func(s string, n int) string {
		if s == "unknown" {
			return fmt.Sprintf("no events in the last %s, so no burn rate", nDays(n))
		}
		return fmt.Sprintf("burn rate %s over the last %s", s, nDays(n))
	}
	if r.Fast {
		out = append(out, fmt.Sprintf("fast burn: %s over the last %s is at or above %s; at this pace the budget lasts %s: treat it as a rollback trigger",
			short, nDays(o.ShortDays), show(o.FastBurn, 2), lasts(*r.BurnShort, o.PeriodDays)))
	} else {
		out = append(out, fmt.Sprintf("%s (fast burn at %s)", rate(short, o.ShortDays), show(o.FastBurn, 2)))
	}
	if r.Slow {
		out = append(out, fmt.Sprintf("slow burn: %s over the last %s and %s over the last %s are at or above %s",
			long, nDays(o.LongDays), short, nDays(o.ShortDays), show(o.SlowBurn, 2)))
	} else {
		out = append(out, fmt.Sprintf("%s (slow burn at %s on both windows)", rate(long, o.LongDays), show(o.SlowBurn, 2)))
	}
	return out
}

// lasts says how long a whole budget lasts at a burn rate.
func lasts(rate float64, period int) string {
	return show(float64(period)/rate, 1) + " days"
}

package health

import (
	"fmt"
	"math"
	"strings"

	"ringside/model"
	"ringside/model/slo"
)

// A KPI may be an SLO over daily good and total counts. Health
// adds the SLO's standing to the KPI; a fast burn fires like a rollback
// trigger. A KPI with an SLO and no target is judged on the SLO alone:
// nodata without events (or with counts older than StaleAfter), fail on a
// fast burn or an exhausted budget, warn on a slow burn, else pass.

// Objective turns a KPI's SLO into model/slo's objective.
func Objective(s model.KPISLO) slo.Objective {
	return slo.Objective{Target: s.Objective, PeriodDays: s.PeriodDays, ShortDays: s.ShortDays, LongDays: s.LongDays,
		FastBurn: s.FastBurn, SlowBurn: s.SlowBurn}
}

// SLODays pairs a ring's good and total series into daily counts: a day
// counts only when both were imported for it.
func SLODays(s model.KPISLO, series map[string]Series) (days []slo.Day) {
	good, total := series[s.Good], series[s.Total]
	goodOn := make(map[model.Date]float64, seriesLen(good))
	for i, d := range good.Days[:seriesLen(good)] {
		goodOn[d] = good.Values[i]
	}
	for i, d := range total.Days[:seriesLen(total)] {
		if g, ok := goodOn[d]; ok {
			days = append(days, slo.Day{Day: d, Good: g, Total: total.Values[i]})
		}
	}
	return days
}

// applySLO judges the KPI's SLO in a ring and folds it into the verdict.
func applySLO(h KPIHealth, k model.KPI, series map[string]Series, asOf model.Date) KPIHealth {
	days := SLODays(*k.SLO, series)
	var latest model.Date
	for _, d := range days {
		if d.Day <= asOf && d.Day > latest {
			latest = d.Day
		}
	}
	own := !k.Target.IsZero()
	if !own {
		h.Why = Reasons{}
		h.Target = fmt.Sprintf("slo >= %s %% good", num(k.SLO.Objective))
		h.Status = NoData
		h.Current, h.Latest = nil, nil
		if latest > 0 {
			day := latest.String()
			h.Latest = &day
		}
	}
	// Like a KPI's window, the SLO's period ends on the latest counts: daily
	// counts arrive a day late, and judging today's empty day would hide a burn.
	judgeOn := asOf
	if latest > 0 {
		judgeOn = latest
	}
	r, err := slo.Evaluate(Objective(*k.SLO), days, judgeOn)
	if err != nil {
		h.why(KindSLO, "slo %s / %s cannot be judged: %v", k.SLO.Good, k.SLO.Total, strings.TrimPrefix(err.Error(), "invalid SLO: "))
		return h
	}
	h.SLO = &r
	for _, w := range r.Why {
		h.why(KindSLO, "slo: %s", w)
	}
	fresh := latest > 0 && int(asOf-latest) <= model.StaleAfter
	if latest > 0 && !fresh {
		h.why(KindSLO, "slo: latest counts %s are %d days old (limit %d): no burn alert judged", latest, int(asOf-latest), model.StaleAfter)
	}
	if fresh && r.Fast {
		h.Rollback = true
		h.why(KindRollback, "slo fast burn fired: burn rate %s over the last %s is at or above %s", num(*r.BurnShort), days1(r.ShortDays), num(r.FastBurn))
	}
	if own || !fresh || r.Attainment == nil {
		return h
	}
	h.Current = r.Attainment
	switch {
	case r.Fast:
		h.Status = Fail
		h.why(KindObjective, "fast burn of the error budget: fail")
	case r.BudgetRemaining < 0:
		h.Status = Fail
		h.why(KindObjective, "attainment %s %% is below the objective %s %%, the error budget is spent: fail", num(*r.Attainment), num(r.Target))
	case r.Slow:
		h.Status = Warn
		h.why(KindObjective, "slow burn of the error budget: warn")
	default:
		h.Status = Pass
		h.why(KindObjective, "attainment %s %% meets the objective %s %% with %s %% of the budget left: pass", num(*r.Attainment), num(r.Target), num(r.BudgetRemaining*100))
	}
	return h
}

func num(x float64) string { return show(x, math.NaN()) }

func days1(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

package main

import (
	"fmt"
	"io"

	"ringside/model"
	"ringside/model/health"
)

// printSLOs adds, under a ring's KPI table, one line per SLO KPI: its
// attainment, error budget and burn rates.
func printSLOs(w io.Writer, r health.RingHealth) {
	for _, k := range r.KPIs {
		s := k.SLO
		if s == nil {
			continue
		}
		line := fmt.Sprintf("    slo %s: objective %s %% over %d days", model.Line(k.Key), healthNum(s.Target), s.PeriodDays)
		if s.Attainment != nil {
			line += fmt.Sprintf(", attainment %s %%, budget left %s %%", healthNum(*s.Attainment), healthNum(s.BudgetRemaining*100))
		} else {
			line += ", no events yet"
		}
		line += fmt.Sprintf(", burn %s (%dd) / %s (%dd)", healthNumPtr(s.BurnShort, ""), s.ShortDays, healthNumPtr(s.BurnLong, ""), s.LongDays)
		switch {
		case k.Rollback && s.Fast:
			line += ": FAST BURN, roll back"
		case s.Fast:
			line += ": fast burn (stale counts)"
		case s.Slow:
			line += ": slow burn"
		}
		fmt.Fprintln(w, line)
	}
}

package triage

import "fmt"

// costTrap: the business case does not close: no break-even within the
// horizon, or it costs more to run than it brings in.
func costTrap(f Facts, _ Options) []string {
	r := f.Payback
	if r == nil {
		return nil
	}
	var evidence []string
	if r.BreakEvenMonth == nil {
		line := fmt.Sprintf("no break-even within %d months", r.Inputs.HorizonMonths)
		if n := len(r.Months); n > 0 {
			last := r.Months[n-1]
			line = fmt.Sprintf("no break-even within %d months (cumulative %s at month %d)", last.Month, money(last.Cumulative), last.Month)
		}
		evidence = append(evidence, line)
	}
	if r.AnnualRunCost > r.AnnualBenefit {
		evidence = append(evidence, fmt.Sprintf("annual run cost %s exceeds annual benefit %s", money(r.AnnualRunCost), money(r.AnnualBenefit)))
	}
	return evidence
}

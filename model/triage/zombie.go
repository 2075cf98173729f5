package triage

import (
	"fmt"

	"ringside/model"
)

// zombie: rolled out or in production, yet no KPI shows an improvement
// on its baseline (every one is without data or no better).
func zombie(f Facts, _ Options) []string {
	stage := f.Pilot.Stage
	if stage != model.StageRollout && stage != model.StageProduction {
		return nil
	}
	for _, k := range f.KPIs {
		if k.Improvement != nil && *k.Improvement > 0 {
			return nil
		}
	}
	evidence := []string{fmt.Sprintf("stage %s, yet no KPI improves on its baseline", stage)}
	if len(f.KPIs) == 0 {
		return append(evidence, "no KPI is measured in an active ring")
	}
	for _, k := range f.KPIs {
		evidence = append(evidence, kpiStanding(k))
	}
	return evidence
}

// kpiStanding says where one KPI stands, e.g.
// "triage_min (must-meet) in ring broad: 3.5 % worse than baseline".
func kpiStanding(k KPIFact) string {
	name := clean(k.Key)
	if k.Critical {
		name += " (must-meet)"
	} else {
		name += " (should-meet)"
	}
	if k.Ring != "" {
		name += " in ring " + clean(k.Ring)
	}
	switch {
	case k.Improvement == nil:
		return name + ": no data"
	case *k.Improvement < 0:
		return fmt.Sprintf("%s: %s %% worse than baseline", name, percent(-*k.Improvement))
	default:
		return name + ": no change against baseline"
	}
}

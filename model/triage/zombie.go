package triage

import (
	"fmt"

	"ringside/model"
)

// zombie: rolled out or in production, yet no KPI shows a material
// improvement on its baseline (every one is without data, worse, or within
// MinImprovement of it). A KPI with fresh data but no baseline to improve
// on delivers when it meets its target.
func zombie(f Facts, opt Options) []string {
	least := opt.MinImprovement
	if least <= 0 {
		least = DefaultMinImprovement
	}
	stage := f.Pilot.Stage
	if stage != model.StageRollout && stage != model.StageProduction {
		return nil
	}
	for _, k := range f.KPIs {
		if k.Improvement != nil && *k.Improvement >= least {
			return nil
		}
		if k.Improvement == nil && k.Status == "pass" {
			return nil
		}
	}
	evidence := []string{fmt.Sprintf("stage %s, yet no KPI improves on its baseline by %s %% or more", stage, percent(least))}
	if len(f.KPIs) == 0 {
		return append(evidence, "no KPI is measured in an active ring")
	}
	for _, k := range f.KPIs {
		evidence = append(evidence, kpiStanding(k, least))
	}
	return evidence
}

// kpiStanding says where one KPI stands, e.g.
// "triage_min (must-meet) in ring broad: 3.5 % worse than baseline".
func kpiStanding(k KPIFact, least float64) string {
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
	case k.Improvement == nil && k.hasData():
		s := name + ": fresh data but no baseline to compare with"
		if k.Target != "" {
			s += ", target " + clean(k.Target)
		}
		return s + ": " + clean(k.Status)
	case k.Improvement == nil:
		return name + ": no data"
	case *k.Improvement < 0:
		return fmt.Sprintf("%s: %s %% worse than baseline", name, percent(-*k.Improvement))
	case *k.Improvement > 0:
		return fmt.Sprintf("%s: %s %% better than baseline, below the %s %% that counts", name, percent(*k.Improvement), percent(least))
	default:
		return name + ": no change against baseline"
	}
}

package triage

import "ringside/model"

// Classify returns the flags a pilot earns, in the order abandoned,
// zombie, cost trap, governance gap, overdue milestones; none for a healthy pilot, a stopped
// one, or a nil pilot.
func Classify(f Facts, opt Options) []Flag {
	if f.Pilot == nil || f.Pilot.Stage == model.StageStopped {
		return nil
	}
	var flags []Flag
	for _, rule := range []struct {
		kind  string
		check func(Facts, Options) []string
	}{
		{KindAbandoned, abandoned},
		{KindZombie, zombie},
		{KindCostTrap, costTrap},
		{KindGovernanceGap, governanceGap},
		{KindOverdueMilestones, overdueMilestones},
	} {
		if evidence := rule.check(f, opt); len(evidence) > 0 {
			flags = append(flags, Flag{Kind: rule.kind, Evidence: evidence})
		}
	}
	return flags
}

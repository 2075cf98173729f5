package triage

import (
	"fmt"

	"ringside/model"
)

// KindOverdueMilestones flags a 30/60/90-day plan that is slipping.
const KindOverdueMilestones = "overdue_milestones"

// overdueMilestones: a milestone of the plan is past its due day and not done.
func overdueMilestones(f Facts, _ Options) []string {
	if f.AsOf.IsZero() {
		return nil
	}
	var evidence []string
	for _, m := range model.OverdueMilestones(f.Pilot, f.AsOf) {
		line := fmt.Sprintf("milestone %q", clean(m.What))
		if m.Bucket != 0 {
			line += fmt.Sprintf(" (%d-day)", m.Bucket)
		}
		line += fmt.Sprintf(" was due %s, %d days ago, and is not done", m.Due, int(f.AsOf-m.Due))
		if m.Owner != "" {
			line += "; owner " + clean(m.Owner)
		}
		evidence = append(evidence, line)
	}
	return evidence
}

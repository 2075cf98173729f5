package triage

import (
	"fmt"

	"ringside/model"
)

// abandoned: nothing has happened for longer than the limit while the
// pilot is neither in production nor stopped. Without a last-activity or
// evaluation date there is nothing to judge.
func abandoned(f Facts, opt Options) []string {
	if f.Pilot.Stage == model.StageProduction || f.AsOf.IsZero() || f.LastActivity.IsZero() {
		return nil
	}
	limit := opt.AbandonedDays
	if limit <= 0 {
		limit = DefaultAbandonedDays
	}
	days := int(f.AsOf - f.LastActivity)
	if days <= limit {
		return nil
	}
	return []string{fmt.Sprintf("no activity since %s (%d days; limit %d)", f.LastActivity, days, limit)}
}

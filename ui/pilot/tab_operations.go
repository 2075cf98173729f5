package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
)

// newOperationsPane shows a pilot's rollout operations: flags by
// ring with what a rollback would turn off, SLOs with budget and burn per
// ring, NFRs by category, the 30/60/90 plan with overdue milestones, the
// post-implementation review and the action list.
func newOperationsPane(c *common.Common, d *pilotData) *common.ScrollPane {
	ld := d.lines()
	return common.NewScrollPane(c, func(w int) []string { return lines.Operations(c, ld, w) })
}

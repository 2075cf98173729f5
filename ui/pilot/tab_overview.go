package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
)

// newOverviewPane shows the hypothesis with its revisions, the owners by
// role, the stage timeline, the rings and the triage flags with evidence.
func newOverviewPane(c *common.Common, d *pilotData) *common.ScrollPane {
	ld := d.lines()
	return common.NewScrollPane(c, func(w int) []string { return lines.Overview(c, ld, w) })
}

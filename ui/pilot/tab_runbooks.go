package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
)

// newRunbookPane shows each runbook: its body rendered from Markdown, its
// drill log, and time to restore against the target.
func newRunbookPane(c *common.Common, d *pilotData) *common.ScrollPane {
	ld := d.lines()
	return common.NewScrollPane(c, func(w int) []string { return lines.Runbooks(c, ld, w) })
}

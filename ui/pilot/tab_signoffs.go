package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
)

// newSignoffPane shows a roles × gates matrix of each role's latest
// decision (stale ones marked), then every sign-off with its meaning.
func newSignoffPane(c *common.Common, d *pilotData) *common.ScrollPane {
	ld := d.lines()
	return common.NewScrollPane(c, func(w int) []string { return lines.Signoffs(c, ld, w) })
}

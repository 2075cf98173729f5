package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
)

// newPaybackPane shows the cumulative net-benefit chart with the
// break-even month marked, the three scenarios and the arithmetic.
func newPaybackPane(c *common.Common, d *pilotData) *common.ScrollPane {
	ld := d.lines()
	return common.NewScrollPane(c, func(w int) []string { return lines.Payback(c, ld, w) })
}

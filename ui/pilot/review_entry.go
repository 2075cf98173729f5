package pilot

import "ringside/model"

// reviewGate is the gate `Start gate review` meets on from a pilot's
// detail: the gate selected on the Gates tab, which starts at the pilot's
// next gate.
func (d *Screen) reviewGate() (model.GateID, bool) {
	if d.data == nil || len(d.data.gates) == 0 {
		return "", false
	}
	if g, ok := d.panes[tabGates].(*gatePane); ok {
		return d.data.gates[g.sel].id, true
	}
	return "", false
}

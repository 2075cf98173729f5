// Package lines builds the text of a pilot's detail tabs (Overview,
// Sign-offs, Runbooks, Payback, Operations): pure functions from a
// pilot's assessment to the lines a scroll pane shows at a width, so each
// section can be tested with plain values.
package lines

import (
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
)

// Data is what the builders read: the pilot as assessed, its assessment
// and every gate's readiness, G1 … PRG.
type Data struct {
	In    assess.Input
	A     assess.Assessment
	Gates []Gate
}

// Gate is one gate's readiness (Err when it could not be judged).
type Gate struct {
	ID  model.GateID
	R   gates.Readiness
	Err error
}

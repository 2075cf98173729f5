package app

import (
	"context"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
)

// GateView is a gate of a pilot judged as of a day, with what it was
// judged on.
type GateView struct {
	Input     assess.Input
	Readiness gates.Readiness
}

// Gate judges one gate of a pilot as of asOf: gate readiness is assembled
// here and nowhere else.
func (a *App) Gate(ctx context.Context, slug string, id model.GateID, asOf model.Date) (GateView, error) {
	in, err := a.PilotInput(ctx, slug, asOf)
	if err != nil {
		return GateView{}, err
	}
	r, err := judgeGate(in, id)
	return GateView{Input: in, Readiness: r}, err
}

// judgeGate is the one composition of the engines behind a gate's
// readiness: ring health, then the gate's criteria over it.
func judgeGate(in assess.Input, id model.GateID) (gates.Readiness, error) {
	return assess.Gate(in, assess.Health(in), id)
}

// PilotView is everything a pilot's detail shows: its input, its
// assessment and every gate, G1 … PRG.
type PilotView struct {
	Input      assess.Input
	Assessment assess.Assessment
	Gates      []GateResult
}

// GateResult is one gate's readiness, or why it cannot be judged.
type GateResult struct {
	ID        model.GateID
	Readiness gates.Readiness
	Err       error
}

// Detail reads and assesses one pilot, every gate included.
func (a *App) Detail(ctx context.Context, slug string, asOf model.Date) (*PilotView, error) {
	in, err := a.PilotInput(ctx, slug, asOf)
	if err != nil {
		return nil, err
	}
	return ViewOf(in), nil
}

// ViewOf assesses an input already read: the assessment and every gate.
func ViewOf(in assess.Input) *PilotView {
	v := &PilotView{Input: in, Assessment: assess.Pilot(in)}
	for _, id := range model.GateIDs {
		r, err := assess.Gate(in, v.Assessment.Health, id)
		v.Gates = append(v.Gates, GateResult{ID: id, Readiness: r, Err: err})
	}
	return v
}

package gates

import "ringside/model"

// NextGate returns the gate a pilot at stage s faces next. A pilot in
// production has passed every stage gate; what it still faces is the
// production-readiness gate PRG, reviewed again whenever the service changes,
// so production maps to PRG. A stopped pilot faces no gate.
func NextGate(s model.Stage) (model.GateID, bool) {
	switch s {
	case model.StageIdea:
		return model.GateG1, true
	case model.StageMVP:
		return model.GateG2, true
	case model.StagePilot:
		return model.GateG3, true
	case model.StageHardening:
		return model.GateG4, true
	case model.StageRollout:
		return model.GateG5, true
	case model.StageProduction:
		return model.GatePRG, true
	}
	return "", false
}

// StageAfter returns the stage a go or conditional decision on a stage gate
// advances the pilot to. PRG is a check, not a step: it advances nothing.
func StageAfter(id model.GateID) (model.Stage, bool) {
	switch id {
	case model.GateG1:
		return model.StageMVP, true
	case model.GateG2:
		return model.StagePilot, true
	case model.GateG3:
		return model.StageHardening, true
	case model.GateG4:
		return model.StageRollout, true
	case model.GateG5:
		return model.StageProduction, true
	}
	return "", false
}

package gates

import (
	"testing"

	"ringside/model"
)

func TestNextGateAndStageAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		stage model.Stage
		gate  model.GateID // "" when none
		after model.Stage  // stage a go on that gate leads to; "" when none
	}{
		{model.StageIdea, model.GateG1, model.StageMVP},
		{model.StageMVP, model.GateG2, model.StagePilot},
		{model.StagePilot, model.GateG3, model.StageHardening},
		{model.StageHardening, model.GateG4, model.StageRollout},
		{model.StageRollout, model.GateG5, model.StageProduction},
		{model.StageProduction, model.GatePRG, ""},
		{model.StageStopped, "", ""},
		{"beta", "", ""},
	}
	for _, tt := range tests {
		g, ok := NextGate(tt.stage)
		if g != tt.gate || ok != (tt.gate != "") {
			t.Errorf("NextGate(%s) = %s, %v; want %s", tt.stage, g, ok, tt.gate)
		}
		if tt.gate == "" {
			continue
		}
		s, ok := StageAfter(g)
		if s != tt.after || ok != (tt.after != "") {
			t.Errorf("StageAfter(%s) = %s, %v; want %s", g, s, ok, tt.after)
		}
		// A go on a stage gate moves exactly one step up the staircase.
		if ok && model.StageIndex(s) != model.StageIndex(tt.stage)+1 {
			t.Errorf("StageAfter(%s) = %s skips a stage after %s", g, s, tt.stage)
		}
	}
}

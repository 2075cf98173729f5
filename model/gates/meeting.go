package gates

import (
	"fmt"
	"strings"

	"ringside/model"
)

// RecordReview adds a finished gate review to the pilot, after checking it
// can stand: it has attendees and a known decision, a go is not blocked by
// a reject, and a go or conditional on a stage gate advances the stage
// (from the gate's own stage only, so recording an old review twice never
// skips a stage). It returns the stage the pilot moved to, or "".
func RecordReview(p *model.Pilot, r model.GateReview, current Readiness) (model.Stage, error) {
	if err := model.OneOf("gate", r.Gate, model.GateIDs); err != nil {
		return "", err
	}
	if err := model.OneOf("decision", r.Decision, model.ReviewDecisions); err != nil {
		return "", err
	}
	if len(r.Attendees) == 0 {
		return "", fmt.Errorf("a review needs its attendees: name at least one (who decided)")
	}
	if r.Date.IsZero() {
		return "", fmt.Errorf("a review needs its date")
	}
	if err := CanDecide(current, r.Decision); err != nil { // a reject blocks go and conditional
		return "", err
	}
	for i, a := range r.Actions {
		if strings.TrimSpace(a.What) == "" || strings.TrimSpace(a.Who) == "" {
			return "", fmt.Errorf("action %d needs what and who", i+1)
		}
	}
	replaced := false
	for i := range p.Reviews {
		if p.Reviews[i].Gate == r.Gate && p.Reviews[i].Date == r.Date {
			p.Reviews[i], replaced = r, true
		}
	}
	if !replaced {
		p.Reviews = append(p.Reviews, r)
	}
	var moved model.Stage
	switch r.Decision {
	case model.ReviewGo, model.ReviewConditional:
		if next, ok := StageAfter(r.Gate); ok {
			if gate, ok := NextGate(p.Stage); ok && gate == r.Gate {
				p.Stage, p.StageSince, moved = next, r.Date, next
			}
		}
	case model.ReviewKill:
		if p.Stage != model.StageStopped {
			p.Stage, p.StageSince, moved = model.StageStopped, r.Date, model.StageStopped
		}
	}
	return moved, nil
}

// LatestReview returns the newest review of a gate, or nil.
func LatestReview(p *model.Pilot, id model.GateID) *model.GateReview {
	var best *model.GateReview
	for i := range p.Reviews {
		if p.Reviews[i].Gate == id && (best == nil || p.Reviews[i].Date >= best.Date) {
			best = &p.Reviews[i]
		}
	}
	return best
}

package store

import (
	"context"

	"ringside/model"
)

// operations is the JSON of a pilot's rollout operations, kept in
// pilots.operations.
type operations struct {
	Flags []model.Flag                    `json:"flags,omitempty"`
	NFRs  []model.NFR                     `json:"nfrs,omitempty"`
	Plan  []model.Milestone               `json:"plan,omitempty"`
	PIR   *model.PostImplementationReview `json:"pir,omitempty"`
}

// writeOperations stores the pilot's flags, NFRs, plan, PIR and KPI SLOs;
// writePilot has already written the pilot and KPI rows.
func writeOperations(ctx context.Context, tx execer, id int64, p model.Pilot) error {
	var ops any
	if len(p.Flags)+len(p.NFRs)+len(p.Plan) > 0 || p.PIR != nil {
		s, err := jsonText(operations{p.Flags, p.NFRs, p.Plan, p.PIR})
		if err != nil {
			return err
		}
		ops = s
	}
	if _, err := tx.ExecContext(ctx, "UPDATE pilots SET operations = ? WHERE id = ?", ops, id); err != nil {
		return err
	}
	for i, k := range p.KPIs {
		if k.SLO == nil {
			continue
		}
		s, err := jsonText(k.SLO)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE kpis SET slo = ? WHERE pilot_id = ? AND ord = ?", s, id, i); err != nil {
			return err
		}
	}
	return nil
}

// rollbackSummary names, for each ring that a change rolls back, the flags
// still on in it and their runbooks' steps, for the audit entry's summary.
func rollbackSummary(before, after *model.Pilot) string {
	s := ""
	for _, ring := range model.RolledBackRings(before, after) {
		s += "; ring " + ring + " rolled back: " + model.RollbackPlanFor(after, ring).Summary()
	}
	return s
}

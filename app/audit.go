package app

import (
	"context"
	"fmt"

	"ringside/model"
)

// AuditChange is one audit entry and what it changed: the fields that
// differ between its stored before and after (model.DiffJSON).
type AuditChange struct {
	Entry AuditEntry
	Lines []model.DiffLine
}

// AuditChange reads the audit entry seq and diffs its before and after.
// An entry that does not exist is ErrNotFound.
func (a *App) AuditChange(ctx context.Context, seq int64) (AuditChange, error) {
	es, err := a.store.Audit(ctx, AuditFilter{Before: seq + 1, Limit: 1})
	if err != nil {
		return AuditChange{}, err
	}
	if len(es) == 0 || es[0].Seq != seq {
		return AuditChange{}, fmt.Errorf("audit entry %d: %w", seq, ErrNotFound)
	}
	lines, err := model.DiffJSON(es[0].Before, es[0].After)
	if err != nil {
		return AuditChange{}, fmt.Errorf("audit entry %d: %w", seq, err)
	}
	return AuditChange{Entry: es[0], Lines: lines}, nil
}

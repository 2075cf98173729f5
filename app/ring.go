package app

import (
	"context"
	"fmt"

	"ringside/model"
	"ringside/store"
)

// RingMove is one change to a ring: a new status, a new exposure, or both.
type RingMove struct {
	Ring     string
	Status   model.RingStatus // "" keeps the status
	Exposure *float64         // nil keeps the exposure
}

// RingError is a move of a ring the pilot does not have.
type RingError struct {
	Pilot, Ring string
	Rings       []string // the rings it has, in order
}

func (e *RingError) Error() string { return fmt.Sprintf("pilot %s has no ring %q", e.Pilot, e.Ring) }

// RingMoved is what a move did: the ring and the pilot before and after it
// (the same when nothing changed), read in the move's transaction, so an
// undo restores exactly what the move replaced.
type RingMoved struct {
	Before, After           model.Ring
	PilotBefore, PilotAfter model.Pilot
}

// Changed says whether the move changed the ring.
func (m RingMoved) Changed() bool {
	return m.Before.Status != m.After.Status || m.Before.Exposure != m.After.Exposure
}

// MoveRing moves one ring of a pilot in one transaction with one audit
// entry: a status through model.Ring.SetStatus (which starts a ring the day
// it is activated, as of asOf), an exposure as given. The change calendar
// applies (store.WindowError) unless c carries an Override. c's action
// and summary word the audit entry; "" words it from the move.
func (a *App) MoveRing(ctx context.Context, c Change, slug string, m RingMove, asOf model.Date) (RingMoved, error) {
	action, summary := c.Action, c.Summary
	if action == "" {
		action = model.ActionRingStatus
		if m.Status == "" {
			action = model.ActionRingExposure
		}
	}
	if summary == "" {
		switch {
		case m.Status != "" && m.Exposure != nil:
			summary = fmt.Sprintf("ring %s → %s at exposure %g", m.Ring, m.Status, *m.Exposure)
		case m.Status != "":
			summary = fmt.Sprintf("ring %s → %s", m.Ring, m.Status)
		case m.Exposure != nil:
			summary = fmt.Sprintf("ring %s exposure → %g", m.Ring, *m.Exposure)
		}
	}
	var out RingMoved
	c.Action, c.Summary = action, summary
	before, after, err := a.store.EditPilot(ctx, c, slug, func(p *model.Pilot) error {
		r, ok := p.Ring(m.Ring)
		if !ok {
			e := &RingError{Pilot: slug, Ring: m.Ring}
			for _, r := range p.Rings {
				e.Rings = append(e.Rings, r.Name)
			}
			return e
		}
		out.Before = *r
		if m.Status != "" {
			r.SetStatus(m.Status, asOf)
		}
		if m.Exposure != nil {
			r.Exposure = *m.Exposure
		}
		return nil
	})
	out.PilotBefore, out.PilotAfter = before, after
	if r, ok := after.Ring(m.Ring); ok {
		out.After = *r
	}
	return out, err
}

// FlagChange is what a feature flag change did.
type FlagChange = store.FlagChange

// ErrBadFlagChange is a flag change refused for what it says.
var ErrBadFlagChange = store.ErrBadFlagChange

// FlagSet is one flag state to record in one ring, and why.
type FlagSet = store.FlagSet

// ErrFlagReason is a flag change without a reason.
var ErrFlagReason = store.ErrFlagReason

// SetFlag records a feature flag's new state in one ring, with the reason
// (audited) by c. ringside records what operators did with their flag
// service; it calls none.
func (a *App) SetFlag(ctx context.Context, c Change, f FlagSet) (FlagChange, error) {
	return a.store.SetFlag(ctx, c, f)
}

// SetFlags records several flags of one ring set to state, for one reason, by c,
// in one transaction and one audit entry; it returns the pilot before and
// after (the cockpit's undo).
func (a *App) SetFlags(ctx context.Context, c Change, slug, ring string, keys []string, state model.FlagState, reason string) (changes []FlagChange, before, after model.Pilot, err error) {
	return a.store.SetFlags(ctx, c, slug, ring, keys, state, reason)
}

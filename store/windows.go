package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/rollout"
)

// Override lets one change (Change.Override) move rings outside the
// change calendar. It needs a reason, and the audit log records both
// (action "calendar.override").
type Override struct {
	Reason string
}

// WindowError refuses a ring move the pilot's change calendar does not
// allow now. Pausing and rolling back are never refused.
type WindowError struct {
	Pilot string
	Ring  string
	Move  string // "activate", "widen", "complete"
	Why   string // the calendar's reason, with the next usable opening
	Next  string // the next opening no freeze blocks; "" when none
}

// Error says what was refused and why; how to override is the front
// end's to say (the command line's --force --reason, the cockpit's form).
func (e *WindowError) Error() string {
	return fmt.Sprintf("pilot %s: cannot %s ring %s now: %s", e.Pilot, e.Move, e.Ring, e.Why)
}

// ErrOverrideReason is returned when an override carries no reason.
var ErrOverrideReason = errors.New("an override of the change calendar needs a reason: say why the ring must move now")

// ringMove is one ring moving forward in an edit.
type ringMove struct{ ring, move string }

// ringMoves lists the rings an edit moves forward: to active, to complete,
// or to a wider exposure. Pausing and rolling back are not moves: stopping
// harm is always allowed.
func ringMoves(old, next model.Pilot) []ringMove {
	var out []ringMove
	for _, r := range next.Rings {
		prev, had := old.Ring(r.Name)
		switch {
		case r.Status == model.RingActive && (!had || prev.Status != model.RingActive):
			out = append(out, ringMove{r.Name, "activate"})
		case r.Status == model.RingComplete && (!had || prev.Status != model.RingComplete):
			out = append(out, ringMove{r.Name, "complete"})
		case had && r.Exposure > prev.Exposure && r.Status != model.RingPaused && r.Status != model.RingRolledBack:
			out = append(out, ringMove{r.Name, "widen"})
		}
	}
	return out
}

// checkMoves refuses an edit of a stored pilot that moves a ring forward at
// a moment its change calendar does not allow (the calendar as stored
// before the edit: the portfolio's merged with the pilot's own). With an
// override in c it lets the edit through and records the override in the
// audit log instead. No calendar at all restricts nothing.
func (s *Store) checkMoves(ctx context.Context, tx execer, c Change, old, next model.Pilot) error {
	moves := ringMoves(old, next)
	if len(moves) == 0 {
		return nil
	}
	portfolio, err := loadCalendar(ctx, tx, nil)
	if err != nil {
		return err
	}
	eff := model.EffectiveCalendar(portfolio, old.Calendar)
	if eff.Windows == nil && eff.Freezes == nil {
		return nil
	}
	cal, _ := rollout.FromModel(eff) // stored calendars were validated when read
	now := s.Now()
	ok, why := cal.Permits(now)
	if ok {
		return nil
	}
	o := c.Override
	if o == nil {
		next := ""
		if occ, found := cal.NextOpen(now, 50); found {
			next = occ.String()
		}
		return &WindowError{Pilot: old.Slug, Ring: moves[0].ring, Move: moves[0].move, Why: why, Next: next}
	}
	if strings.TrimSpace(o.Reason) == "" {
		return ErrOverrideReason
	}
	what := make([]string, len(moves))
	for i, m := range moves {
		what[i] = m.move + " " + m.ring
	}
	_, err = s.appendAudit(ctx, tx, c.as(model.ActionCalendarOverride,
		fmt.Sprintf("override of the change calendar to %s (%s); reason: %s", strings.Join(what, ", "), why, o.Reason)).entry(old.Slug, "calendar"))
	return err
}

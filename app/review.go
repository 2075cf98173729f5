package app

import (
	"context"
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/gates"
	"ringside/store"
)

// Decided is a recorded review decision.
type Decided struct {
	Review    model.GateReview // as recorded
	Readiness gates.Readiness  // the gate as judged when decided, inside the write
	Moved     model.Stage      // the stage the pilot moved to ("" none)
	Pilot     model.Pilot      // the pilot as stored after it
}

// ReviewError is a decision refused for what it says (a reject blocks a
// go, a conditional go without conditions…), not by the database.
type ReviewError struct{ Err error }

func (e *ReviewError) Error() string { return e.Err.Error() }
func (e *ReviewError) Unwrap() error { return e.Err }

// RecordReview records a decided review of rv.Gate. The gate is judged
// inside the write transaction that records the decision: a reject
// recorded by anyone up to that moment blocks a go and a conditional.
// When the pilot already holds a meeting of that gate on that day (one
// held in the cockpit), merge gives the stored one and returns what to
// record; nil records rv as given.
func (a *App) RecordReview(ctx context.Context, c Change, slug string, rv model.GateReview, asOf model.Date, merge func(stored model.GateReview) model.GateReview) (Decided, error) {
	var out Decided
	c.Action = model.ActionReview
	p, err := a.store.UpdatePilotReading(ctx, c, slug, func(rd store.Reader, p *model.Pilot) (string, error) {
		in, err := inputFor(ctx, rd, p, asOf)
		if err != nil {
			return "", err
		}
		r, err := judgeGate(in, rv.Gate)
		if err != nil {
			return "", &ReviewError{err}
		}
		rec := rv
		if merge != nil {
			for _, stored := range p.Reviews {
				if stored.Gate == rv.Gate && stored.Date == rv.Date {
					rec = merge(stored)
				}
			}
		}
		moved, err := gates.RecordReview(p, rec, r)
		if err != nil {
			return "", &ReviewError{err}
		}
		out.Review, out.Readiness, out.Moved = rec, r, moved
		return fmt.Sprintf("%s review: %s (attendees: %s)", rec.Gate, rec.Decision, strings.Join(rec.Attendees, ", ")), nil
	})
	out.Pilot = p
	return out, err
}

// MeetingView is a gate-review meeting as the room sees it: the gate
// judged as of the day and the meeting record (stored when Resumed).
type MeetingView struct {
	GateView
	Review  model.GateReview
	Resumed bool // found stored: a meeting cut short, or the day's decided one
}

// Meeting reads the pilot, judges the gate and finds the day's meeting.
func (a *App) Meeting(ctx context.Context, slug string, id model.GateID, day model.Date) (MeetingView, error) {
	g, err := a.Gate(ctx, slug, id, day)
	if err != nil {
		return MeetingView{}, err
	}
	rv, resumed := gates.Meeting(g.Input.Pilot, id, day)
	return MeetingView{GateView: g, Review: rv, Resumed: resumed}, nil
}

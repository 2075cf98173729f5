package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"ringside/model"
)

// Edits made one pilot at a time from the cockpit's forms: create, edit
// (with the hypothesis lock and full validation), delete. Each is one
// transaction with one audit entry, like UpdatePilot.

// InvalidPilotError lists what is wrong with a pilot a form wants to save.
// Nothing is written when it is returned.
type InvalidPilotError struct{ Errs []model.FieldError }

func (e *InvalidPilotError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, fe := range e.Errs {
		msgs[i] = fe.Error()
	}
	return "not saved: " + strings.Join(msgs, "; ")
}

// ErrExists is returned when a pilot with the slug is already stored.
var ErrExists = errors.New("already exists")

// ErrHasObservations is returned when a pilot to delete has metric
// observations: they are evidence, and the schema ties them to the pilot.
var ErrHasObservations = errors.New("has metric observations")

// ConflictError refuses a change made on the strength of a pilot as it
// was read earlier (an undo) when the stored pilot has changed since.
// What to do about it is the front end's to say.
type ConflictError struct {
	Pilot string
	Since string // what the caller's copy dates from: "that edit", "it was created"
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("pilot %s changed since %s", e.Pilot, e.Since)
}

// validated returns an *InvalidPilotError when p breaks a rule apply would
// also refuse.
func validated(p model.Pilot) error {
	if errs := p.Validate(); len(errs) > 0 {
		return &InvalidPilotError{Errs: errs}
	}
	return nil
}

// CreatePilot stores a new pilot with one audit entry ("pilot.create", or
// "undo" when an undo re-creates a deleted pilot). It refuses a slug that
// is already used and a pilot that does not validate.
func (s *Store) CreatePilot(ctx context.Context, c Change, p model.Pilot) (model.Pilot, error) {
	p = Normalize(p)
	if err := validated(p); err != nil {
		return p, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pilots WHERE slug = ?", p.Slug).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("pilot %q %w", p.Slug, ErrExists)
		}
		if err := writePilot(ctx, tx, p, s.Now()); err != nil {
			return err
		}
		e := c.entry(p.Slug, "pilot")
		e.After = pilotJSON(p)
		_, err := s.appendAudit(ctx, tx, e)
		return err
	})
	return p, err
}

// EditPilot is UpdatePilot for forms: after change, a locked hypothesis
// whose text changed needs p.Hypothesis.Reason and keeps its old text as a
// revision by actor (the same rule apply follows), and the pilot must
// validate, or nothing is written. It returns the pilot before and after,
// both read in the edit's transaction, so an undo restores exactly what
// this edit replaced.
func (s *Store) EditPilot(ctx context.Context, c Change, slug string, change func(p *model.Pilot) error) (before, after model.Pilot, err error) {
	summary, actor := c.Summary, c.Actor
	return s.updatePilot(ctx, c, slug, func(_ Reader, p *model.Pilot) (string, error) {
		old := p.Hypothesis
		if err := change(p); err != nil {
			return summary, err
		}
		if !keepLock(old, &p.Hypothesis, actor, s.Now()) {
			return summary, &InvalidPilotError{Errs: []model.FieldError{{Path: "hypothesis.reason",
				Msg: "the hypothesis is locked: say why it changes, and the old text is kept as a revision"}}}
		}
		return summary, validated(*p)
	})
}

// RestorePilot writes want back over the stored pilot with one audit entry,
// but only while the stored pilot is still expect: an undo must not
// overwrite a change made since (by another screen or another person).
func (s *Store) RestorePilot(ctx context.Context, c Change, slug string, expect, want model.Pilot) (model.Pilot, error) {
	return s.UpdatePilot(ctx, c, slug, func(p *model.Pilot) error {
		if !reflect.DeepEqual(Normalize(*p), Normalize(expect)) {
			return &ConflictError{Pilot: slug, Since: "that edit"}
		}
		*p = Normalize(want)
		return nil
	})
}

// DeletePilot removes a pilot and everything agreed about it with one audit
// entry holding the pilot as "before". When expect is not nil the stored
// pilot must still equal it (an undo of a create). A pilot with metric
// observations is refused: they are evidence, the schema ties them to the
// pilot, and stopping the pilot keeps both.
func (s *Store) DeletePilot(ctx context.Context, c Change, slug string, expect *model.Pilot) (model.Pilot, error) {
	var old model.Pilot
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		old, err = loadPilot(ctx, tx, slug)
		if err != nil {
			return err
		}
		if expect != nil && !reflect.DeepEqual(old, Normalize(*expect)) {
			return &ConflictError{Pilot: slug, Since: "it was created"}
		}
		obs, err := pilotObservations(ctx, tx, slug)
		if err != nil {
			return err
		}
		if obs > 0 {
			return fmt.Errorf("pilot %s %w (%d): they are evidence and cannot be deleted with it", slug, ErrHasObservations, obs)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM series WHERE pilot_id = (SELECT id FROM pilots WHERE slug = ?)", slug); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM drills WHERE pilot_id = (SELECT id FROM pilots WHERE slug = ?)", slug); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM pilots WHERE slug = ?", slug); err != nil {
			return err
		}
		e := c.entry(slug, "pilot")
		e.Before = pilotJSON(old)
		_, err = s.appendAudit(ctx, tx, e)
		return err
	})
	return old, err
}

// PilotObservationCount is how many metric observations pilot slug holds:
// a pilot that holds any cannot be deleted (DeletePilot refuses it with
// ErrHasObservations), so a front end can say so before asking.
func (s *Store) PilotObservationCount(ctx context.Context, slug string) (int64, error) {
	return pilotObservations(ctx, s.read(), slug)
}

func pilotObservations(ctx context.Context, q querier, slug string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(s.n), 0) FROM series s JOIN pilots p ON p.id = s.pilot_id WHERE p.slug = ?`, slug).Scan(&n)
	return n, err
}

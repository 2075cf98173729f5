package app

import (
	"context"

	"ringside/model"
	"ringside/model/rollout"
	"ringside/store"
)

// The store's types a front end handles, so the cockpit never imports the
// store: what an edit refused, what the calendar refused, an override,
// an audit entry and how to list them.
type (
	// InvalidPilotError is an edit refused field by field.
	InvalidPilotError = store.InvalidPilotError
	// WindowError is a ring move the change calendar refused.
	WindowError = store.WindowError
	// Override moves rings past the change calendar, with a reason (audited).
	Override = store.Override
	// AuditEntry is one entry of the audit log.
	AuditEntry = store.AuditEntry
	// AuditFilter narrows an audit listing.
	AuditFilter = store.AuditFilter
	// ConflictError is a change refused because the pilot changed since.
	ConflictError = store.ConflictError
	// Change is who makes a change, its audit action and summary, where it
	// came from and any calendar override: what every write takes.
	Change = store.Change
	// Origin is where a change came from.
	Origin = store.Origin
)

// The origins of a change (store.Origin).
const (
	OriginFile    = store.OriginFile
	OriginDemo    = store.OriginDemo
	OriginCockpit = store.OriginCockpit
	OriginCLI     = store.OriginCLI
)

// The refusals of a pilot edit a front end words the remedy for.
var (
	ErrNotFound        = store.ErrNotFound        // a pilot (or other record) that does not exist
	ErrExists          = store.ErrExists          // a new pilot's slug is taken
	ErrHasObservations = store.ErrHasObservations // a pilot to delete holds evidence
)

// ReadPilot reads one pilot as stored.
func (a *App) ReadPilot(ctx context.Context, slug string) (model.Pilot, error) {
	return a.store.Pilot(ctx, slug)
}

// ReadPilots reads every pilot as stored, sorted by slug.
func (a *App) ReadPilots(ctx context.Context) ([]model.Pilot, error) { return a.store.Pilots(ctx) }

// ReadPilotsListed reads every pilot with only what a list of them shows
// before anything is judged: slug, name, stage, owners and risks.
func (a *App) ReadPilotsListed(ctx context.Context) ([]model.Pilot, error) {
	return a.store.PilotsListed(ctx)
}

// CreatePilot stores a new pilot with one audit entry.
func (a *App) CreatePilot(ctx context.Context, c Change, p model.Pilot) (model.Pilot, error) {
	return a.store.CreatePilot(ctx, c, p)
}

// EditPilot changes one pilot in one transaction with one audit entry,
// validated, keeping a locked hypothesis's revisions; it returns the pilot
// before and after the change, both read in that transaction.
func (a *App) EditPilot(ctx context.Context, c Change, slug string, change func(p *model.Pilot) error) (before, after model.Pilot, err error) {
	return a.store.EditPilot(ctx, c, slug, change)
}

// RestorePilot writes want back over the stored pilot while it is still
// expect (an undo never overwrites a change made since).
func (a *App) RestorePilot(ctx context.Context, c Change, slug string, expect, want model.Pilot) (model.Pilot, error) {
	return a.store.RestorePilot(ctx, c, slug, expect, want)
}

// DeletePilot deletes a pilot (while it is still expect, when given).
func (a *App) DeletePilot(ctx context.Context, c Change, slug string, expect *model.Pilot) (model.Pilot, error) {
	return a.store.DeletePilot(ctx, c, slug, expect)
}

// PilotObservationCount is how many metric observations pilot slug holds;
// DeletePilot refuses a pilot that holds any (ErrHasObservations).
func (a *App) PilotObservationCount(ctx context.Context, slug string) (int64, error) {
	return a.store.PilotObservationCount(ctx, slug)
}

// UpdatePilot changes one pilot in one transaction with one audit entry.
func (a *App) UpdatePilot(ctx context.Context, c Change, slug string, change func(p *model.Pilot) error) (model.Pilot, error) {
	return a.store.UpdatePilot(ctx, c, slug, change)
}

// Audit lists audit entries, newest first.
func (a *App) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	return a.store.Audit(ctx, f)
}

// PortfolioCalendar is the portfolio's change calendar, nil when it has none.
func (a *App) PortfolioCalendar(ctx context.Context) (*model.Calendar, error) {
	return a.store.Calendar(ctx)
}

// EditCalendar changes the portfolio's change calendar in one transaction
// with one audit entry (calendar.update), validated as the portfolio
// file's `calendar:` is (rollout.FromModel: rules, times, zones, days),
// each error naming its field as calendar.windows[N].zone; a refused or
// unchanged calendar writes nothing.
func (a *App) EditCalendar(ctx context.Context, c Change, change func(cal *model.Calendar) error) (before, after *model.Calendar, err error) {
	c.Action = model.ActionCalendarUpdate
	return a.store.EditCalendar(ctx, c, func(cal *model.Calendar) error {
		if err := change(cal); err != nil {
			return err
		}
		return ValidCalendar(cal)
	})
}

// ValidCalendar checks a calendar (the portfolio's or a pilot's) as the
// portfolio file's reader does, field by field: nil when it is valid or
// empty, else an InvalidPilotError whose paths start calendar.
func ValidCalendar(cal *model.Calendar) error {
	if cal.IsZero() {
		return nil
	}
	if _, errs := rollout.FromModel(*cal); len(errs) > 0 {
		for i := range errs {
			errs[i].Path = "calendar." + errs[i].Path
		}
		return &InvalidPilotError{Errs: errs}
	}
	return nil
}

// CalendarHeadline is the dashboard's change-calendar line as of asOf: the
// freeze in force, the window open now, or the next one.
func (a *App) CalendarHeadline(ctx context.Context, asOf model.Date) string {
	c, err := a.store.Calendar(ctx)
	if err != nil {
		return "change calendar unreadable: " + err.Error()
	}
	if c == nil {
		return "no change calendar: rings may move at any time (add calendar: to the portfolio file)"
	}
	cal, _ := rollout.FromModel(*c)
	return cal.Headline(rollout.Moment(a.now(), asOf))
}

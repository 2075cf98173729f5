package common

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
)

// The session's undo: every save from a form pushes what it changed; u
// writes the inverse of the newest as a new audited edit (action "undo"),
// so the audit log stays append-only and shows both.

type undoKind int

const (
	undoEdit   undoKind = iota // put before back over after
	undoCreate                 // delete the created pilot
	undoDelete                 // re-create the deleted pilot
)

type undoEntry struct {
	kind    undoKind
	slug    string
	summary string      // what the edit did, e.g. "added KPI nps to claims-triage"
	before  model.Pilot // the pilot before the edit (a delete: the deleted pilot)
	after   model.Pilot // the pilot the edit wrote (a create: the created pilot)
}

// undoStack holds this session's edits, newest last. Its zero value is empty.
type undoStack struct{ entries []undoEntry }

func (u *undoStack) Push(e undoEntry) { u.entries = append(u.entries, e) }

func (u *undoStack) pop() (undoEntry, bool) {
	if len(u.entries) == 0 {
		return undoEntry{}, false
	}
	e := u.entries[len(u.entries)-1]
	u.entries = u.entries[:len(u.entries)-1]
	return e, true
}

// undoLast undoes the newest edit of the session. The footer says what was
// undone, or why it could not be (the pilot changed since, for one).
func UndoLast(c *Common) tea.Cmd {
	e, ok := c.Undo.pop()
	if !ok {
		return func() tea.Msg { return StatusMsg{"nothing to undo"} }
	}
	s, actor := c.Opt.App, c.Opt.Actor
	return func() tea.Msg {
		ctx := context.Background()
		summary := "undo: " + e.summary
		var err error
		switch e.kind {
		case undoEdit:
			_, err = s.RestorePilot(ctx, change(actor, model.ActionUndo, summary), e.slug, e.after, e.before)
		case undoCreate:
			_, err = s.DeletePilot(ctx, change(actor, model.ActionUndo, summary), e.slug, &e.after)
		case undoDelete:
			_, err = s.CreatePilot(ctx, change(actor, model.ActionUndo, summary), e.before)
		}
		var ce *app.ConflictError
		switch {
		case errors.As(err, &ce) && e.kind == undoCreate:
			return StatusMsg{"could not undo " + e.summary + ": " + err.Error() + ": undo would lose the newer change, so delete it by hand instead"}
		case errors.As(err, &ce):
			return StatusMsg{"could not undo " + e.summary + ": " + err.Error() + ": undo would overwrite the newer change, so edit it by hand instead"}
		case err != nil:
			return StatusMsg{"could not undo " + e.summary + ": " + err.Error()}
		}
		return ChangedMsg{"undone: " + e.summary}
	}
}

// change is an edit made in the cockpit by actor.
func change(actor, action, summary string) app.Change {
	return app.Change{Actor: actor, Action: action, Summary: summary, Origin: app.OriginCockpit}
}

// CockpitChange is an edit made in the cockpit by c's actor, audited as
// action with summary.
func CockpitChange(c *Common, action, summary string) app.Change {
	return change(c.Opt.Actor, action, summary)
}

// saveEdit returns the command that edits one pilot through
// app.EditPilot (one transaction, one audit entry, validated) and
// reports it as a formDone carrying its undo.
func SaveEdit(c *Common, slug, action, summary string, change func(p *model.Pilot) error) tea.Cmd {
	return saveEditOverriding(c, "", slug, action, summary, change)
}

// saveEditOverriding is saveEdit with the change calendar overridden for
// reason (none when ""). A ring move the calendar refuses comes back with
// a way to retry it overridden, which the form offers (override.go).
func saveEditOverriding(c *Common, reason, slug, action, summary string, change func(p *model.Pilot) error) tea.Cmd {
	return SaveChange(c, reason, slug, summary, func(ctx context.Context, a *app.App, o *app.Override) (model.Pilot, model.Pilot, error) {
		ch := CockpitChange(c, action, summary)
		ch.Override = o
		return a.EditPilot(ctx, ch, slug, change)
	})
}

// saveChange runs a use case that edits one pilot and returns it before and
// after (app.EditPilot, app.MoveRing), with the change calendar overridden
// for reason (none when ""; edit puts o in its Change), and reports it as
// a formDone carrying its undo. A ring move the calendar refuses comes back with a way to retry it
// overridden, which the form offers (override.go).
func SaveChange(c *Common, reason, slug, summary string, edit func(ctx context.Context, a *app.App, o *app.Override) (before, after model.Pilot, err error)) tea.Cmd {
	a := c.Opt.App
	return func() tea.Msg {
		var o *app.Override
		if reason != "" {
			o = &app.Override{Reason: reason}
		}
		before, after, err := edit(context.Background(), a, o)
		if err != nil {
			var we *app.WindowError
			if errors.As(err, &we) && reason == "" {
				return FormDone{Err: err, Override: func(reason string) tea.Cmd {
					return SaveChange(c, reason, slug, summary, edit)
				}}
			}
			return FormDone{Err: err}
		}
		if reflect.DeepEqual(before, after) {
			return FormDone{Status: "nothing changed: nothing written"} // the store wrote no entry
		}
		if reason != "" {
			summary += " (calendar overridden: " + reason + ")"
		}
		return FormDone{Status: summary, Undo: &undoEntry{kind: undoEdit, slug: slug, summary: summary, before: before, after: after}}
	}
}

// saveCreate stores a new pilot.
func SaveCreate(c *Common, p model.Pilot) tea.Cmd {
	s, actor, edit := c.Opt.App, c.Opt.Actor, Named(c.Keys.Edit)
	summary := "created pilot " + p.Slug
	return func() tea.Msg {
		after, err := s.CreatePilot(context.Background(), change(actor, model.ActionPilotCreate, summary), p)
		if errors.Is(err, app.ErrExists) {
			err = fmt.Errorf("%w: choose another slug, or open it and press %s to edit it", err, edit)
		}
		if err != nil {
			return FormDone{Err: err}
		}
		return FormDone{Status: summary, Undo: &undoEntry{kind: undoCreate, slug: p.Slug, summary: summary, after: after}}
	}
}

// SaveCalendar edits the portfolio's change calendar (app.EditCalendar:
// one transaction, one calendar.update entry, validated as the portfolio
// file's calendar) and reports it as a FormDone; there is no undo entry,
// the audit log keeps the calendar before and after.
func SaveCalendar(c *Common, summary string, edit func(cal *model.Calendar) error) tea.Cmd {
	a := c.Opt.App
	return func() tea.Msg {
		if _, _, err := a.EditCalendar(context.Background(), CockpitChange(c, model.ActionCalendarUpdate, summary), edit); err != nil {
			return FormDone{Err: err}
		}
		return FormDone{Status: summary}
	}
}

// saveDelete deletes a pilot.
func SaveDelete(c *Common, slug string) tea.Cmd {
	s, actor := c.Opt.App, c.Opt.Actor
	summary := "deleted pilot " + slug
	return func() tea.Msg {
		before, err := s.DeletePilot(context.Background(), change(actor, model.ActionPilotDelete, summary), slug, nil)
		if errors.Is(err, app.ErrHasObservations) {
			err = fmt.Errorf("%w; stop the pilot instead (stage stopped)", err)
		}
		if err != nil {
			return FormDone{Err: err}
		}
		return FormDone{Status: summary, Undo: &undoEntry{kind: undoDelete, slug: slug, summary: summary, before: before}}
	}
}

// created remembers what a form just created, so the reload that shows
// it selects it: a pilot on the dashboard, a KPI or a risk in its tab.
type Created struct {
	Slug string // a new pilot
	KPI  string // a new KPI's key (of slug)
	Risk string // a new risk's title (of slug)
}

// noteCreated reads what an edit created from its undo entry.
func (c *Common) NoteCreated(e undoEntry) {
	switch e.kind {
	case undoCreate:
		c.Created = Created{Slug: e.slug}
	case undoEdit:
		c.Created = Created{}
		for _, k := range e.after.KPIs {
			if _, ok := e.before.KPI(k.Key); !ok {
				c.Created = Created{Slug: e.slug, KPI: k.Key}
			}
		}
		for _, r := range e.after.Risks {
			if !hasRisk(e.before.Risks, r.Title) {
				c.Created = Created{Slug: e.slug, Risk: r.Title}
			}
		}
	}
}

func hasRisk(rs []model.Risk, title string) bool {
	for _, r := range rs {
		if r.Title == title {
			return true
		}
	}
	return false
}

// formDone is the outcome of a save started by a form.
type FormDone struct {
	Status string     // the footer line on success, e.g. "saved KPI triage_min"
	Undo   *undoEntry // what u will undo; nil when nothing changed
	Err    error
	// override, when set, retries a save the change calendar refused,
	// overridden with a reason the user gives (override.go).
	Override func(reason string) tea.Cmd
}

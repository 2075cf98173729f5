package review

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
)

// reviewState is what the meeting shows, read fresh after every step.
type reviewState struct {
	in assess.Input
	r  gates.Readiness
	RV model.GateReview // the meeting: stored when resumed is true
	// resumed says the meeting was found stored (a meeting cut short, or
	// today's decided one).
	resumed bool
}

// reviewLoaded carries the meeting's state; status, when set, says what
// the step that led to it did.
type reviewLoaded struct {
	slug   string
	gate   model.GateID
	st     *reviewState
	err    error
	status string
}

// reviewExported says where the checklist and minutes went.
type reviewExported struct {
	files []string
	err   error
}

// readReview reads the pilot, judges the gate and finds the meeting.
func readReview(a *app.App, slug string, id model.GateID, day model.Date) (*reviewState, error) {
	m, err := a.Meeting(context.Background(), slug, id, day)
	if err != nil {
		return nil, err
	}
	return &reviewState{in: m.Input, r: m.Readiness, RV: m.Review, resumed: m.Resumed}, nil
}

// loadReview reads the meeting in a command.
func loadReview(a *app.App, slug string, id model.GateID, day model.Date) tea.Cmd {
	return func() tea.Msg {
		st, err := readReview(a, slug, id, day)
		return reviewLoaded{slug: slug, gate: id, st: st, err: err}
	}
}

// saveReview runs one step of the meeting as one transaction and one audit
// entry, then reads the meeting again so the room sees what is stored.
// status says what the step did; it is asked after the change ran.
func (v *Screen) saveReview(action, summary string, status func() string, change func(p *model.Pilot) error) tea.Cmd {
	return v.saveStep(status, func(a *app.App) error {
		_, err := a.UpdatePilot(context.Background(), app.Change{Actor: v.c.Opt.Actor, Action: action, Summary: summary, Origin: app.OriginCockpit}, v.slug, change)
		return err
	})
}

// saveStep runs one step of the meeting through a use case of app (a
// sign-off, a decision: judged inside the write that records them), then
// reads the meeting again.
func (v *Screen) saveStep(status func() string, step func(a *app.App) error) tea.Cmd {
	a, slug, id, day := v.c.Opt.App.WithClock(v.c.Now), v.slug, v.gate, v.c.Opt.AsOf
	return func() tea.Msg {
		if err := step(a); err != nil {
			return reviewLoaded{slug: slug, gate: id, err: fmt.Errorf("not saved: %w", err)}
		}
		st, err := readReview(a, slug, id, day)
		return reviewLoaded{slug: slug, gate: id, st: st, err: err, status: status()}
	}
}

// editMeeting saves a change to the undecided meeting record.
func (v *Screen) editMeeting(summary, status string, change func(*model.GateReview) error) tea.Cmd {
	id, date := v.gate, v.State.RV.Date
	return v.saveReview(model.ActionReview, fmt.Sprintf("%s review under way: %s", id, summary), fixed(status), func(p *model.Pilot) error {
		return gates.EditMeeting(p, id, date, change)
	})
}

// reviewFileNames are the export names: checklist-SLUG-G3-DATE.md and minutes-SLUG-G3-DATE.md.
func reviewFileNames(slug string, id model.GateID, day model.Date) (checklist, minutes string) {
	base := fmt.Sprintf("%s-%s-%s.md", slug, id, day)
	return "checklist-" + base, "minutes-" + base
}

// exportReview writes the checklist (exactly what `ringside export checklist
// --format md` writes for the same database and clock) and the minutes of
// the meeting dated day into dir, reading everything fresh.
func exportReview(a *app.App, slug string, id model.GateID, asOf, day model.Date, dir string, now time.Time) tea.Cmd {
	a = a.WithClock(func() time.Time { return now })
	return func() tea.Msg {
		ctx := context.Background()
		c, err := a.Checklist(ctx, slug, id, asOf)
		if err != nil {
			return reviewExported{err: err}
		}
		m, err := a.Minutes(ctx, slug, id, asOf, day)
		if err != nil {
			return reviewExported{err: err}
		}
		if dir == "" {
			if dir, err = os.Getwd(); err != nil {
				return reviewExported{err: err}
			}
		}
		cl, mn := reviewFileNames(slug, id, day)
		files := []string{filepath.Join(dir, cl), filepath.Join(dir, mn)}
		if err := app.WriteReviewFiles(files[0], files[1], c, m); err != nil {
			return reviewExported{err: err}
		}
		return reviewExported{files: files}
	}
}

// fixed is a status known before the step runs.
func fixed(s string) func() string { return func() string { return s } }

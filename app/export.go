package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"ringside/exporters"
	"ringside/model"
	"ringside/model/gates"
)

// Checklist builds a gate's acceptance checklist as of asOf, stamped now
// and anchored to the audit chain's head: what `ringside export checklist`
// and the cockpit's review export both write.
func (a *App) Checklist(ctx context.Context, slug string, id model.GateID, asOf model.Date) (exporters.Checklist, error) {
	g, err := a.Gate(ctx, slug, id, asOf)
	if err != nil {
		return exporters.Checklist{}, err
	}
	seq, head, err := a.anchor(ctx)
	if err != nil {
		return exporters.Checklist{}, err
	}
	p := g.Input.Pilot
	return exporters.Checklist{Readiness: g.Readiness, PilotName: p.Name, Stage: string(p.Stage),
		Review: gates.LatestReview(p, id), HeadHash: head, Seq: seq, ExportedAt: a.exportedAt()}, nil
}

// anchor is the audit chain's head: its sequence number and hash (0 and
// the genesis hash for an empty chain), which every export carries so a
// copy kept elsewhere anchors the chain.
func (a *App) anchor(ctx context.Context) (int64, string, error) { return a.store.Head(ctx) }

// Minutes builds the minutes of the review of gate id held on day, judged
// as of asOf; an error when no such review is stored.
func (a *App) Minutes(ctx context.Context, slug string, id model.GateID, asOf, day model.Date) (exporters.Minutes, error) {
	g, err := a.Gate(ctx, slug, id, asOf)
	if err != nil {
		return exporters.Minutes{}, err
	}
	seq, head, err := a.anchor(ctx)
	if err != nil {
		return exporters.Minutes{}, err
	}
	for _, rv := range g.Input.Pilot.Reviews {
		if rv.Gate == id && rv.Date == day {
			return minutesOf(g.Input.Pilot, rv, g.Readiness, seq, head, a.exportedAt()), nil
		}
	}
	return exporters.Minutes{}, fmt.Errorf("no %s review of %s is stored yet: pick the attendees first", id, day)
}

// MinutesOf builds the minutes of a review just recorded (RecordReview's
// result), anchored to the audit head as it stands now.
func (a *App) MinutesOf(ctx context.Context, d Decided) (exporters.Minutes, error) {
	seq, head, err := a.anchor(ctx)
	if err != nil {
		return exporters.Minutes{}, err
	}
	return minutesOf(&d.Pilot, d.Review, d.Readiness, seq, head, a.exportedAt()), nil
}

func minutesOf(p *model.Pilot, rv model.GateReview, r gates.Readiness, seq int64, head string, at time.Time) exporters.Minutes {
	return exporters.Minutes{PilotName: p.Name, Review: rv, Readiness: r, HeadHash: head, Seq: seq, ExportedAt: at}
}

// exportedAt is an export's stamp: now, UTC, to the second.
func (a *App) exportedAt() time.Time { return a.now().UTC().Truncate(time.Second) }

// Bundle is the checklist and, for each of its sign-offs that is signed,
// the statement rebuilt from the sign-off and its signature: what
// `ringside export checklist --format bundle` writes for an auditor.
func (a *App) Bundle(ctx context.Context, slug string, id model.GateID, asOf model.Date) (exporters.Checklist, []exporters.BundleSignoff, error) {
	c, err := a.Checklist(ctx, slug, id, asOf)
	if err != nil {
		return c, nil, err
	}
	var signed []exporters.BundleSignoff
	for _, s := range c.Readiness.Signoffs {
		if s.Signature == "" {
			continue
		}
		at, err := time.Parse(time.RFC3339, s.At)
		if err != nil {
			return c, nil, fmt.Errorf("the %s sign-off's time %q: %v", s.Role, s.At, err)
		}
		so := model.Signoff{Gate: id, Role: model.Role(s.Role), Person: s.Person, Decision: model.Decision(s.Decision),
			Meaning: s.Meaning, Comment: s.Comment, At: at, ChecklistHash: s.ChecklistHash}
		stmt, err := model.SignoffStatement(c.Readiness.Pilot, so)
		if err != nil {
			return c, nil, err
		}
		signed = append(signed, exporters.BundleSignoff{Role: s.Role, Person: s.Person, Statement: stmt, Signature: s.Signature})
	}
	return c, signed, nil
}

// WriteReviewFiles writes a gate review's checklist (Markdown) and minutes
// to their two paths, each atomically: what the meeting's export writes.
func WriteReviewFiles(checklistPath, minutesPath string, c exporters.Checklist, m exporters.Minutes) error {
	if err := exporters.WriteFileAtomic(checklistPath, func(f io.Writer) error { return exporters.WriteChecklist(f, c, "md") }); err != nil {
		return err
	}
	return exporters.WriteFileAtomic(minutesPath, func(f io.Writer) error { return exporters.WriteMinutes(f, m) })
}

package gates

import (
	"fmt"
	"strings"
	"time"

	"ringside/model"
)

// A gate review held in the cockpit is saved step by step, so a meeting cut
// short (terminal closed, power lost) resumes where it stopped. While under
// way it is a GateReview with Decision "" holding the attendees, notes,
// conditions and action items; RecordReview decides it.

// Meeting returns the review a meeting of gate id on day works on: the
// newest review of the gate if it is still undecided (whatever day it
// began) or was decided on day (its summary is shown again), else a new,
// unsaved one dated day. resumed reports whether it was found stored.
func Meeting(p *model.Pilot, id model.GateID, day model.Date) (rv model.GateReview, resumed bool) {
	if last := LatestReview(p, id); last != nil && (last.Decision == "" || last.Date == day) {
		return copyReview(*last), true
	}
	return model.GateReview{Gate: id, Date: day}, false
}

func copyReview(r model.GateReview) model.GateReview {
	r.Attendees = append([]string(nil), r.Attendees...)
	r.Conditions = append([]string(nil), r.Conditions...)
	r.Actions = append([]model.ActionItem(nil), r.Actions...)
	if r.Notes != nil {
		notes := make(map[string]string, len(r.Notes))
		for k, v := range r.Notes {
			notes[k] = v
		}
		r.Notes = notes
	}
	return r
}

// EditMeeting applies change to the stored undecided review of gate id
// dated day, creating it when it is not stored yet. A decided review is
// not edited: the meeting is over.
func EditMeeting(p *model.Pilot, id model.GateID, day model.Date, change func(*model.GateReview) error) error {
	for i := range p.Reviews {
		r := &p.Reviews[i]
		if r.Gate == id && r.Date == day {
			if r.Decision != "" {
				return fmt.Errorf("the %s review of %s is decided (%s): start a new review another day", id, day, r.Decision)
			}
			return change(r)
		}
	}
	r := model.GateReview{Gate: id, Date: day}
	if err := change(&r); err != nil {
		return err
	}
	p.Reviews = append(p.Reviews, r)
	return nil
}

// SetNote sets (or, with empty text, removes) the note on a criterion.
func SetNote(r *model.GateReview, criterion, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		delete(r.Notes, criterion)
		return
	}
	if r.Notes == nil {
		r.Notes = map[string]string{}
	}
	r.Notes[criterion] = text
}

// plan returns the pilot's plan for gate id, adding an empty one if needed.
func plan(p *model.Pilot, id model.GateID) *model.GatePlan {
	for i := range p.Gates {
		if p.Gates[i].Gate == id {
			return &p.Gates[i]
		}
	}
	p.Gates = append(p.Gates, model.GatePlan{Gate: id})
	return &p.Gates[len(p.Gates)-1]
}

// Waive sets a criterion of gate id aside with a reason and the role that
// granted the waiver, into the pilot's gate plan, and checks the plan still
// stands (a known criterion, not dropped, not waived twice).
func Waive(p *model.Pilot, id model.GateID, criterion, reason string, role model.Role) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("a waiver needs a reason: say why the criterion does not have to be met")
	}
	if err := model.OneOf("role", role, model.Roles); err != nil {
		return err
	}
	if _, ok := waiverOf(*plan(p, id), criterion); ok {
		return fmt.Errorf("%s is already waived", criterion)
	}
	pl := plan(p, id)
	pl.Waivers = append(pl.Waivers, model.Waiver{Criterion: criterion, Reason: reason, Role: role})
	_, err := Criteria(p, id)
	return err
}

// Tick records that a person confirmed a manual criterion, with evidence.
func Tick(p *model.Pilot, id model.GateID, criterion, by, evidence string, at time.Time) error {
	evidence = strings.TrimSpace(evidence)
	if evidence == "" {
		return fmt.Errorf("a tick needs its evidence: what shows the criterion is met (a document, minutes, a link)")
	}
	cs, err := Criteria(p, id)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == criterion {
			if c.Kind != model.KindManual {
				return fmt.Errorf("%s is a %s criterion: only manual criteria are ticked by hand", criterion, c.Kind)
			}
			pl := plan(p, id)
			pl.Ticks = append(pl.Ticks, model.ManualTick{Criterion: criterion, By: by, At: at.UTC().Truncate(time.Second), Evidence: evidence})
			return nil
		}
	}
	return fmt.Errorf("gate %s has no criterion %q", id, criterion)
}

// ResumeAt is where a meeting's agenda picks up: the criterion after the
// last one (in agenda order) that carries a note, or 0 when none does;
// len(criteria) means every criterion was discussed. Waivers and ticks made
// in the meeting leave a note too, so they count.
func ResumeAt(r model.GateReview, criteria []CriterionResult) int {
	at := 0
	for i, c := range criteria {
		if r.Notes[c.ID] != "" {
			at = i + 1
		}
	}
	return at
}

package form

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/ui/common"
)

// newPilotForm creates a pilot: slug, name, stage, hypothesis and its lock.
func NewPilotForm(c *common.Common) *Screen {
	var slug, name, hyp string
	stage := model.StageIdea
	var lock bool
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			input("Slug", &slug, func(s string) error { return model.ValidSlug(s) }).
				Description("stable id for files and commands: lowercase letters, digits, '-'"),
			input("Name", &name, required("name")),
			pick("Stage", &stage, model.Stages),
			huh.NewText().Title("Hypothesis").Description("the problem and the measurable outcome").Lines(3).Value(&hyp).Validate(printable),
			huh.NewConfirm().Title("Lock the hypothesis?").Description("once locked, a change needs a reason and keeps the old text").
				Affirmative("Lock").Negative("Not yet").Value(&lock),
		))
	}
	return New(c, "New pilot", build, func() tea.Cmd {
		// a new pilot enters its stage the day it is created, so the
		// dashboard can count its days in stage from the start
		p := model.Pilot{Slug: strings.TrimSpace(slug), Name: strings.TrimSpace(name), Stage: stage, StageSince: c.Opt.AsOf,
			Hypothesis: model.Hypothesis{Text: strings.TrimSpace(hyp), Locked: lock}}
		return common.SaveCreate(c, p)
	})
}

// editPilotForm edits name, stage and hypothesis. Changing a locked
// hypothesis asks for a reason (the store keeps the old text as a
// revision); moving to stopped asks for confirmation first.
func EditPilotForm(c *common.Common, p model.Pilot) *Screen {
	name, stage, hyp, reason := p.Name, p.Stage, p.Hypothesis.Text, ""
	lock := p.Hypothesis.Locked
	wasLocked := p.Hypothesis.Locked
	changedLocked := func() bool { return wasLocked && strings.TrimSpace(hyp) != p.Hypothesis.Text }
	// A stage moves only through a recorded gate decision: the
	// form offers the stage as it is, and stopping the pilot.
	stages := []model.Stage{p.Stage}
	if p.Stage != model.StageStopped {
		stages = append(stages, model.StageStopped)
	}
	build := func() *huh.Form {
		main := []huh.Field{
			input("Name", &name, required("name")),
			pick("Stage", &stage, stages).Description("moves only through a gate review (" + common.Named(c.Keys.Review) + "); here it can only stop"),
			huh.NewText().Title("Hypothesis").Lines(3).Value(&hyp).Validate(printable).
				DescriptionFunc(func() string {
					if wasLocked {
						return "locked: changing it asks why, and keeps the old text as a revision"
					}
					return "the problem and the measurable outcome"
				}, &hyp),
		}
		if !wasLocked {
			main = append(main, huh.NewConfirm().Title("Lock the hypothesis?").Affirmative("Lock").Negative("Not yet").Value(&lock))
		}
		return huh.NewForm(
			huh.NewGroup(main...),
			huh.NewGroup(input("Why does the locked hypothesis change?", &reason, required("a reason")).
				Description("kept with the old text as a revision")).WithHideFunc(func() bool { return !changedLocked() }),
		)
	}
	title := "Edit pilot · " + p.Slug
	var f *Screen
	f = New(c, title, build, func() tea.Cmd {
		summary := "edited pilot " + p.Slug
		action := model.ActionPilotEdit
		if stage != p.Stage {
			summary += " (stage " + string(p.Stage) + " → " + string(stage) + ")"
		}
		if changedLocked() {
			action, summary = model.ActionHypothesisRevise, "revised the locked hypothesis of "+p.Slug+": "+strings.TrimSpace(reason)
		}
		save := common.SaveEdit(c, p.Slug, action, summary, func(q *model.Pilot) error {
			q.Name = strings.TrimSpace(name)
			if q.Stage != stage {
				q.Stage = stage
				q.StageSince = c.Opt.AsOf
			}
			q.Hypothesis.Text = strings.TrimSpace(hyp)
			q.Hypothesis.Locked = lock
			if changedLocked() {
				q.Hypothesis.Reason = strings.TrimSpace(reason)
			}
			return nil
		})
		if stage == model.StageStopped && p.Stage != model.StageStopped {
			return Chain(NewConfirm(c, "Stop pilot · "+p.Slug, "Stop "+p.Slug+"?",
				"its stage becomes stopped; "+undoes(c), func() tea.Cmd { return save }))
		}
		return save
	})
	return f
}

// DeletePilotConfirm asks before deleting a pilot. A pilot holding
// metric observations cannot be deleted (they are evidence): the dialog
// says so up front, with the count, and offers to stop the pilot instead,
// which keeps both; a stopped one has nothing left to offer.
func DeletePilotConfirm(c *common.Common, p model.Pilot, observations int64) *Screen {
	slug := p.Slug
	title := "Delete pilot · " + slug
	if observations == 0 {
		return NewConfirm(c, title, "Delete pilot "+slug+" and everything agreed about it?",
			"the audit log keeps it; "+common.Named(c.Keys.Undo)+" undoes the delete in this session", func() tea.Cmd { return common.SaveDelete(c, slug) })
	}
	why := fmt.Sprintf("%s holds %s observation%s: they are the evidence its gates and audit rest on, so it cannot be deleted.",
		slug, humanCount(observations), common.Plural(int(min(observations, 2))))
	if p.Stage == model.StageStopped {
		build := func() *huh.Form {
			return huh.NewForm(huh.NewGroup(huh.NewNote().Title("Pilot " + slug + " cannot be deleted").
				Description(why + "\n\nIt is stopped already, which keeps it and its evidence out of the way. " + Closes(c) + ".").Next(true)))
		}
		return New(c, title, build, func() tea.Cmd { return common.CloseTop(title + ": not deleted, it holds evidence") })
	}
	stop := common.SaveEdit(c, slug, model.ActionPilotEdit, "edited pilot "+slug+" (stage "+string(p.Stage)+" → stopped)", func(q *model.Pilot) error {
		if q.Stage != model.StageStopped {
			q.Stage = model.StageStopped
			q.StageSince = c.Opt.AsOf
		}
		return nil
	})
	return NewConfirm(c, title, "Pilot "+slug+" cannot be deleted. Stop it instead?",
		why+" Stopping it (stage stopped) keeps the pilot and its evidence; "+undoes(c)+".", func() tea.Cmd { return stop })
}

// humanCount writes n with thousands separators: 13,176.
func humanCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ownersForm names a person for every role; blank removes the role's owner.
func OwnersForm(c *common.Common, p model.Pilot) *Screen {
	people := make([]string, len(model.Roles))
	for i, r := range model.Roles {
		people[i] = p.Owners[r]
	}
	build := func() *huh.Form {
		fields := make([]huh.Field, len(model.Roles))
		for i, r := range model.Roles {
			fields[i] = input(strings.ReplaceAll(string(r), "_", " "), &people[i], printable)
		}
		return huh.NewForm(huh.NewGroup(fields...))
	}
	return New(c, "Owners · "+p.Slug, build, func() tea.Cmd {
		return common.SaveEdit(c, p.Slug, model.ActionOwnersEdit, "edited the owners of "+p.Slug, func(q *model.Pilot) error {
			q.Owners = map[model.Role]string{}
			for i, r := range model.Roles {
				if v := strings.TrimSpace(people[i]); v != "" {
					q.Owners[r] = v
				}
			}
			return nil
		})
	})
}

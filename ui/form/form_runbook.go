package form

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/ui/common"
)

// runbookForm adds a runbook (at = -1) or edits runbook at. The Markdown
// body is a huh Text field; with $EDITOR set, ctrl+e opens it there.
func RunbookForm(c *common.Common, p model.Pilot, at int) *Screen {
	rb := model.Runbook{Kind: model.RunbookRollback}
	if at >= 0 {
		rb = p.Runbooks[at]
	}
	orig := rb
	title, kind, target, body := rb.Title, rb.Kind, numText(rb.TargetRestoreMin), rb.Body
	build := func() *huh.Form {
		text := huh.NewText().Title("Body (Markdown, numbered steps)").Lines(8).Value(&body).Validate(func(s string) error {
			if model.HasControl(s) {
				return fmt.Errorf("contains a control character: use printable text")
			}
			return nil
		})
		k := c.Keys
		if ed, ok := common.EditorCommand(); ok {
			text = text.ExternalEditor(true).Editor(ed...).EditorExtension("md").Description(k.Editor.Help().Key + " opens " + ed[0] + " · " + k.NewLine.Help().Key + " new line")
		} else {
			text = text.ExternalEditor(false).Description(newLineKeys(c) + ": new line (set $EDITOR to write it in your editor)")
		}
		return huh.NewForm(huh.NewGroup(
			input("Title", &title, required("title")),
			pick("Kind", &kind, model.RunbookKinds),
			input("Target restore (minutes)", &target, number(0, 0, 1e9, "minutes, 0 or more")).Description("blank: no target"),
			text,
		))
	}
	screenTitle, action := "New runbook · "+p.Slug, model.ActionRunbookCreate
	if at >= 0 {
		screenTitle, action = "Edit runbook · "+p.Slug, model.ActionRunbookEdit
	}
	return New(c, screenTitle, build, func() tea.Cmd {
		next := model.Runbook{Title: strings.TrimSpace(title), Kind: kind, Body: body, Drills: orig.Drills}
		next.TargetRestoreMin, _ = parseNum(target, 0, 0, 1e9, "")
		summary := "added runbook " + strconv.Quote(next.Title) + " to " + p.Slug
		if at >= 0 {
			summary = "edited runbook " + strconv.Quote(next.Title) + " of " + p.Slug
		}
		return common.SaveEdit(c, p.Slug, action, summary, func(q *model.Pilot) error {
			if at < 0 {
				q.Runbooks = append(q.Runbooks, next)
				return nil
			}
			i, err := common.StillThere(&c.Keys, q.Runbooks, at, orig, "runbook "+strconv.Quote(orig.Title))
			if err != nil {
				return err
			}
			q.Runbooks[i] = next
			return nil
		})
	})
}

// editBodyInEditor opens runbook at's body in $EDITOR (tea.ExecProcess
// hands it the terminal) and saves what comes back as one audited edit.
func EditBodyInEditor(c *common.Common, p model.Pilot, at int, editor []string) tea.Cmd {
	rb := p.Runbooks[at]
	f, err := os.CreateTemp("", "ringside-runbook-*.md")
	if err != nil {
		return func() tea.Msg {
			return common.FormDone{Err: fmt.Errorf("cannot write a temporary file for the editor: %w", err)}
		}
	}
	path := f.Name()
	_, werr := f.WriteString(rb.Body)
	f.Close()
	if werr != nil {
		os.Remove(path)
		return func() tea.Msg {
			return common.FormDone{Err: fmt.Errorf("cannot write a temporary file for the editor: %w", werr)}
		}
	}
	cmd := exec.Command(editor[0], append(editor[1:], path)...)
	return tea.ExecProcess(cmd, func(runErr error) tea.Msg {
		b, rerr := os.ReadFile(path)
		os.Remove(path)
		if runErr != nil || rerr != nil {
			return common.FormDone{Err: fmt.Errorf("the editor failed, so nothing was saved: %w", firstErr(runErr, rerr))}
		}
		body := string(b)
		if body == rb.Body {
			return common.FormDone{Status: "runbook unchanged: nothing saved"}
		}
		summary := "edited the body of runbook " + strconv.Quote(rb.Title) + " of " + p.Slug
		return startSave{common.SaveEdit(c, p.Slug, model.ActionRunbookEdit, summary, func(q *model.Pilot) error {
			i, err := common.StillThere(&c.Keys, q.Runbooks, at, rb, "runbook "+strconv.Quote(rb.Title))
			if err != nil {
				return err
			}
			q.Runbooks[i].Body = body
			return nil
		})}
	})
}

// startSave asks the saving screen on top to run a save (the body came
// back from the editor).
type startSave struct{ cmd tea.Cmd }

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// drillForm logs a drill entered by hand against one of the runbooks.
func DrillForm(c *common.Common, p model.Pilot, at int) *Screen {
	rb := max(at, 0)
	date, who, outcome, restore, notes := c.Opt.AsOf.String(), c.Opt.Actor, model.DrillSuccess, "", ""
	build := func() *huh.Form {
		var opts []huh.Option[int]
		for i, r := range p.Runbooks {
			opts = append(opts, huh.NewOption(model.Line(r.Title)+" ("+string(r.Kind)+")", i))
		}
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[int]().Title("Runbook").Options(opts...).Value(&rb),
			input("Date", &date, reqDate).Description("the day the drill ran, YYYY-MM-DD"),
			input("Who", &who, required("who ran it")),
			pick("Outcome", &outcome, model.DrillOutcomes),
			input("Time to restore (minutes)", &restore, number(0, 0, 1e9, "minutes, 0 or more")),
			input("Notes", &notes, printable),
		))
	}
	return New(c, "Log a drill · "+p.Slug, build, func() tea.Cmd {
		d := model.Drill{By: strings.TrimSpace(who), Outcome: outcome, Notes: strings.TrimSpace(notes)}
		d.Date, _ = parseDay(date)
		d.RestoreMin, _ = parseNum(restore, 0, 0, 1e9, "")
		want := p.Runbooks[rb]
		summary := fmt.Sprintf("logged a %s drill of runbook %q of %s", d.Outcome, want.Title, p.Slug)
		return common.SaveEdit(c, p.Slug, model.ActionDrillCreate, summary, func(q *model.Pilot) error {
			for i := range q.Runbooks {
				if q.Runbooks[i].Title == want.Title && q.Runbooks[i].Kind == want.Kind {
					q.Runbooks[i].Drills = append(q.Runbooks[i].Drills, d)
					return nil
				}
			}
			return fmt.Errorf("runbook %q is gone from %s: close this (%s) and reload", want.Title, p.Slug, common.Named(c.Keys.Cancel))
		})
	})
}

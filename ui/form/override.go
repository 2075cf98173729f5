package form

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// overrideForm is shown when the change calendar refuses a ring move: it
// says why and when the next window opens, and moves the ring anyway only
// with a reason, which the store audits. It is a step of the form that
// asked (its parent): esc goes back to that form with what was typed, and
// the ring is as it was until a reason is given.
func overrideForm(c *common.Common, refused error, retry func(reason string) tea.Cmd) *Screen {
	why := refused.Error()
	var we *app.WindowError
	if errors.As(refused, &we) {
		why = "Cannot " + we.Move + " ring " + we.Ring + " of " + we.Pilot + " now: " + we.Why + "."
	}
	var reason string
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewNote().Title("Outside the change calendar").Description(model.Line(why)+"\n\n"+common.Named(c.Keys.Cancel)+" goes back to the form (what you typed is kept); a reason saves it anyway and is audited."),
			input("Reason to move it now (audited)", &reason, required("a reason")),
		))
	}
	return New(c, "Override the change calendar", build, func() tea.Cmd { return retry(reason) })
}

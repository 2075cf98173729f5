package dashboard

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
)

// Where the forms open from on the dashboard: its keys and palette actions.

func (d *dashboard) formKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := d.c.Keys
	switch {
	case key.Matches(msg, k.New):
		return common.OpenForm(func(fs common.Forms) common.Screen { return fs.NewPilotForm(d.c) }), true
	case key.Matches(msg, k.Edit):
		if r, ok := d.selected(); ok {
			return common.OpenFormFor(d.c, r.Slug, func(fs common.Forms, p model.Pilot) common.Screen { return fs.EditPilotForm(d.c, p) }), true
		}
		return nil, true
	case key.Matches(msg, k.Delete):
		if r, ok := d.selected(); ok {
			return common.OpenDeletePilot(d.c, r.Slug), true
		}
		return nil, true
	case key.Matches(msg, k.Calendar):
		return common.OpenPortfolioCalendar(d.c), true
	case key.Matches(msg, k.Undo):
		return common.UndoLast(d.c), true
	}
	return nil, false
}

func (d *dashboard) formActions() []common.Action {
	as := []common.Action{
		{Name: "New pilot", Help: "create a pilot: slug, name, stage, hypothesis", Run: func() tea.Cmd {
			return common.OpenForm(func(fs common.Forms) common.Screen { return fs.NewPilotForm(d.c) })
		}},
		{Name: "Edit the change calendar", Help: "the portfolio's change windows and freezes, which govern every ring move", Run: func() tea.Cmd {
			return common.OpenPortfolioCalendar(d.c)
		}},
		{Name: "Undo last edit", Help: "write the inverse of this session's last edit", Run: func() tea.Cmd { return common.UndoLast(d.c) }},
	}
	if r, ok := d.selected(); ok {
		slug := r.Slug
		as = append(as,
			common.Action{Name: "Edit pilot", Help: "name, stage, hypothesis of " + slug, Run: func() tea.Cmd {
				return common.OpenFormFor(d.c, slug, func(fs common.Forms, p model.Pilot) common.Screen { return fs.EditPilotForm(d.c, p) })
			}},
			common.Action{Name: "Edit owners", Help: "who owns each role of " + slug, Run: func() tea.Cmd {
				return common.OpenFormFor(d.c, slug, func(fs common.Forms, p model.Pilot) common.Screen { return fs.OwnersForm(d.c, p) })
			}},
			common.Action{Name: "Delete pilot", Help: "delete " + slug + " (asks first; one holding observations can only be stopped)", Run: func() tea.Cmd {
				return common.OpenDeletePilot(d.c, slug)
			}})
	}
	return as
}

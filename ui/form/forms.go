package form

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
	"ringside/ui/common"
)

// Forms is this package's edit forms behind common.Forms: the root hands
// it to the OpenFormMsg a screen sends, so no screen imports ui/form.
type Forms struct{}

var _ common.Forms = Forms{}

func (Forms) NewPilotForm(c *common.Common) common.Screen { return NewPilotForm(c) }
func (Forms) EditPilotForm(c *common.Common, p model.Pilot) common.Screen {
	return EditPilotForm(c, p)
}
func (Forms) OwnersForm(c *common.Common, p model.Pilot) common.Screen { return OwnersForm(c, p) }
func (Forms) DeletePilotConfirm(c *common.Common, p model.Pilot, observations int64) common.Screen {
	return DeletePilotConfirm(c, p, observations)
}
func (Forms) PortfolioCalendar(c *common.Common, cal *model.Calendar) common.Screen {
	return PortfolioCalendar(c, cal)
}
func (Forms) RingForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return RingForm(c, p, at)
}
func (Forms) MoveRingForm(c *common.Common, p model.Pilot, ring string) common.Screen {
	return MoveRingForm(c, p, ring)
}
func (Forms) KPIForm(c *common.Common, p model.Pilot, at int) common.Screen { return KPIForm(c, p, at) }
func (Forms) RiskForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return RiskForm(c, p, at)
}
func (Forms) RunbookForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return RunbookForm(c, p, at)
}

// EditRunbookBody is a saving screen whose save runs the editor: the
// picker closes itself, then the editor takes the terminal.
func (Forms) EditRunbookBody(c *common.Common, p model.Pilot, at int, editor []string) common.Screen {
	s := Saving(c, "Edit runbook · "+p.Slug, nil)
	s.Start = EditBodyInEditor(c, p, at, editor)
	return s
}
func (Forms) DrillForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return DrillForm(c, p, at)
}
func (Forms) PaybackForm(c *common.Common, in assess.Input, h health.PilotHealth) common.Screen {
	return PaybackForm(c, in, h)
}
func (Forms) WaiveForm(c *common.Common, p model.Pilot, gate model.GateID, criterion, text string) common.Screen {
	return WaiveForm(c, p, gate, criterion, text)
}
func (Forms) AddCriterionForm(c *common.Common, p model.Pilot, gate model.GateID) common.Screen {
	return AddCriterionForm(c, p, gate)
}
func (Forms) DropCriterionConfirm(c *common.Common, p model.Pilot, gate model.GateID, criterion, text string) common.Screen {
	return DropCriterionConfirm(c, p, gate, criterion, text)
}
func (Forms) LiftWaiverConfirm(c *common.Common, p model.Pilot, gate model.GateID, criterion string) common.Screen {
	return LiftWaiverConfirm(c, p, gate, criterion)
}
func (Forms) FlagForm(c *common.Common, p model.Pilot, ring string, keys []string, state model.FlagState, reason string) common.Screen {
	return FlagForm(c, p, ring, keys, state, reason)
}
func (Forms) NFRForm(c *common.Common, p model.Pilot, at int) common.Screen { return NFRForm(c, p, at) }
func (Forms) MilestoneForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return MilestoneForm(c, p, at)
}
func (Forms) PIRForm(c *common.Common, p model.Pilot) common.Screen { return PIRForm(c, p) }
func (Forms) WindowForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return WindowForm(c, p, at)
}
func (Forms) FreezeForm(c *common.Common, p model.Pilot, at int) common.Screen {
	return FreezeForm(c, p, at)
}
func (Forms) Confirm(c *common.Common, title, question, detail string, yes func() tea.Cmd) common.Screen {
	return NewConfirm(c, title, question, detail, yes)
}
func (Forms) RemoveConfirm(c *common.Common, p model.Pilot, what, action string, remove func(q *model.Pilot) error) common.Screen {
	return RemoveConfirm(c, p, what, action, remove)
}

// Picker asks which item (or which kind of item) to act on, with preset
// selected, then opens that item's screen in its place.
func (Forms) Picker(c *common.Common, title, question string, labels []string, preset int, open func(i int) common.Screen) common.Screen {
	sel := preset
	build := func() *huh.Form {
		opts := make([]huh.Option[int], len(labels))
		for i, l := range labels {
			opts[i] = huh.NewOption(model.Line(l), i)
		}
		return huh.NewForm(huh.NewGroup(huh.NewSelect[int]().Title(question).Options(opts...).Value(&sel)))
	}
	return New(c, title, build, func() tea.Cmd { return Chain(open(sel)) })
}

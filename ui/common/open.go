package common

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
)

// The navigation messages that open a screen. A screen never imports
// another screen's package: it says which screen it wants and with what,
// and the root (package ui, the only package that imports every screen)
// builds it and pushes it on the stack.

// OpenFormMsg asks the root to open a form. Build gets the edit forms (the
// root hands over ui/form's) and returns the screen to push.
type OpenFormMsg struct{ Build func(Forms) Screen }

// OpenImportMsg asks the root to open the import screen; Pilot, when set,
// is the pilot of rows that name none (the detail's pilot).
type OpenImportMsg struct{ Pilot string }

// OpenReviewMsg asks the root to open gate Gate's review of pilot Slug.
type OpenReviewMsg struct {
	Slug string
	Gate model.GateID
}

// OpenDrillMsg asks the root to open a timed drill of pilot Slug's
// runbooks, on runbook Book.
type OpenDrillMsg struct {
	Slug     string
	Runbooks []model.Runbook
	Book     int
}

// OpenForm returns a command that opens the form build makes.
func OpenForm(build func(Forms) Screen) tea.Cmd {
	return func() tea.Msg { return OpenFormMsg{Build: build} }
}

// OpenFormFor reads a pilot in a command and opens the form build makes
// for it: forms always start from what is stored now.
func OpenFormFor(c *Common, slug string, build func(f Forms, p model.Pilot) Screen) tea.Cmd {
	s := c.Opt.App
	return func() tea.Msg {
		p, err := s.ReadPilot(context.Background(), slug)
		if err != nil {
			return StatusMsg{Text: "could not read " + slug + ": " + err.Error()}
		}
		return OpenFormMsg{Build: func(f Forms) Screen { return build(f, p) }}
	}
}

// OpenDeletePilot reads a pilot and how many observations it holds in a
// command, and opens the delete confirmation: a pilot holding evidence
// cannot be deleted, and the dialog says so before anything is asked.
func OpenDeletePilot(c *Common, slug string) tea.Cmd {
	s := c.Opt.App
	return func() tea.Msg {
		ctx := context.Background()
		p, err := s.ReadPilot(ctx, slug)
		if err != nil {
			return StatusMsg{Text: "could not read " + slug + ": " + err.Error()}
		}
		n, err := s.PilotObservationCount(ctx, slug)
		if err != nil {
			return StatusMsg{Text: "could not count the observations of " + slug + ": " + err.Error()}
		}
		return OpenFormMsg{Build: func(f Forms) Screen { return f.DeletePilotConfirm(c, p, n) }}
	}
}

// OpenPortfolioCalendar reads the portfolio's change calendar in a
// command and opens its editor on it.
func OpenPortfolioCalendar(c *Common) tea.Cmd {
	s := c.Opt.App
	return func() tea.Msg {
		cal, err := s.PortfolioCalendar(context.Background())
		if err != nil {
			return StatusMsg{Text: "could not read the change calendar: " + err.Error()}
		}
		return OpenFormMsg{Build: func(f Forms) Screen { return f.PortfolioCalendar(c, cal) }}
	}
}

// ChooseMsg asks the root to open the palette over Choices instead of
// the commands: type to filter, enter runs the one under the cursor
// (which starts on Preset), esc closes it having run nothing.
type ChooseMsg struct {
	Title   string
	Choices []Action
	Preset  int
}

// Choose returns a command that opens the chooser.
func Choose(title string, choices []Action, preset int) tea.Cmd {
	return func() tea.Msg { return ChooseMsg{Title: title, Choices: choices, Preset: preset} }
}

// OpenImport returns a command that opens the import screen.
func OpenImport(pilot string) tea.Cmd {
	return func() tea.Msg { return OpenImportMsg{Pilot: pilot} }
}

// ImportAction is the palette's way into the import screen.
func ImportAction(pilot string) Action {
	help := "pick a CSV, preview it, dry run, import"
	if pilot != "" {
		help += " (rows without a pilot go to " + pilot + ")"
	}
	return Action{Name: "Import metrics…", Help: help, Run: func() tea.Cmd { return OpenImport(pilot) }}
}

// OpenReview returns a command that opens a gate review.
func OpenReview(slug string, gate model.GateID) tea.Cmd {
	return func() tea.Msg { return OpenReviewMsg{Slug: slug, Gate: gate} }
}

// OpenDrill returns a command that opens a timed drill.
func OpenDrill(slug string, runbooks []model.Runbook, book int) tea.Cmd {
	return func() tea.Msg { return OpenDrillMsg{Slug: slug, Runbooks: runbooks, Book: book} }
}

// Forms builds the edit forms (ui/form implements it). Each returns the
// screen to push; at = -1 adds an item, otherwise it edits item at.
type Forms interface {
	NewPilotForm(c *Common) Screen
	EditPilotForm(c *Common, p model.Pilot) Screen
	OwnersForm(c *Common, p model.Pilot) Screen
	// DeletePilotConfirm asks before deleting p, or, when it holds
	// observations (evidence, never deleted), says so and offers to stop it.
	DeletePilotConfirm(c *Common, p model.Pilot, observations int64) Screen

	// PortfolioCalendar edits the portfolio's change calendar (cal as
	// stored, nil when none): add, edit or remove a window or freeze.
	PortfolioCalendar(c *Common, cal *model.Calendar) Screen

	RingForm(c *Common, p model.Pilot, at int) Screen
	MoveRingForm(c *Common, p model.Pilot, ring string) Screen
	KPIForm(c *Common, p model.Pilot, at int) Screen
	RiskForm(c *Common, p model.Pilot, at int) Screen
	RunbookForm(c *Common, p model.Pilot, at int) Screen
	// EditRunbookBody closes the picker and hands the terminal to editor
	// on runbook at's body, saving what it writes.
	EditRunbookBody(c *Common, p model.Pilot, at int, editor []string) Screen
	DrillForm(c *Common, p model.Pilot, at int) Screen

	PaybackForm(c *Common, in assess.Input, h health.PilotHealth) Screen
	WaiveForm(c *Common, p model.Pilot, gate model.GateID, criterion, text string) Screen
	AddCriterionForm(c *Common, p model.Pilot, gate model.GateID) Screen
	DropCriterionConfirm(c *Common, p model.Pilot, gate model.GateID, criterion, text string) Screen
	LiftWaiverConfirm(c *Common, p model.Pilot, gate model.GateID, criterion string) Screen
	FlagForm(c *Common, p model.Pilot, ring string, keys []string, state model.FlagState, reason string) Screen
	NFRForm(c *Common, p model.Pilot, at int) Screen
	MilestoneForm(c *Common, p model.Pilot, at int) Screen
	PIRForm(c *Common, p model.Pilot) Screen
	WindowForm(c *Common, p model.Pilot, at int) Screen
	FreezeForm(c *Common, p model.Pilot, at int) Screen

	// Confirm is the yes/no screen before anything destructive; yes runs
	// on Yes. RemoveConfirm asks, then removes one item of the pilot with
	// remove under action.
	Confirm(c *Common, title, question, detail string, yes func() tea.Cmd) Screen
	RemoveConfirm(c *Common, p model.Pilot, what, action string, remove func(q *model.Pilot) error) Screen

	// Picker asks question over labels, with preset selected, and opens
	// the screen open builds for the one picked in its place.
	Picker(c *Common, title, question string, labels []string, preset int, open func(i int) Screen) Screen
}

package form

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
)

// Gate-plan forms: waive a criterion (with a reason and the granting role),
// add a criterion, drop one, lift a waiver. Each save is one gate.plan
// audit entry through app.EditPilot, the plan checked by model/gates (a
// known criterion, not dropped or waived twice) and by the portfolio
// file's validation.

// WaiveForm waives criterion of gate. The role starts on the role the
// criterion concerns (a sign-off's role) or on none, which must be chosen:
// it is never a fixed role.
func WaiveForm(c *common.Common, p model.Pilot, gate model.GateID, criterion, text string) *Screen {
	role := gates.RoleOf(&p, gate, criterion)
	reason := ""
	roles := []huh.Option[model.Role]{huh.NewOption("(choose the role that grants it)", model.Role(""))}
	for _, r := range model.Roles {
		label := string(r)
		if who := p.Owners[r]; who != "" {
			label += " (" + model.Line(who) + ")"
		}
		roles = append(roles, huh.NewOption(label, r))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewNote().Title("Waive "+criterion).Description(model.Line(text)),
			input("Reason", &reason, required("a reason (a waiver needs one)")).Description("why the criterion does not have to be met"),
			huh.NewSelect[model.Role]().Title("Granted by").Options(roles...).Value(&role).Validate(func(r model.Role) error {
				if r == "" {
					return errors.New("choose the role that grants the waiver")
				}
				return nil
			}),
		))
	}
	return New(c, "Waive · "+string(gate)+" · "+p.Slug, build, func() tea.Cmd {
		why, r := strings.TrimSpace(reason), role
		summary := fmt.Sprintf("waived %s of %s in %s (%s): %s", criterion, gate, p.Slug, r, why)
		return common.SaveEdit(c, p.Slug, model.ActionGatePlanEdit, summary, func(q *model.Pilot) error {
			return gates.Waive(q, gate, criterion, why, r)
		})
	})
}

// AddCriterionForm adds a manual criterion to gate: an id, the text the
// checklist shows and, for the production-readiness gate, its dimension.
func AddCriterionForm(c *common.Common, p model.Pilot, gate model.GateID) *Screen {
	var id, text, dimension string
	build := func() *huh.Form {
		fields := []huh.Field{
			input("Id", &id, func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New("an id is required, e.g. " + strings.ToLower(string(gate)) + "-works-council")
				}
				return printable(s)
			}).Description("stable: reviews tick and waive it by this id"),
			input("Text", &text, required("text")).Description("what must be true, as the checklist shows it; ticked by hand in the review"),
		}
		if gate == model.GatePRG {
			fields = append(fields, input("Dimension", &dimension, printable).Description("production-readiness dimension, e.g. security"))
		}
		return huh.NewForm(huh.NewGroup(fields...))
	}
	return New(c, "Add criterion · "+string(gate)+" · "+p.Slug, build, func() tea.Cmd {
		crit := model.GateCriterion{ID: strings.TrimSpace(id), Kind: model.KindManual, Text: strings.TrimSpace(text), Dimension: strings.TrimSpace(dimension)}
		summary := fmt.Sprintf("added criterion %s to %s of %s", crit.ID, gate, p.Slug)
		return common.SaveEdit(c, p.Slug, model.ActionGatePlanEdit, summary, func(q *model.Pilot) error {
			return gates.AddCriterion(q, gate, crit)
		})
	})
}

// DropCriterionConfirm asks, then drops criterion from gate.
func DropCriterionConfirm(c *common.Common, p model.Pilot, gate model.GateID, criterion, text string) *Screen {
	summary := fmt.Sprintf("dropped criterion %s from %s of %s", criterion, gate, p.Slug)
	return NewConfirm(c, "Drop criterion · "+string(gate)+" · "+p.Slug, "Drop "+criterion+" from "+string(gate)+"?",
		model.Line(text)+"\n\nThe gate no longer asks for it; its waiver and ticks go too. "+undoes(c)+".", func() tea.Cmd {
			return common.SaveEdit(c, p.Slug, model.ActionGatePlanEdit, summary, func(q *model.Pilot) error {
				return gates.DropCriterion(q, gate, criterion)
			})
		})
}

// LiftWaiverConfirm asks, then lifts the waiver of criterion in gate.
func LiftWaiverConfirm(c *common.Common, p model.Pilot, gate model.GateID, criterion string) *Screen {
	summary := fmt.Sprintf("lifted the waiver of %s in %s of %s", criterion, gate, p.Slug)
	return NewConfirm(c, "Lift waiver · "+string(gate)+" · "+p.Slug, "Lift the waiver of "+criterion+"?",
		"It counts towards the gate again. "+undoes(c)+".", func() tea.Cmd {
			return common.SaveEdit(c, p.Slug, model.ActionGatePlanEdit, summary, func(q *model.Pilot) error {
				return gates.LiftWaiver(q, gate, criterion)
			})
		})
}

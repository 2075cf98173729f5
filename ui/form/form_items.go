package form

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// Forms for the items of a pilot: rings (and their status changes), KPIs
// and risks. An edit names its item by position and checks, inside the
// save's transaction, that the item is still what the form started from,
// so an edit never lands on the wrong item.

// ringForm adds a ring (at = -1) or edits ring at.
func RingForm(c *common.Common, p model.Pilot, at int) *Screen {
	r := model.Ring{Status: model.RingPlanned}
	if at >= 0 {
		r = p.Rings[at]
	}
	orig := r
	name, pop, exp, start, status := r.Name, intText(r.Population), numText(r.Exposure), r.Start.String(), r.Status
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			input("Ring name", &name, required("ring name")).Description("e.g. pilot, canary, broad; metric CSVs name it"),
			input("Population", &pop, whole(0, 0, 1<<30, "people in the ring")).Description("people in the ring"),
			input("Exposure", &exp, number(0, 0, 1, "a share from 0 to 1")).Description("share of the whole population, 0–1 (blank: not stated)"),
			pick("Status", &status, model.RingStatuses),
			input("Start", &start, optDate).Description("YYYY-MM-DD, blank when not started"),
		))
	}
	title, action := "New ring · "+p.Slug, model.ActionRingCreate
	if at >= 0 {
		title, action = "Edit ring "+orig.Name+" · "+p.Slug, model.ActionRingEdit
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.Ring{Name: strings.TrimSpace(name), Status: status}
		next.Population, _ = parseInt(pop, 0, 0, 1<<30, "")
		next.Exposure, _ = parseNum(exp, 0, 0, 1, "")
		next.Start, _ = parseDay(start)
		summary := "added ring " + next.Name + " to " + p.Slug
		if at >= 0 {
			summary = "edited ring " + next.Name + " of " + p.Slug
		}
		return common.SaveEdit(c, p.Slug, action, summary, func(q *model.Pilot) error {
			if at < 0 {
				q.Rings = append(q.Rings, next)
				return nil
			}
			i, err := common.StillThere(&c.Keys, q.Rings, at, orig, "ring "+orig.Name)
			if err != nil {
				return err
			}
			q.Rings[i] = next
			return nil
		})
	})
}

// ringMove is one status change of a ring, audited under its own action.
type ringMove struct {
	label  string
	to     model.RingStatus
	action string
}

var ringMoves = []ringMove{
	{"activate", model.RingActive, model.ActionRingActivate},
	{"pause", model.RingPaused, model.ActionRingPause},
	{"roll back", model.RingRolledBack, model.ActionRingRollback},
	{"complete", model.RingComplete, model.ActionRingComplete},
}

// moveRingForm is the small "move ring" menu: activate, pause, roll back,
// complete. Rolling back asks for confirmation.
func MoveRingForm(c *common.Common, p model.Pilot, ring string) *Screen {
	var opts []huh.Option[int]
	cur := model.RingStatus("")
	if r, ok := p.Ring(ring); ok {
		cur = r.Status
	}
	for i, m := range ringMoves {
		if model.MoveOffered(cur, m.to) {
			opts = append(opts, huh.NewOption(m.label, i))
		}
	}
	choice := -1
	if len(opts) > 0 {
		choice = opts[0].Value
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(huh.NewSelect[int]().Title("Move ring " + ring + " (now " + string(cur) + ")").
			Options(opts...).Value(&choice)))
	}
	return New(c, "Move ring "+ring+" · "+p.Slug, build, func() tea.Cmd {
		m := ringMoves[choice]
		summary := fmt.Sprintf("%s ring %s of %s (%s → %s)", pastTense(m.label), ring, p.Slug, cur, m.to)
		asOf, slug := c.Opt.AsOf, p.Slug
		save := common.SaveChange(c, "", slug, summary, func(ctx context.Context, a *app.App, o *app.Override) (model.Pilot, model.Pilot, error) {
			ch := common.CockpitChange(c, m.action, summary)
			ch.Override = o
			moved, err := a.MoveRing(ctx, ch, slug, app.RingMove{Ring: ring, Status: m.to}, asOf)
			var re *app.RingError
			if errors.As(err, &re) {
				err = fmt.Errorf("pilot %s has no ring %s any more: close this (%s) and reload", slug, ring, common.Named(c.Keys.Cancel))
			}
			return moved.PilotBefore, moved.PilotAfter, err
		})
		if m.to == model.RingRolledBack {
			confirm := NewConfirm(c, "Roll back ring "+ring+" · "+p.Slug, "Roll back ring "+ring+" of "+p.Slug+"?",
				"its status becomes rolled_back; "+undoes(c)+rollbackSteps(&p, ring), func() tea.Cmd { return save })
			// The flags still on: once rolled back, a form records them
			// turned off (with the reason), as the operator turns them off.
			if plan := model.RollbackPlanFor(&p, ring); len(plan.Flags) > 0 {
				var keys []string
				for _, f := range plan.Flags {
					keys = append(keys, f.Key)
				}
				confirm.then = func() *Screen {
					return FlagForm(c, p, ring, keys, model.FlagOff, "ring "+ring+" rolled back")
				}
			}
			return Chain(confirm)
		}
		return save
	})
}

// rollbackSteps lists, under the roll-back question, the flags still on in
// the ring and the runbook steps that turn each off: ringside records the
// rollback, the operator does it.
func rollbackSteps(p *model.Pilot, ring string) string {
	plan := model.RollbackPlanFor(p, ring)
	if len(plan.Flags) == 0 {
		return "\n\nNo feature flag is recorded as on in " + ring + "."
	}
	var b strings.Builder
	b.WriteString("\n\nTurn these flags off in " + ring + ":")
	for _, f := range plan.Flags {
		b.WriteString("\n• " + model.Line(f.Key))
		if f.Runbook != "" {
			b.WriteString(" (runbook: " + model.Line(f.Runbook) + ")")
		}
		for i, st := range f.Steps {
			b.WriteString(fmt.Sprintf("\n    %d. %s", i+1, model.Line(st)))
		}
	}
	b.WriteString("\n\nAfter yes, a form records them turned off.")
	return b.String()
}

func pastTense(label string) string {
	return map[string]string{"activate": "activated", "pause": "paused", "roll back": "rolled back", "complete": "completed"}[label]
}

// KPIForm adds a KPI (at = -1) or edits KPI at. Criteria are checked as
// typed: the line under each shows what it means or the parser's message.
func KPIForm(c *common.Common, p model.Pilot, at int) *Screen {
	k := model.KPI{Better: model.BetterLower, Critical: true}
	if at >= 0 {
		k = p.KPIs[at]
	}
	orig := k
	key, name, unit, better := k.Key, k.Name, k.Unit, k.Better
	base := ""
	if k.Baseline != nil {
		base = strconv.FormatFloat(*k.Baseline, 'f', -1, 64)
	}
	target, warning, rollback := k.Target.String(), k.Warning.String(), k.Rollback.String()
	critical := k.Critical
	weight, window := strconv.FormatFloat(k.EffectiveWeight(), 'f', -1, 64), intText(k.Window) // 0 shows as 0, not blank
	crit := func(title string, v *string, optional bool) *huh.Input {
		return huh.NewInput().Title(title).Value(v).
			DescriptionFunc(func() string { return critNote(*v, optional) }, v).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" && !optional {
					return fmt.Errorf("target is required: write a criterion such as <= -10%%")
				}
				_, err := parseCrit(s)
				return err
			})
	}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				input("Key", &key, required("KPI key")).Description("the metric key CSVs use, e.g. triage_min"),
				input("Name", &name, printable),
				input("Unit", &unit, printable),
				pick("Better", &better, model.Betters),
				input("Baseline", &base, number(0, -1e300, 1e300, "a number")).Description("blank: from ring baseline's observations"),
			).Title("KPI"),
			huh.NewGroup(
				crit("Target", &target, false),
				crit("Warning", &warning, true),
				crit("Rollback trigger", &rollback, true),
			).Title("Criteria: [value|delta|pct] OP NUMBER[%]"),
			huh.NewGroup(
				huh.NewConfirm().Title("Must-meet?").Description("a must-meet KPI that fails fails the ring").
					Affirmative("Must-meet").Negative("Should-meet").Value(&critical),
				input("Weight", &weight, number(1, 0, 1e9, "a weight of 0 or more")).Description("blank: 1"),
				input("Window (days)", &window, whole(0, 0, 366, "days, 0–366")).Description(fmt.Sprintf("days averaged into the current value; blank: %d", model.DefaultWindow)),
			).Title("Weighting"),
		)
	}
	title, action := "New KPI · "+p.Slug, model.ActionKPICreate
	if at >= 0 {
		title, action = "Edit KPI "+orig.Key+" · "+p.Slug, model.ActionKPIEdit
	}
	return New(c, title, build, func() tea.Cmd {
		next := model.KPI{Key: strings.TrimSpace(key), Name: strings.TrimSpace(name), Unit: strings.TrimSpace(unit), Better: better, Critical: critical}
		if strings.TrimSpace(base) != "" {
			v, _ := parseNum(base, 0, -1e300, 1e300, "")
			next.Baseline = &v
		}
		next.Target, _ = parseCrit(target)
		next.Warning, _ = parseCrit(warning)
		next.Rollback, _ = parseCrit(rollback)
		if strings.TrimSpace(weight) != "" { // blank: the default weight
			w, _ := parseNum(weight, 0, 0, 1e9, "")
			next.Weight = &w
		}
		next.Window, _ = parseInt(window, 0, 0, 366, "")
		summary := "added KPI " + next.Key + " to " + p.Slug
		if at >= 0 {
			summary = "edited KPI " + next.Key + " of " + p.Slug
		}
		return common.SaveEdit(c, p.Slug, action, summary, func(q *model.Pilot) error {
			if at < 0 {
				q.KPIs = append(q.KPIs, next)
				return nil
			}
			i, err := common.StillThere(&c.Keys, q.KPIs, at, orig, "KPI "+orig.Key)
			if err != nil {
				return err
			}
			q.KPIs[i] = next
			return nil
		})
	})
}

// scoreLine is the live score and band of a likelihood × impact pair.
func scoreLine(l, i int) string {
	if l == 0 || i == 0 {
		return "not assessed"
	}
	return fmt.Sprintf("score %d × %d = %d · %s", l, i, l*i, model.BandOf(l*i))
}

func scale(from int) []huh.Option[int] {
	var out []huh.Option[int]
	for v := from; v <= 5; v++ {
		label := strconv.Itoa(v)
		if v == 0 {
			label = "0 (not assessed)"
		}
		out = append(out, huh.NewOption(label, v))
	}
	return out
}

// riskForm adds a risk (at = -1) or edits risk at, with the score and its
// band shown live as likelihood and impact are picked.
func RiskForm(c *common.Common, p model.Pilot, at int) *Screen {
	r := model.Risk{Category: "operational", Likelihood: 3, Impact: 3, Status: model.RiskOpen}
	if at >= 0 {
		r = p.Risks[at]
	}
	orig := r
	title, cat, owner, mit, status := r.Title, r.Category, r.Owner, r.Mitigation, r.Status
	l, i, rl, ri := r.Likelihood, r.Impact, r.ResidualLikelihood, r.ResidualImpact
	due, review := r.Due.String(), r.LastReview.String()
	level := func(t string, v *int, from int, pair func() string, bind any) *huh.Select[int] {
		return huh.NewSelect[int]().Title(t).Options(scale(from)...).Value(v).Inline(true).DescriptionFunc(pair, bind)
	}
	inherent := func() string { return scoreLine(l, i) }
	residual := func() string { return scoreLine(rl, ri) }
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				input("Title", &title, required("title")),
				pick("Category", &cat, model.RiskCategories),
				level("Likelihood (1–5)", &l, 1, inherent, []*int{&l, &i}),
				level("Impact (1–5)", &i, 1, inherent, []*int{&l, &i}),
			).Title("Risk"),
			huh.NewGroup(
				level("Residual likelihood", &rl, 0, residual, []*int{&rl, &ri}),
				level("Residual impact", &ri, 0, residual, []*int{&rl, &ri}).Validate(func(v int) error {
					if (rl == 0) != (v == 0) {
						return fmt.Errorf("set residual likelihood and impact together, or neither")
					}
					return nil
				}),
				input("Owner", &owner, printable),
				input("Mitigation", &mit, printable),
			).Title("After mitigation"),
			huh.NewGroup(
				pick("Status", &status, model.RiskStatuses),
				input("Due", &due, optDate).Description("YYYY-MM-DD, blank for none"),
				input("Last review", &review, optDate).Description("YYYY-MM-DD, blank for never"),
			).Title("Treatment"),
		)
	}
	screenTitle, action := "New risk · "+p.Slug, model.ActionRiskCreate
	if at >= 0 {
		screenTitle, action = "Edit risk · "+p.Slug, model.ActionRiskEdit
	}
	return New(c, screenTitle, build, func() tea.Cmd {
		next := model.Risk{Title: strings.TrimSpace(title), Category: cat, Likelihood: l, Impact: i, ResidualLikelihood: rl, ResidualImpact: ri,
			Owner: strings.TrimSpace(owner), Mitigation: strings.TrimSpace(mit), Status: status}
		next.Due, _ = parseDay(due)
		next.LastReview, _ = parseDay(review)
		summary := "added risk " + strconv.Quote(next.Title) + " to " + p.Slug
		if at >= 0 {
			summary = "edited risk " + strconv.Quote(next.Title) + " of " + p.Slug
		}
		return common.SaveEdit(c, p.Slug, action, summary, func(q *model.Pilot) error {
			if at < 0 {
				q.Risks = append(q.Risks, next)
				return nil
			}
			j, err := common.StillThere(&c.Keys, q.Risks, at, orig, "risk "+strconv.Quote(orig.Title))
			if err != nil {
				return err
			}
			q.Risks[j] = next
			return nil
		})
	})
}

package form

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
)

// FlagForm records feature flags set on or off in one ring, with the
// reason: ringside calls no flag service, it records what the operator
// did. The ring, flags, state and reason are preset by the caller (the
// rollback dialog presets the flags still on in the ring it rolled back,
// off). One save is one flag.set audit entry through app.SetFlags, undone
// by u like every cockpit edit.
func FlagForm(c *common.Common, p model.Pilot, ring string, keys []string, state model.FlagState, reason string) *Screen {
	if ring == "" && len(p.Rings) > 0 {
		ring = p.Rings[0].Name
	}
	if state == "" {
		state = model.FlagOff
	}
	chosen := append([]string(nil), keys...)
	rings := make([]huh.Option[string], len(p.Rings))
	for i, r := range p.Rings {
		rings[i] = huh.NewOption(model.Line(r.Name), r.Name)
	}
	flagOptions := func() []huh.Option[string] {
		out := make([]huh.Option[string], len(p.Flags))
		for i, f := range p.Flags {
			now := string(f.States[ring])
			if now == "" {
				now = "not recorded"
			}
			out[i] = huh.NewOption(model.Line(f.Key)+" (now "+now+" in "+model.Line(ring)+")", f.Key).Selected(contains(chosen, f.Key))
		}
		return out
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Title("Ring").Options(rings...).Value(&ring).Inline(true),
			huh.NewMultiSelect[string]().Title("Flags").Description(c.Keys.Mark.Help().Key+" marks a flag, "+c.Keys.Accept.Help().Key+" goes on").
				OptionsFunc(flagOptions, &ring).Value(&chosen).Validate(func(v []string) error {
				if len(v) == 0 {
					return errors.New("mark at least one flag (" + c.Keys.Mark.Help().Key + ")")
				}
				return nil
			}),
			pick("Set to", &state, model.FlagStates),
			input("Reason", &reason, required("a reason")).Description("why, e.g. canary FCR trigger fired"),
		))
	}
	return New(c, "Feature flags · "+p.Slug, build, func() tea.Cmd {
		word := "flag"
		if len(chosen) > 1 {
			word = "flags"
		}
		summary := fmt.Sprintf("recorded %s %s %s in ring %s", word, strings.Join(chosen, ", "), state, ring)
		slug, why, keys, st, r := p.Slug, strings.TrimSpace(reason), append([]string(nil), chosen...), state, ring
		return common.SaveChange(c, "", slug, summary, func(ctx context.Context, a *app.App, o *app.Override) (model.Pilot, model.Pilot, error) {
			ch := common.CockpitChange(c, model.ActionFlagSet, summary)
			ch.Override = o
			_, before, after, err := a.SetFlags(ctx, ch, slug, r, keys, st, why)
			return before, after, err
		})
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"

	"ringside/model"
	"ringside/store"
)

// overrideFlags adds --force and --reason: the way past the change calendar.
func overrideFlags(fs *flag.FlagSet) (force *bool, reason *string) {
	force = fs.Bool("force", false, "move rings outside the change windows or inside a freeze (needs --reason; audited)")
	reason = fs.String("reason", "", "why the change cannot wait for a window (with --force)")
	return force, reason
}

// overrideContext turns --force --reason into a store override.
func overrideContext(cmd string, force bool, reason string) (context.Context, error) {
	ctx := context.Background()
	switch {
	case force && strings.TrimSpace(reason) == "":
		return nil, usageErr("%s: --force needs --reason TEXT saying why the ring must move now; the override is audited with it", cmd)
	case !force && reason != "":
		return nil, usageErr("%s: --reason goes with --force; without --force the change calendar applies", cmd)
	case force:
		return store.WithOverride(ctx, store.Override{Reason: reason}), nil
	}
	return ctx, nil
}

// calendarRefusal turns a refused ring move into exit 2 with the reason
// and the way to override; other errors pass through.
func calendarRefusal(err error) error {
	var we *store.WindowError
	if errors.As(err, &we) || errors.Is(err, store.ErrOverrideReason) {
		return badInput(err)
	}
	if errors.Is(err, store.ErrNotFound) {
		return badInput(err)
	}
	return err
}

func cmdRing(a *app, args []string) error {
	fs := newFlags(a, "ring")
	pilot := fs.String("pilot", "", "pilot slug")
	ring := fs.String("ring", "", "ring name, e.g. canary")
	status := fs.String("status", "", "new status: "+joinStatuses())
	exposure := fs.Float64("exposure", -1, "new exposure: share of the whole population, 0 to 1")
	force, reason := overrideFlags(fs)
	if _, err := parseFlags(a, "ring", fs, args); err != nil {
		return err
	}
	if *pilot == "" || *ring == "" {
		return usageErr("ring: name the ring with --pilot SLUG --ring NAME, e.g. ringside ring --pilot claims-triage --ring canary --status active")
	}
	if (*status == "") == (*exposure < 0) {
		return usageErr("ring: give one change: --status STATUS or --exposure F")
	}
	if *status != "" {
		if err := model.OneOf("ring status", model.RingStatus(*status), model.RingStatuses); err != nil {
			return usageErr("ring: %v", err)
		}
	}
	if *exposure >= 0 && (*exposure > 1 || math.IsNaN(*exposure)) {
		return usageErr("ring: --exposure is a share of the whole population from 0 to 1, e.g. 0.2; got %g", *exposure)
	}
	ctx, err := overrideContext("ring", *force, *reason)
	if err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	var summary, action string
	if *status != "" {
		action, summary = "ring.status", fmt.Sprintf("ring %s → %s", *ring, *status)
	} else {
		action, summary = "ring.exposure", fmt.Sprintf("ring %s exposure → %g", *ring, *exposure)
	}
	var before model.Ring
	p, err := s.UpdatePilot(ctx, a.actor, *pilot, action, summary, func(p *model.Pilot) error {
		r, ok := p.Ring(*ring)
		if !ok {
			names := make([]string, len(p.Rings))
			for i, r := range p.Rings {
				names[i] = r.Name
			}
			return badInput(fmt.Errorf("pilot %s has no ring %q: use one of %s", *pilot, *ring, strings.Join(names, ", ")))
		}
		before = *r
		if *status != "" {
			r.SetStatus(model.RingStatus(*status), a.asOf)
		} else {
			r.Exposure = *exposure
		}
		return nil
	})
	if err != nil {
		return calendarRefusal(err)
	}
	after, _ := p.Ring(*ring)
	if after.Status == before.Status && after.Exposure == before.Exposure {
		fmt.Fprintf(a.stdout, "unchanged: ring %s of %s is already %s at exposure %g\n", *ring, *pilot, after.Status, after.Exposure)
		return nil
	}
	forced := ""
	if *force {
		forced = " (forced: " + model.Line(*reason) + ")"
	}
	fmt.Fprintf(a.stdout, "ring %s of %s: %s at exposure %g → %s at exposure %g%s\n", *ring, *pilot,
		before.Status, before.Exposure, after.Status, after.Exposure, forced)
	return nil
}

func joinStatuses() string {
	names := make([]string, len(model.RingStatuses))
	for i, s := range model.RingStatuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

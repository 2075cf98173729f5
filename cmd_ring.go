package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
	"ringside/store"
)

// overrideFlags adds --force and --reason: the way past the change calendar.
func overrideFlags(cmd *cobra.Command, force *bool, reason *string) {
	cmd.Flags().BoolVar(force, "force", false, "move rings outside the change windows or inside a freeze (needs --reason; audited)")
	cmd.Flags().StringVar(reason, "reason", "", "why the change cannot wait for a window (with --force)")
}

// overrideOf turns --force --reason into a calendar override (nil: none).
func overrideOf(cmd string, force bool, reason string) (*store.Override, error) {
	switch {
	case force && strings.TrimSpace(reason) == "":
		return nil, usageErr("%s: --force needs --reason TEXT saying why the ring must move now; the override is audited with it", cmd)
	case !force && reason != "":
		return nil, usageErr("%s: --reason goes with --force; without --force the change calendar applies", cmd)
	case force:
		return &store.Override{Reason: reason}, nil
	}
	return nil, nil
}

// calendarRefusal turns a refused ring move into exit 2 with the reason
// and the way to override it; other errors pass through.
func calendarRefusal(err error) error {
	var we *store.WindowError
	if errors.As(err, &we) || errors.Is(err, store.ErrOverrideReason) || errors.Is(err, store.ErrNotFound) {
		return badInput(overrideRemedy(err))
	}
	return err
}

// overrideRemedy adds to a move the change calendar refused how to
// override it from the command line: the store says what was refused, the
// front end says how to get past it.
func overrideRemedy(err error) error {
	var we *store.WindowError
	switch {
	case errors.As(err, &we):
		return fmt.Errorf("%w. To move it anyway, force it with a reason: --force --reason TEXT (the override is audited)", err)
	case errors.Is(err, store.ErrOverrideReason):
		return fmt.Errorf("%w (--reason TEXT)", err)
	}
	return err
}

type ringOptions struct {
	App           *cli
	pilot, ring   string
	status        string
	exposure      float64
	force         bool
	reason        string
	exposureGiven bool
}

func newCmdRing(a *cli, runF func(*ringOptions) error) *cobra.Command {
	opts := &ringOptions{App: a}
	cmd := &cobra.Command{
		Use:   "ring --pilot SLUG --ring NAME (--status STATUS | --exposure F)",
		Short: "Move a ring: activate, widen, complete, pause or roll back",
		Long: "Move a ring: activate, widen or complete it (within the change calendar), pause or roll it back (always).\n" +
			"--force --reason TEXT moves it outside the change windows or inside a freeze; the override is audited.",
		Example: "  ringside ring --pilot claims-triage --ring canary --status active\n" +
			"  ringside ring --pilot claims-triage --ring canary --status active --force --reason \"Regulator deadline\"",
		Args: noArgs("ring", ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := refuseAsOf(a, "ring"); err != nil {
				return err
			}
			opts.exposureGiven = cmd.Flags().Changed("exposure")
			if opts.pilot == "" || opts.ring == "" {
				return usageErr("ring: name the ring with --pilot SLUG --ring NAME, e.g. ringside ring --pilot claims-triage --ring canary --status active")
			}
			if (opts.status == "") == !opts.exposureGiven {
				return usageErr("ring: give one change: --status STATUS or --exposure F")
			}
			if opts.status != "" {
				if err := model.OneOf("ring status", model.RingStatus(opts.status), model.RingStatuses); err != nil {
					return usageErr("ring: %v", err)
				}
			}
			if opts.exposureGiven && (opts.exposure < 0 || opts.exposure > 1 || math.IsNaN(opts.exposure)) {
				return usageErr("ring: --exposure is a share of the whole population from 0 to 1, e.g. 0.2; got %g", opts.exposure)
			}
			return runWith(runF, ringRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug")
	f.StringVar(&opts.ring, "ring", "", "ring name, e.g. canary")
	f.StringVar(&opts.status, "status", "", "new status: "+joinStatuses())
	f.Float64Var(&opts.exposure, "exposure", 0, "new exposure: share of the whole population, 0 to 1")
	overrideFlags(cmd, &opts.force, &opts.reason)
	completePilotFlag(a, cmd, "pilot")
	completeRingFlag(a, cmd, "ring")
	completeStatic(cmd, "status", joinStatuses())
	return cmd
}

func ringRun(o *ringOptions) error {
	a := o.App
	override, err := overrideOf("ring", o.force, o.reason)
	if err != nil {
		return err
	}
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	m := app.RingMove{Ring: o.ring, Status: model.RingStatus(o.status)}
	if o.status == "" {
		m.Exposure = &o.exposure
	}
	moved, err := ap.MoveRing(context.Background(), a.change(override), o.pilot, m, a.asOf)
	var re *app.RingError
	if errors.As(err, &re) {
		return badInput(fmt.Errorf("pilot %s has no ring %q: use one of %s", o.pilot, o.ring, strings.Join(re.Rings, ", ")))
	}
	if err != nil {
		return calendarRefusal(err)
	}
	before, after := moved.Before, moved.After
	if !moved.Changed() {
		fmt.Fprintf(a.stdout, "unchanged: ring %s of %s is already %s at exposure %g\n", o.ring, o.pilot, after.Status, after.Exposure)
		return nil
	}
	forced := ""
	if o.force {
		forced = " (forced: " + model.Line(o.reason) + ")"
	}
	fmt.Fprintf(a.stdout, "ring %s of %s: %s at exposure %g → %s at exposure %g%s\n", o.ring, o.pilot,
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

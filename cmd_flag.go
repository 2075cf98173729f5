package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
	"ringside/store"
)

// Feature flags per ring. ringside records what operators did with
// their flag service; it calls none.

type flagOptions struct {
	App                      *cli
	pilot, key, ring, reason string
	state                    model.FlagState
}

// newCmdFlag is `ringside flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT`.
func newCmdFlag(a *cli, runF func(*flagOptions) error) *cobra.Command {
	opts := &flagOptions{App: a}
	var state string
	cmd := &cobra.Command{
		Use:     "flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT",
		Short:   "Record a feature flag change in a ring, with the reason (audited)",
		Example: `  ringside flag --pilot servicedesk-copilot --flag kb-answers --ring canary --state off --reason "FCR trigger fired"`,
		Args:    noArgs("flag", ""),
		RunE: func(*cobra.Command, []string) error {
			if err := refuseAsOf(a, "flag"); err != nil {
				return err
			}
			for _, f := range []struct{ name, v string }{{"--pilot", opts.pilot}, {"--flag", opts.key}, {"--ring", opts.ring}, {"--state", state}, {"--reason", opts.reason}} {
				if f.v == "" {
					return usageErr("flag: %s is required: ringside flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT", f.name)
				}
			}
			opts.state = model.FlagState(state)
			return runWith(runF, flagRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "the pilot (slug)")
	f.StringVar(&opts.key, "flag", "", "the flag's key")
	f.StringVar(&opts.ring, "ring", "", "the ring the change applies to")
	f.StringVar(&state, "state", "", "on or off")
	f.StringVar(&opts.reason, "reason", "", "why the flag changed (required, kept in the audit log)")
	completePilotFlag(a, cmd, "pilot")
	completeRingFlag(a, cmd, "ring")
	completeFlagKeys(a, cmd, "flag")
	completeStatic(cmd, "state", "on", "off")
	return cmd
}

func flagRun(o *flagOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	fc, err := ap.SetFlag(context.Background(), a.change(nil), app.FlagSet{Pilot: o.pilot, Flag: o.key, Ring: o.ring, State: o.state, Reason: o.reason})
	switch {
	case errors.Is(err, app.ErrFlagReason):
		return badInput(fmt.Errorf("flag: %w (--reason TEXT): say why, e.g. \"canary FCR trigger fired\" (nothing was changed)", err))
	case errors.Is(err, app.ErrNotFound):
		return usageErr("flag: unknown pilot %q: see the slugs with ringside health", model.Line(o.pilot))
	case errors.Is(err, app.ErrBadFlagChange):
		return badInput(fmt.Errorf("flag: %w (nothing was changed)", err))
	case err != nil:
		return err
	}
	before := string(fc.Before)
	if before == "" {
		before = "not recorded"
	}
	if !fc.Changed {
		fmt.Fprintf(a.stdout, "flag %s in ring %s is already %s: nothing changed\n", model.Line(o.key), model.Line(o.ring), fc.After)
		return nil
	}
	fmt.Fprintf(a.stdout, "flag %s in ring %s: %s → %s, recorded by %s: %s\n", model.Line(o.key), model.Line(o.ring), before, fc.After, model.Line(a.actor), model.Line(o.reason))
	return nil
}

// printRollbacks shows, for rings an apply rolled back, the flags to turn
// off and their runbook steps.
func printRollbacks(a *cli, rbs []store.RingRollback) {
	for _, rb := range rbs {
		fmt.Fprintf(a.stdout, "%s: ring %s rolled back\n", model.Line(rb.Pilot), model.Line(rb.Plan.Ring))
		for _, l := range rb.Plan.Lines() {
			fmt.Fprintln(a.stdout, "  "+l)
		}
	}
}

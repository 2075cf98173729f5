package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
)

type flagsReport struct {
	Pilot string         `json:"pilot"`
	Rings []flagsPerRing `json:"rings"`
}

type flagsPerRing struct {
	Ring   string       `json:"ring"`
	Status string       `json:"status"`
	Flags  []flagInRing `json:"flags"`
}

type flagInRing struct {
	Key         string `json:"key"`
	State       string `json:"state"` // on, off, or "" when not recorded for the ring
	Description string `json:"description,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Runbook     string `json:"runbook,omitempty"`
}

type flagsOptions struct {
	App         *cli
	pilot, ring string
	asJSON      bool
}

// newCmdFlags is `ringside flags --pilot SLUG [--ring RING] [--json]`.
func newCmdFlags(a *cli, runF func(*flagsOptions) error) *cobra.Command {
	opts := &flagsOptions{App: a}
	cmd := &cobra.Command{
		Use:     "flags --pilot SLUG",
		Short:   "List a pilot's feature flags by ring",
		Example: "  ringside flags --pilot servicedesk-copilot\n  ringside flags --pilot servicedesk-copilot --ring canary --json",
		Args:    noArgs("flags", ""),
		RunE: func(*cobra.Command, []string) error {
			if opts.pilot == "" {
				return usageErr("flags: --pilot is required: ringside flags --pilot SLUG [--ring RING] [--json]")
			}
			return runWith(runF, flagsRun, opts)
		},
	}
	cmd.Flags().StringVar(&opts.pilot, "pilot", "", "the pilot (slug)")
	cmd.Flags().StringVar(&opts.ring, "ring", "", "only this ring")
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON")
	completePilotFlag(a, cmd, "pilot")
	completeRingFlag(a, cmd, "ring")
	return cmd
}

func flagsRun(o *flagsOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	p, err := ap.ReadPilot(context.Background(), o.pilot)
	if errors.Is(err, app.ErrNotFound) {
		return usageErr("flags: unknown pilot %q: see the slugs with ringside health", model.Line(o.pilot))
	} else if err != nil {
		return err
	}
	if o.ring != "" {
		if _, ok := p.Ring(o.ring); !ok {
			return usageErr("flags: pilot %s has no ring %q", model.Line(p.Slug), model.Line(o.ring))
		}
	}
	rep := flagsByRing(&p, o.ring)
	if o.asJSON {
		return writeJSON(a.stdout, rep)
	}
	if len(p.Flags) == 0 {
		fmt.Fprintf(a.stdout, "%s has no feature flags: add them under flags: in its portfolio file\n", model.Line(p.Slug))
		return nil
	}
	for _, r := range rep.Rings {
		fmt.Fprintf(a.stdout, "ring %s (%s)\n", model.Line(r.Ring), r.Status)
		for _, f := range r.Flags {
			state := f.State
			if state == "" {
				state = "–"
			}
			line := fmt.Sprintf("  %-4s %s", state, model.Line(f.Key))
			if f.Owner != "" {
				line += " · owner " + model.Line(f.Owner)
			}
			if f.Runbook != "" {
				line += fmt.Sprintf(" · off by runbook %q", model.Line(f.Runbook))
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
	return nil
}

// flagsByRing lists every flag under every ring (or one), in ring order.
func flagsByRing(p *model.Pilot, only string) flagsReport {
	rep := flagsReport{Pilot: p.Slug, Rings: []flagsPerRing{}}
	for _, r := range p.Rings {
		if only != "" && r.Name != only {
			continue
		}
		pr := flagsPerRing{Ring: r.Name, Status: string(r.Status), Flags: []flagInRing{}}
		for _, f := range p.Flags {
			pr.Flags = append(pr.Flags, flagInRing{Key: f.Key, State: string(f.States[r.Name]), Description: f.Description, Owner: f.Owner, Runbook: f.Runbook})
		}
		rep.Rings = append(rep.Rings, pr)
	}
	return rep
}

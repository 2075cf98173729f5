package main

import (
	"context"
	"errors"
	"fmt"

	"ringside/model"
	"ringside/store"
)

// Issue 8: feature flags per ring. ringside records what operators did with
// their flag service; it calls none.

// cmdFlag runs `ringside flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT`.
func cmdFlag(a *app, args []string) error {
	fs := newFlags(a, "flag")
	pilot := fs.String("pilot", "", "the pilot (slug)")
	key := fs.String("flag", "", "the flag's key")
	ring := fs.String("ring", "", "the ring the change applies to")
	state := fs.String("state", "", "on or off")
	reason := fs.String("reason", "", "why the flag changed (required, kept in the audit log)")
	pos, err := parseFlags(a, "flag", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("flag: unexpected argument %q", model.Line(pos[0]))
	}
	for _, f := range []struct{ name, v string }{{"--pilot", *pilot}, {"--flag", *key}, {"--ring", *ring}, {"--state", *state}, {"--reason", *reason}} {
		if f.v == "" {
			return usageErr("flag: %s is required: ringside flag --pilot SLUG --flag KEY --ring RING --state on|off --reason TEXT", f.name)
		}
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	fc, err := s.SetFlag(context.Background(), a.actor, *pilot, *key, *ring, model.FlagState(*state), *reason)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return usageErr("flag: unknown pilot %q: see the slugs with ringside health", model.Line(*pilot))
	case errors.Is(err, store.ErrBadFlagChange):
		return badInput(fmt.Errorf("flag: %v (nothing was changed)", err))
	case err != nil:
		return err
	}
	before := string(fc.Before)
	if before == "" {
		before = "not recorded"
	}
	if !fc.Changed {
		fmt.Fprintf(a.stdout, "flag %s in ring %s is already %s: nothing changed\n", model.Line(*key), model.Line(*ring), fc.After)
		return nil
	}
	fmt.Fprintf(a.stdout, "flag %s in ring %s: %s → %s, recorded by %s: %s\n", model.Line(*key), model.Line(*ring), before, fc.After, model.Line(a.actor), model.Line(*reason))
	return nil
}

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

// cmdFlags runs `ringside flags --pilot SLUG [--ring RING] [--json]`.
func cmdFlags(a *app, args []string) error {
	fs := newFlags(a, "flags")
	pilot := fs.String("pilot", "", "the pilot (slug)")
	ring := fs.String("ring", "", "only this ring")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(a, "flags", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("flags: unexpected argument %q", model.Line(pos[0]))
	}
	if *pilot == "" {
		return usageErr("flags: --pilot is required: ringside flags --pilot SLUG [--ring RING] [--json]")
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.Pilot(context.Background(), *pilot)
	if errors.Is(err, store.ErrNotFound) {
		return usageErr("flags: unknown pilot %q: see the slugs with ringside health", model.Line(*pilot))
	} else if err != nil {
		return err
	}
	if *ring != "" {
		if _, ok := p.Ring(*ring); !ok {
			return usageErr("flags: pilot %s has no ring %q", model.Line(p.Slug), model.Line(*ring))
		}
	}
	rep := flagsByRing(&p, *ring)
	if *asJSON {
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

// printRollbacks shows, for rings an apply rolled back, the flags to turn
// off and their runbook steps.
func printRollbacks(a *app, rbs []store.RingRollback) {
	for _, rb := range rbs {
		fmt.Fprintf(a.stdout, "%s: ring %s rolled back\n", model.Line(rb.Pilot), model.Line(rb.Plan.Ring))
		for _, l := range rb.Plan.Lines() {
			fmt.Fprintln(a.stdout, "  "+l)
		}
	}
}

package model

import (
	"fmt"
	"sort"
	"strings"
)

// FlagToTurnOff is a flag still on in a ring being rolled back, with the
// runbook that turns it off and that runbook's steps.
type FlagToTurnOff struct {
	Key     string   `json:"key"`
	Owner   string   `json:"owner,omitempty"`
	Runbook string   `json:"runbook,omitempty"`
	Steps   []string `json:"steps"`
}

// RollbackPlan is what to do when a ring rolls back: the flags still on in
// it, each with the steps of its runbook.
type RollbackPlan struct {
	Ring  string          `json:"ring"`
	Flags []FlagToTurnOff `json:"flags"`
}

// RollbackPlanFor lists the flags still on in ring, in the pilot's flag
// order, with the numbered steps of the runbook each names. A flag without
// a runbook, or whose runbook is missing, says so in its steps.
func RollbackPlanFor(p *Pilot, ring string) RollbackPlan {
	plan := RollbackPlan{Ring: ring, Flags: []FlagToTurnOff{}}
	for _, f := range p.Flags {
		if f.States[ring] != FlagOn {
			continue
		}
		t := FlagToTurnOff{Key: f.Key, Owner: f.Owner, Runbook: f.Runbook, Steps: []string{}}
		switch {
		case f.Runbook == "":
			t.Steps = append(t.Steps, "no runbook named: turn the flag off by hand and record it with ringside flag")
		case !p.hasRunbook(f.Runbook):
			t.Steps = append(t.Steps, fmt.Sprintf("runbook %q is missing: turn the flag off by hand", f.Runbook))
		default:
			for _, rb := range p.Runbooks {
				if rb.Title == f.Runbook {
					if steps := RunbookSteps(rb.Body); steps[0] != WholeRunbook {
						t.Steps = steps
					}
					break
				}
			}
			if len(t.Steps) == 0 {
				t.Steps = []string{fmt.Sprintf("runbook %q has no numbered steps: follow its text", f.Runbook)}
			}
		}
		plan.Flags = append(plan.Flags, t)
	}
	return plan
}

// Summary is the plan in one line, for an audit entry:
// `flags still on in canary: kb-suggest (runbook "Roll back": 1. Disable …; 2. …)`.
func (r RollbackPlan) Summary() string {
	if len(r.Flags) == 0 {
		return "no flag is recorded as on in " + r.Ring
	}
	parts := make([]string, len(r.Flags))
	for i, f := range r.Flags {
		steps := make([]string, len(f.Steps))
		for j, s := range f.Steps {
			steps[j] = fmt.Sprintf("%d. %s", j+1, s)
		}
		rb := ""
		if f.Runbook != "" {
			rb = fmt.Sprintf("runbook %q: ", f.Runbook)
		}
		parts[i] = fmt.Sprintf("%s (%s%s)", f.Key, rb, strings.Join(steps, "; "))
	}
	return "flags to turn off in " + r.Ring + ": " + strings.Join(parts, "; ")
}

// Lines is the plan for a terminal, one step per line, already printable.
func (r RollbackPlan) Lines() []string {
	if len(r.Flags) == 0 {
		return []string{"no flag is recorded as on in ring " + Line(r.Ring)}
	}
	out := []string{fmt.Sprintf("flags to turn off in ring %s:", Line(r.Ring))}
	for _, f := range r.Flags {
		head := "  " + Line(f.Key)
		if f.Owner != "" {
			head += " (owner " + Line(f.Owner) + ")"
		}
		if f.Runbook != "" {
			head += fmt.Sprintf(": runbook %q", Line(f.Runbook))
		}
		out = append(out, head)
		for j, s := range f.Steps {
			out = append(out, fmt.Sprintf("    %d. %s", j+1, Line(s)))
		}
	}
	return out
}

// RolledBackRings lists the rings whose status became rolled_back between
// two versions of a pilot, in rollout order.
func RolledBackRings(before, after *Pilot) []string {
	var out []string
	for _, r := range after.Rings {
		if r.Status != RingRolledBack {
			continue
		}
		if old, ok := before.Ring(r.Name); ok && old.Status == RingRolledBack {
			continue
		}
		out = append(out, r.Name)
	}
	return out
}

// FlagRings lists the rings a flag records a state for, in the pilot's
// ring order, then any others by name.
func (p *Pilot) FlagRings(f Flag) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Rings {
		if _, ok := f.States[r.Name]; ok {
			out = append(out, r.Name)
			seen[r.Name] = true
		}
	}
	var rest []string
	for r := range f.States {
		if !seen[r] {
			rest = append(rest, r)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

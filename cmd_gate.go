package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
	"ringside/model/gates"
)

// checkGateArgs validates --pilot and --gate, naming what is allowed.
func checkGateArgs(cmd, pilot, gate string) (model.GateID, error) {
	if pilot == "" {
		return "", usageErr("%s: which pilot? give --pilot SLUG", cmd)
	}
	if gate == "" {
		return "", usageErr("%s: which gate? give --gate G1|G2|G3|G4|G5|PRG", cmd)
	}
	id := model.GateID(strings.ToUpper(gate))
	if err := model.OneOf("gate", id, model.GateIDs); err != nil {
		return "", usageErr("%s: %v", cmd, err)
	}
	return id, nil
}

// loadGate opens the database and judges a gate of a pilot (app.Gate).
func loadGate(a *cli, slug string, id model.GateID) (*app.App, app.GateView, error) {
	ap, err := a.openApp()
	if err != nil {
		return nil, app.GateView{}, err
	}
	g, err := ap.Gate(context.Background(), slug, id, a.asOf)
	if err != nil {
		ap.Close()
		return nil, g, badInput(err)
	}
	return ap, g, nil
}

type gateOptions struct {
	App    *cli
	pilot  string
	gate   model.GateID
	asJSON bool
}

func newCmdGate(a *cli, runF func(*gateOptions) error) *cobra.Command {
	opts := &gateOptions{App: a}
	var gate string
	cmd := &cobra.Command{
		Use:     "gate --pilot SLUG --gate ID",
		Short:   "Readiness of a gate: criteria, evidence, blockers; exit 1 when not ready",
		Example: "  ringside gate --pilot claims-triage --gate G3\n  ringside --as-of 2026-11-20 gate --pilot claims-triage --gate PRG --json",
		Args:    noArgs("gate", ""),
		RunE: func(*cobra.Command, []string) error {
			id, err := checkGateArgs("gate", opts.pilot, gate)
			if err != nil {
				return err
			}
			opts.gate = id
			return runWith(runF, gateRun, opts)
		},
	}
	cmd.Flags().StringVar(&opts.pilot, "pilot", "", "pilot slug")
	cmd.Flags().StringVar(&gate, "gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON")
	completePilotFlag(a, cmd, "pilot")
	completeGateFlag(cmd, "gate")
	return cmd
}

func gateRun(o *gateOptions) error {
	a := o.App
	ap, g, err := loadGate(a, o.pilot, o.gate)
	if err != nil {
		return err
	}
	defer ap.Close()
	r := g.Readiness
	if o.asJSON {
		if err := writeJSON(a.stdout, r); err != nil {
			return err
		}
	} else {
		printReadiness(a.stdout, r)
	}
	if !r.Ready {
		return &exitError{1, fmt.Errorf("%s of %s is not ready: %d blocker(s)", r.Gate, r.Pilot, len(r.Blockers))}
	}
	return nil
}

var statusMark = map[string]string{gates.Met: "[x]", gates.Unmet: "[ ]", gates.Waived: "[~]", gates.Unknown: "[?]"}

func printReadiness(w io.Writer, r gates.Readiness) {
	verdict := "NOT READY"
	if r.Ready {
		verdict = "READY"
	}
	fmt.Fprintf(w, "%s %s — %s, as of %s: %s (%.0f %% of criteria met)\n\n", r.Gate, model.Line(r.GateName), model.Line(r.Pilot), r.AsOf, verdict, r.Share*100)
	for _, c := range r.Criteria {
		fmt.Fprintf(w, "%s %-8s %s\n", statusMark[c.Status], c.Status, model.Line(c.Text))
		if c.Evidence != "" {
			fmt.Fprintf(w, "             %s\n", model.Line(c.Evidence))
		}
	}
	if len(r.Blockers) > 0 {
		fmt.Fprintln(w, "\nBlockers:")
		for _, b := range r.Blockers {
			fmt.Fprintf(w, "  - %s\n", model.Line(b))
		}
	}
	if len(r.Signoffs) > 0 {
		fmt.Fprintln(w, "\nSign-offs:")
		for _, so := range r.Signoffs {
			stale := ""
			if so.Stale {
				stale = "  (stale: the checklist changed since)"
			}
			fmt.Fprintf(w, "  %-16s %-20s %-8s %s  %q%s\n", so.Role, model.Line(so.Person), so.Decision, so.At, model.Line(so.Meaning), stale)
		}
	}
	fmt.Fprintf(w, "\nchecklist %s\n", r.ChecklistHash)
}

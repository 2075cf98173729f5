package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/model"
	"ringside/store"
)

type signoffOptions struct {
	App              *cli
	pilot            string
	gate             model.GateID
	role             model.Role
	decision         model.Decision
	meaning, comment string
}

func newCmdSignoff(a *cli, runF func(*signoffOptions) error) *cobra.Command {
	opts := &signoffOptions{App: a}
	var gate, role, decision string
	cmd := &cobra.Command{
		Use:   "signoff --pilot SLUG --gate ID --role ROLE --decision D --meaning TEXT",
		Short: "Record a sign-off as the --as person (or the role's named owner)",
		Long: "Record a sign-off of a gate as the --as person, or as the role's named owner. The sign-off binds the\n" +
			"gate's checklist as it stands now: when the checklist changes afterwards, the sign-off shows as stale.",
		Example: "  ringside signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning \"Security controls verified\"",
		Args:    noArgs("signoff", ""),
		RunE: func(*cobra.Command, []string) error {
			if err := refuseAsOf(a, "signoff"); err != nil {
				return err
			}
			id, err := checkGateArgs("signoff", opts.pilot, gate)
			if err != nil {
				return err
			}
			if err := model.OneOf("role", model.Role(role), model.Roles); err != nil {
				return usageErr("signoff: %v", err)
			}
			if err := model.OneOf("decision", model.Decision(decision), model.Decisions); err != nil {
				return usageErr("signoff: %v", err)
			}
			if strings.TrimSpace(opts.meaning) == "" {
				return usageErr("signoff: say what the signature attests with --meaning TEXT, e.g. --meaning \"Security controls verified\"")
			}
			opts.gate, opts.role, opts.decision = id, model.Role(role), model.Decision(decision)
			return runWith(runF, signoffRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug")
	f.StringVar(&gate, "gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	f.StringVar(&role, "role", "", "role signing: "+joinRoles())
	f.StringVar(&decision, "decision", "", "approve, reject or abstain")
	f.StringVar(&opts.meaning, "meaning", "", "what the signature attests (required)")
	f.StringVar(&opts.comment, "comment", "", "optional comment")
	completePilotFlag(a, cmd, "pilot")
	completeGateFlag(cmd, "gate")
	completeStatic(cmd, "role", roleNames()...)
	completeStatic(cmd, "decision", "approve", "reject", "abstain")
	return cmd
}

func signoffRun(o *signoffOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	req := app.SignRequest{Actor: a.actor, Pilot: o.pilot, Gate: o.gate, Role: o.role, Decision: o.decision,
		Meaning: o.meaning, Comment: o.comment, AsOf: a.asOf}
	if a.asExplicit {
		req.Person = a.actor // --as signs, on behalf unless it names the role's owner
	}
	// app.Sign judges the gate inside the write that records the sign-off,
	// binds that checklist's hash and marks a signature on behalf, as the
	// cockpit's review does.
	signed, err := ap.Sign(context.Background(), req)
	var se *app.SignError
	switch {
	case errors.Is(err, app.ErrNoSigner):
		return usageErr("signoff: pilot %s names nobody as %s; sign with --as NAME (recorded as signed on behalf), or name an owner in the portfolio file", o.pilot, o.role)
	case errors.As(err, &se):
		return usageErr("signoff: %v", err)
	case errors.Is(err, store.ErrNotFound):
		return badInput(err)
	case err != nil:
		return err
	}
	so := signed.Signoff
	behalf := ""
	if so.OnBehalf {
		behalf = " (on behalf: not the role's named owner)"
	}
	fmt.Fprintf(a.stdout, "recorded: %s %s %s by %s%s at %s\nsigned checklist %s\n", o.gate, so.Role, so.Decision,
		model.Line(so.Person), behalf, so.At.Format(time.RFC3339), so.ChecklistHash)
	return nil
}

func joinRoles() string { return strings.Join(roleNames(), ", ") }

func roleNames() []string {
	var names []string
	for _, r := range model.Roles {
		names = append(names, string(r))
	}
	return names
}

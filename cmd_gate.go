package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"ringside/exporters"
	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/store"
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

// loadGate opens the database and judges a gate of a pilot.
func loadGate(a *app, slug string, id model.GateID) (*store.Store, assess.Input, gates.Readiness, error) {
	s, err := a.open()
	if err != nil {
		return nil, assess.Input{}, gates.Readiness{}, err
	}
	in, err := s.AssessInput(context.Background(), slug, a.asOf)
	if err != nil {
		s.Close()
		return nil, in, gates.Readiness{}, badInput(err)
	}
	r, err := assess.Gate(in, assess.Health(in), id)
	if err != nil {
		s.Close()
		return nil, in, r, badInput(err)
	}
	return s, in, r, nil
}

func cmdGate(a *app, args []string) error {
	fs := newFlags(a, "gate")
	pilot := fs.String("pilot", "", "pilot slug")
	gate := fs.String("gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(a, "gate", fs, args); err != nil {
		return err
	}
	id, err := checkGateArgs("gate", *pilot, *gate)
	if err != nil {
		return err
	}
	s, _, r, err := loadGate(a, *pilot, id)
	if err != nil {
		return err
	}
	defer s.Close()
	if *asJSON {
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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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

func cmdSignoff(a *app, args []string) error {
	fs := newFlags(a, "signoff")
	pilot := fs.String("pilot", "", "pilot slug")
	gate := fs.String("gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	role := fs.String("role", "", "role signing: "+joinRoles())
	decision := fs.String("decision", "", "approve, reject or abstain")
	meaning := fs.String("meaning", "", "what the signature attests (required)")
	comment := fs.String("comment", "", "optional comment")
	if _, err := parseFlags(a, "signoff", fs, args); err != nil {
		return err
	}
	id, err := checkGateArgs("signoff", *pilot, *gate)
	if err != nil {
		return err
	}
	if err := model.OneOf("role", model.Role(*role), model.Roles); err != nil {
		return usageErr("signoff: %v", err)
	}
	if err := model.OneOf("decision", model.Decision(*decision), model.Decisions); err != nil {
		return usageErr("signoff: %v", err)
	}
	if strings.TrimSpace(*meaning) == "" {
		return usageErr("signoff: say what the signature attests with --meaning TEXT, e.g. --meaning \"Security controls verified\"")
	}
	s, in, r, err := loadGate(a, *pilot, id)
	if err != nil {
		return err
	}
	defer s.Close()
	var person string
	switch owner := in.Pilot.Owners[model.Role(*role)]; {
	case a.asExplicit:
		person = a.actor
	case owner != "":
		person = owner
	default:
		return usageErr("signoff: pilot %s names nobody as %s; sign with --as NAME (recorded as signed on behalf), or name an owner in the portfolio file", *pilot, *role)
	}
	// gates.Sign binds the checklist hash and marks a signature on behalf, as the cockpit's review does.
	so, err := gates.Sign(in.Pilot, r, model.Role(*role), model.Decision(*decision), *meaning, *comment, person, a.now())
	if err != nil {
		return usageErr("signoff: %v", err)
	}
	summary := fmt.Sprintf("%s %s %s: %s (%s)", id, so.Role, so.Decision, so.Person, so.Meaning)
	_, err = s.UpdatePilot(context.Background(), a.actor, *pilot, "signoff", summary, func(p *model.Pilot) error {
		p.Signoffs = append(p.Signoffs, so)
		return nil
	})
	if err != nil {
		return err
	}
	behalf := ""
	if so.OnBehalf {
		behalf = " (on behalf: not the role's named owner)"
	}
	fmt.Fprintf(a.stdout, "recorded: %s %s %s by %s%s at %s\nsigned checklist %s\n", id, so.Role, so.Decision,
		model.Line(so.Person), behalf, so.At.Format(time.RFC3339), so.ChecklistHash)
	return nil
}

func joinRoles() string {
	var names []string
	for _, r := range model.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func cmdExportChecklist(a *app, args []string) error {
	fs := newFlags(a, "export")
	pilot := fs.String("pilot", "", "pilot slug")
	gate := fs.String("gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	format := fs.String("format", "", "md, csv, json or html")
	out := fs.String("o", "", "write to FILE instead of standard output")
	if _, err := parseFlags(a, "export", fs, args); err != nil {
		return err
	}
	id, err := checkGateArgs("export checklist", *pilot, *gate)
	if err != nil {
		return err
	}
	if err := model.OneOf("format", *format, exporters.ChecklistFormats); err != nil {
		return usageErr("export checklist: %v", err)
	}
	s, in, r, err := loadGate(a, *pilot, id)
	if err != nil {
		return err
	}
	defer s.Close()
	head, err := s.HeadHash(context.Background())
	if err != nil {
		return err
	}
	c := exporters.Checklist{Readiness: r, PilotName: in.Pilot.Name, Stage: string(in.Pilot.Stage),
		Review: gates.LatestReview(in.Pilot, id), HeadHash: head, ExportedAt: a.now().UTC().Truncate(time.Second)}
	return writeOutput(a, *out, func(w io.Writer) error { return exporters.WriteChecklist(w, c, *format) })
}

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"ringside/model"
	"ringside/model/triage"
)

type triageReport struct {
	AsOf   string        `json:"as_of"`
	Pilots []triageEntry `json:"pilots"`
}

type triageEntry struct {
	Pilot string        `json:"pilot"`
	Name  string        `json:"name"`
	Stage string        `json:"stage"`
	Flags []triage.Flag `json:"flags"`
}

type triageOptions struct {
	App    *cli
	asJSON bool
}

func newCmdTriage(a *cli, runF func(*triageOptions) error) *cobra.Command {
	opts := &triageOptions{App: a}
	cmd := &cobra.Command{
		Use:     "triage",
		Short:   "Flag abandoned, zombie, cost-trap and governance-gap pilots; exit 1 when any is flagged",
		Example: "  ringside triage\n  ringside triage --json",
		Args:    noArgs("triage", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, triageRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON")
	return cmd
}

func triageRun(o *triageOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	ins, all, err := ap.Portfolio(context.Background(), a.asOf)
	if err != nil {
		return err
	}
	rep := triageReport{AsOf: a.asOf.String(), Pilots: []triageEntry{}}
	flagged := 0
	for i, in := range ins {
		as := all[i]
		e := triageEntry{Pilot: in.Pilot.Slug, Name: in.Pilot.Name, Stage: string(in.Pilot.Stage), Flags: as.Flags}
		if e.Flags == nil {
			e.Flags = []triage.Flag{}
		}
		if len(e.Flags) > 0 {
			flagged++
		}
		rep.Pilots = append(rep.Pilots, e)
	}
	if o.asJSON {
		if err := writeJSON(a.stdout, rep); err != nil {
			return err
		}
	} else {
		for _, e := range rep.Pilots {
			if len(e.Flags) == 0 {
				fmt.Fprintf(a.stdout, "ok       %-26s %s\n", model.Line(e.Pilot), e.Stage)
				continue
			}
			var kinds []string
			for _, f := range e.Flags {
				kinds = append(kinds, f.Kind)
			}
			fmt.Fprintf(a.stdout, "FLAGGED  %-26s %-11s %s\n", model.Line(e.Pilot), e.Stage, strings.Join(kinds, ", "))
			for _, f := range e.Flags {
				for _, ev := range f.Evidence {
					fmt.Fprintf(a.stdout, "           %s: %s\n", f.Kind, model.Line(ev))
				}
			}
		}
	}
	if flagged > 0 {
		return &exitError{1, fmt.Errorf("%d of %d pilots flagged (as of %s)", flagged, len(rep.Pilots), a.asOf)}
	}
	return nil
}

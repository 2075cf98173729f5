package main

import (
	"context"
	"fmt"
	"strings"

	"ringside/model"
	"ringside/model/assess"
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

func cmdTriage(a *app, args []string) error {
	fs := newFlags(a, "triage")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(a, "triage", fs, args); err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ins, err := s.AssessInputs(context.Background(), a.asOf)
	if err != nil {
		return err
	}
	rep := triageReport{AsOf: a.asOf.String(), Pilots: []triageEntry{}}
	flagged := 0
	for _, in := range ins {
		as := assess.Pilot(in)
		e := triageEntry{Pilot: in.Pilot.Slug, Name: in.Pilot.Name, Stage: string(in.Pilot.Stage), Flags: as.Flags}
		if e.Flags == nil {
			e.Flags = []triage.Flag{}
		}
		if len(e.Flags) > 0 {
			flagged++
		}
		rep.Pilots = append(rep.Pilots, e)
	}
	if *asJSON {
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

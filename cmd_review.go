package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"ringside/exporters"
	"ringside/model"
	"ringside/model/gates"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdReview(a *app, args []string) error {
	fs := newFlags(a, "review")
	pilot := fs.String("pilot", "", "pilot slug")
	gate := fs.String("gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	decision := fs.String("decision", "", "record a decided review without the cockpit: go, conditional, hold, recycle or kill")
	date := fs.String("date", "", "day of the meeting (default: the --as-of day)")
	var attendees, conditions, actions, notes listFlag
	fs.Var(&attendees, "attendee", "who attended (repeat the flag)")
	fs.Var(&conditions, "condition", "a condition of a conditional go (repeat)")
	fs.Var(&actions, "action", `an action item "what; who; YYYY-MM-DD" (repeat)`)
	fs.Var(&notes, "note", `a note on a criterion "CRITERION-ID=text" (repeat)`)
	minutes := fs.String("minutes", "", "also write the minutes to FILE (Markdown; a printable page when FILE ends in .html)")
	if _, err := parseFlags(a, "review", fs, args); err != nil {
		return err
	}
	id, err := checkGateArgs("review", *pilot, *gate)
	if err != nil {
		return err
	}
	if *decision == "" {
		return cmdCockpit(a, cockpitOptions{review: &reviewTarget{pilot: *pilot, gate: id}})
	}
	if err := model.OneOf("decision", model.ReviewDecision(*decision), model.ReviewDecisions); err != nil {
		return usageErr("review: %v", err)
	}
	rv := model.GateReview{Gate: id, Date: a.asOf, Attendees: attendees, Decision: model.ReviewDecision(*decision), Conditions: conditions}
	if *date != "" {
		if rv.Date, err = model.ParseDate(*date); err != nil {
			return usageErr("review --date: %v", err)
		}
	}
	for _, n := range notes {
		k, v, ok := strings.Cut(n, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usageErr("review --note %q: write CRITERION-ID=text, e.g. --note \"g3-kpis-pilot=Triage time down 31 %%\"", n)
		}
		if rv.Notes == nil {
			rv.Notes = map[string]string{}
		}
		rv.Notes[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	for _, act := range actions {
		parts := strings.Split(act, ";")
		if len(parts) != 3 {
			return usageErr(`review --action %q: write "what; who; YYYY-MM-DD"`, act)
		}
		due, err := model.ParseDate(parts[2])
		if err != nil {
			return usageErr("review --action %q: %v", act, err)
		}
		rv.Actions = append(rv.Actions, model.ActionItem{What: strings.TrimSpace(parts[0]), Who: strings.TrimSpace(parts[1]), Due: due})
	}
	s, _, r, err := loadGate(a, *pilot, id)
	if err != nil {
		return err
	}
	defer s.Close()
	var moved model.Stage
	summary := fmt.Sprintf("%s review: %s (attendees: %s)", id, rv.Decision, strings.Join(rv.Attendees, ", "))
	p, err := s.UpdatePilot(context.Background(), a.actor, *pilot, "review", summary, func(p *model.Pilot) error {
		var err error
		moved, err = gates.RecordReview(p, rv, r)
		return err
	})
	if err != nil {
		return badInput(fmt.Errorf("review: %v (nothing was recorded)", err))
	}
	fmt.Fprintf(a.stdout, "recorded %s review of %s on %s: %s\n", id, *pilot, rv.Date, rv.Decision)
	if moved != "" {
		fmt.Fprintf(a.stdout, "stage: %s now\n", moved)
	}
	if *minutes != "" {
		head, err := s.HeadHash(context.Background())
		if err != nil {
			return err
		}
		m := exporters.Minutes{PilotName: p.Name, Review: rv, Readiness: r, HeadHash: head, ExportedAt: a.now().UTC().Truncate(time.Second)}
		format := exporters.MinutesFormatOf(*minutes) // FILE.html: the printable page
		return writeOutput(a, *minutes, func(w io.Writer) error { return exporters.WriteMinutesAs(w, m, format) })
	}
	return nil
}

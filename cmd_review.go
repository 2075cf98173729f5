package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/exporters"
	"ringside/model"
	"ringside/store"
)

type reviewOptions struct {
	App     *cli
	pilot   string
	gate    model.GateID
	review  *model.GateReview // nil: open the cockpit's meeting mode
	minutes string
}

func newCmdReview(a *cli, runF func(*reviewOptions) error) *cobra.Command {
	opts := &reviewOptions{App: a}
	var gate, decision, date string
	var attendees, conditions, actions, notes []string
	cmd := &cobra.Command{
		Use:   "review --pilot SLUG --gate ID",
		Short: "Open the cockpit in gate-review (meeting) mode, or record a decided review",
		Long: "Open the cockpit in gate-review (meeting) mode. With --decision, record a review decided elsewhere\n" +
			"instead: go, conditional, hold, recycle or kill. A reject sign-off blocks go and conditional.",
		Example: "  ringside review --pilot claims-triage --gate G3\n" +
			"  ringside review --pilot claims-triage --gate G3 --decision hold --attendee \"Dana Ruiz\" --attendee \"Lee Park\"",
		Args: noArgs("review", ""),
		RunE: func(*cobra.Command, []string) error {
			id, err := checkGateArgs("review", opts.pilot, gate)
			if err != nil {
				return err
			}
			opts.gate = id
			if decision == "" {
				return runWith(runF, reviewRun, opts)
			}
			if err := refuseAsOf(a, "review --decision"); err != nil {
				return err
			}
			if err := model.OneOf("decision", model.ReviewDecision(decision), model.ReviewDecisions); err != nil {
				return usageErr("review: %v", err)
			}
			rv := model.GateReview{Gate: id, Date: a.asOf, Attendees: attendees, Decision: model.ReviewDecision(decision), Conditions: conditions}
			if date != "" {
				if rv.Date, err = model.ParseDate(date); err != nil {
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
			opts.review = &rv
			return runWith(runF, reviewRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug")
	f.StringVar(&gate, "gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	f.StringVar(&decision, "decision", "", "record a decided review without the cockpit: go, conditional, hold, recycle or kill")
	f.StringVar(&date, "date", "", "day of the meeting (default: today)")
	f.StringArrayVar(&attendees, "attendee", nil, "who attended (repeat the flag)")
	f.StringArrayVar(&conditions, "condition", nil, "a condition of a conditional go (repeat)")
	f.StringArrayVar(&actions, "action", nil, `an action item "what; who; YYYY-MM-DD" (repeat)`)
	f.StringArrayVar(&notes, "note", nil, `a note on a criterion "CRITERION-ID=text" (repeat)`)
	f.StringVar(&opts.minutes, "minutes", "", "also write the minutes to FILE (Markdown; a printable page when FILE ends in .html)")
	completePilotFlag(a, cmd, "pilot")
	completeGateFlag(cmd, "gate")
	completeStatic(cmd, "decision", "go", "conditional", "hold", "recycle", "kill")
	return cmd
}

func reviewRun(o *reviewOptions) error {
	a := o.App
	if o.review == nil {
		return cockpitRun(&cockpitOptions{App: a, noMouse: a.noMouse, review: &reviewTarget{pilot: o.pilot, gate: o.gate}})
	}
	id, rv := o.gate, *o.review
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	// app.RecordReview judges the gate inside the write that records the
	// decision: a reject recorded up to that moment blocks a go.
	d, err := ap.RecordReview(context.Background(), a.change(nil), o.pilot, rv, a.asOf, nil)
	var re *app.ReviewError
	switch {
	case errors.As(err, &re):
		return badInput(fmt.Errorf("review: %w (nothing was recorded)", err))
	case errors.Is(err, store.ErrNotFound):
		return badInput(fmt.Errorf("review: %w", err))
	case err != nil:
		return err
	}
	fmt.Fprintf(a.stdout, "recorded %s review of %s on %s: %s\n", id, o.pilot, rv.Date, rv.Decision)
	if d.Moved != "" {
		fmt.Fprintf(a.stdout, "stage: %s now\n", d.Moved)
	}
	if o.minutes != "" {
		m, err := ap.MinutesOf(context.Background(), d)
		if err != nil {
			return err
		}
		format := exporters.MinutesFormatOf(o.minutes) // FILE.html: the printable page
		return writeOutput(a, o.minutes, func(w io.Writer) error { return exporters.WriteMinutesAs(w, m, format) })
	}
	return nil
}

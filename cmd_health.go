package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/exporters"
	"ringside/model"
	"ringside/model/health"
	"ringside/store"
)

type healthOptions struct {
	App    *cli
	pilot  string
	asJSON bool
}

// newCmdHealth is `ringside health [--pilot SLUG] [--json]`: every ring of
// every pilot (or one) judged as of --as-of; exit 1 when a ring fails or a
// rollback trigger fires.
func newCmdHealth(a *cli, runF func(*healthOptions) error) *cobra.Command {
	opts := &healthOptions{App: a}
	cmd := &cobra.Command{
		Use:     "health",
		Short:   "Ring health against the agreed KPIs; exit 1 when a ring fails or a trigger fires",
		Example: "  ringside health\n  ringside health --pilot claims-triage --as-of 2026-11-20 --json",
		Args:    noArgs("health", " (name a pilot with --pilot SLUG)"),
		// A short run that allocates a few MB: collecting garbage as it goes
		// would cost more than the memory it saves (main sets it); over a
		// big portfolio the soft limit keeps the collector's headroom from
		// growing the heap to 5× the pilots in flight (100,000 series: 83 MB
		// peak without it, 60 MB with it, the same CPU).
		Annotations: map[string]string{gcAnnotation: "400", memLimitAnnotation: "40"},
		RunE:        func(*cobra.Command, []string) error { return runWith(runF, healthRun, opts) },
	}
	cmd.Flags().StringVar(&opts.pilot, "pilot", "", "judge only this pilot (default: every pilot)")
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print the verdicts as JSON")
	completePilotFlag(a, cmd, "pilot")
	return cmd
}

func healthRun(o *healthOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	ctx := context.Background()
	out := newHealthOut(a.stdout)
	var failed []string
	n := 0
	if o.asJSON {
		// Compact, as the spec shows it (writeJSONCompact says why), one
		// pilot's object at a time; the day is a plain YYYY-MM-DD.
		out.Write(fmt.Appendf(nil, `{"as_of":%q,"pilots":[`, a.asOf.String()))
	}
	// Each pilot is rendered by the evaluator's workers, as JSON or text:
	// its head (slug, name, day) and its body (the rings), which pilots of
	// one definition without data share.
	render := app.Render{
		Head: func(b []byte, ph health.PilotHealth) []byte {
			if o.asJSON {
				// The bytes writeJSONCompact writes, by hand: the reflection
				// encoder was a third of a thousand-pilot run.
				return exporters.AppendPilotHealthJSONHead(b, ph)
			}
			return appendPilotHealthTitle(b, ph, a.asOf)
		},
		Body: func(b []byte, ph health.PilotHealth) ([]byte, error) {
			if o.asJSON {
				return exporters.AppendPilotHealthJSONBody(b, ph)
			}
			buf := bytes.NewBuffer(b)
			printPilotHealthRings(buf, ph)
			return buf.Bytes(), nil
		},
	}
	err = ap.HealthEach(ctx, o.pilot, a.asOf, render, func(v app.Verdict) error {
		if n > 0 {
			if o.asJSON {
				out.WriteString(",")
			} else {
				out.WriteString("\n")
			}
		}
		n++
		if v.Failed {
			failed = append(failed, model.Line(v.Pilot))
		}
		out.Write(v.Out)
		out.Keep(v.Shared) // a shared body never changes: written where it is
		return out.Err()
	})
	if errors.Is(err, store.ErrNotFound) && o.pilot != "" {
		return usageErr("health: unknown pilot %q: see the slugs with ringside health, or create it with ringside apply -f FILE", model.Line(o.pilot))
	}
	if err != nil {
		return err
	}
	if o.asJSON {
		out.WriteString("]}\n")
	} else if n == 0 {
		out.WriteString("no pilots yet: load some with ringside apply -f FILE (or try ringside demo)\n")
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if len(failed) > 0 {
		names := strings.Join(failed, ", ")
		if len(failed) > 5 {
			names = fmt.Sprintf("%s and %d more", strings.Join(failed[:5], ", "), len(failed)-5)
		}
		return problem("health: a ring fails or a rollback trigger fired in %s (see why above)", names)
	}
	return nil
}

// appendPilotHealthTitle is the head of a pilot's verdicts in text: its
// title line; printPilotHealthRings writes the body.
func appendPilotHealthTitle(b []byte, ph health.PilotHealth, asOf model.Date) []byte {
	title := model.Line(ph.Pilot)
	if ph.Name != "" {
		title += " · " + model.Line(ph.Name)
	}
	return fmt.Appendf(b, "%s  (as of %s)\n", title, asOf)
}

// printPilotHealthRings writes a pilot's verdicts after the title: each
// ring's verdict and a table of its KPIs: status, current vs baseline,
// change, target, trigger and why. It depends on the rings alone.
// Rings judged alike share their KPI verdicts (health.Evaluate): their
// table and SLO lines are the same bytes, written once and copied.
func printPilotHealthRings(w *bytes.Buffer, ph health.PilotHealth) {
	if len(ph.Rings) == 0 {
		fmt.Fprintln(w, "  no rings defined: add rings to the pilot to judge its health")
		return
	}
	var shared []health.KPIHealth // the KPIs of the table at w's [from, to)
	from, to := 0, 0
	for _, r := range ph.Rings {
		line := "  " + model.Line(health.RingVerdict(r))
		fmt.Fprintln(w, line)
		if reason := r.Deciding(); reason != "" {
			fmt.Fprintf(w, "    %s\n", model.Line(reason))
		}
		if len(r.KPIs) == 0 {
			continue
		}
		if len(shared) == len(r.KPIs) && &shared[0] == &r.KPIs[0] {
			w.Write(w.Bytes()[from:to])
			continue
		}
		shared, from = r.KPIs, w.Len()
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "    KPI\tSTATUS\tCURRENT\tCI\tBASELINE\tΔ\tPCT\tTARGET\tTRIGGER\tWHY")
		for _, k := range r.KPIs {
			status := string(k.Status)
			if k.Rollback {
				status += " ROLLBACK"
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				model.Line(k.Key), status, healthUnit(healthNumPtr(k.Current, k.Unit), k.Unit), healthCI(k), healthNumPtr(k.Baseline, k.Unit), healthSigned(k.Delta, k.Unit), healthPct(k.Pct),
				healthDash(model.Line(k.Target)), healthDash(model.Line(k.Trigger)), model.Line(k.Deciding()))
		}
		tw.Flush()
		printSLOs(w, r)
		to = w.Len()
	}
}

// healthNum shows a figure by the one rounding rule (model.Num), as the
// cockpit and the gate evidence do; the JSON keeps full precision.
func healthNum(x float64) string { return model.Num(x) }

// healthCI is the interval of the current level, "7.92…8.12 @95%", or –.
func healthCI(k health.KPIHealth) string {
	if k.CILow == nil || k.CIHigh == nil || k.Confidence == nil {
		return "–"
	}
	s := model.NumIn(*k.CILow, k.Unit) + "…" + model.NumIn(*k.CIHigh, k.Unit) + " @" + healthNum(*k.Confidence*100) + "%"
	if k.Conclusive != nil && !*k.Conclusive {
		s += " ?"
	}
	return s
}

// healthNumPtr is a figure in unit (model.NumIn), or –.
func healthNumPtr(p *float64, unit string) string {
	if p == nil {
		return "–"
	}
	return model.NumIn(*p, unit)
}

func healthSigned(p *float64, unit string) string {
	if p == nil {
		return "–"
	}
	return model.SignedIn(*p, unit)
}

func healthPct(p *float64) string {
	if p == nil {
		return "–"
	}
	return model.PctChange(*p) // as the reasons, gate evidence and cockpit write it
}

func healthUnit(s, unit string) string {
	if s == "–" || unit == "" {
		return s
	}
	return s + " " + model.Line(unit)
}

func healthDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/payback"
)

// paybackReport is `payback --json`: the projection plus, for a pilot, a
// what-if at the broadest ring's population.
type paybackReport struct {
	payback.Result
	Pilot  string  `json:"pilot,omitempty"`
	WhatIf *whatIf `json:"what_if,omitempty"`
}

type whatIf struct {
	FromRing string           `json:"from_ring"`
	ToRing   string           `json:"to_ring"`
	Scale    float64          `json:"population_scale"`
	Result   payback.Scenario `json:"projection"`
}

type paybackOptions struct {
	App         *cli
	pilot, ring string
	asJSON      bool
	model       *model.PaybackModel // the numbers given on the command line; nil with --pilot
}

func newCmdPayback(a *cli, runF func(*paybackOptions) error) *cobra.Command {
	opts := &paybackOptions{App: a}
	var m model.PaybackModel
	var benefit, discount float64
	var ramp string
	cmd := &cobra.Command{
		Use:   "payback (--pilot SLUG | --one-time N --run-cost N ...)",
		Short: "Payback projection: break-even month, NPV, scenarios",
		Example: "  ringside payback --pilot claims-triage\n" +
			"  ringside payback --one-time 180000 --run-cost 60000 --annual-benefit 250000 --json",
		Args: noArgs("payback", ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			set := cmd.Flags().Changed
			modelFlags := []string{"one-time", "run-cost", "annual-benefit", "volume", "minutes", "cost-per-minute", "reduction", "ramp", "discount-rate", "horizon", "risk-adjustment"}
			if opts.pilot != "" {
				for _, f := range modelFlags {
					if set(f) {
						return usageErr("payback: --%s cannot be combined with --pilot: either project a pilot's model, or give the numbers", f)
					}
				}
				return runWith(runF, paybackRun, opts)
			}
			if set("ring") {
				return usageErr("payback: --ring needs --pilot")
			}
			if !set("one-time") || !set("run-cost") {
				return usageErr("payback: give --pilot SLUG, or --one-time N --run-cost N with --annual-benefit N or the four drivers --volume --minutes --cost-per-minute --reduction")
			}
			drivers := 0
			for _, f := range []string{"volume", "minutes", "cost-per-minute", "reduction"} {
				if set(f) {
					drivers++
				}
			}
			switch {
			case set("annual-benefit") && drivers > 0:
				return usageErr("payback: give either --annual-benefit or the drivers (--volume, --minutes, --cost-per-minute, --reduction), not both")
			case !set("annual-benefit") && drivers < 4:
				return usageErr("payback: the benefit needs --annual-benefit N, or all four of --volume, --minutes, --cost-per-minute and --reduction")
			}
			if set("annual-benefit") {
				m.AnnualBenefit = &benefit
			}
			m.DiscountRate = &discount
			if ramp != "" {
				for _, part := range strings.Split(ramp, ",") {
					v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
					if err != nil {
						return usageErr("payback: --ramp %q: %q is not a number; write shares like 0.25,0.5,1", ramp, part)
					}
					m.Ramp = append(m.Ramp, v)
				}
			}
			if m.HorizonMonths <= 0 {
				return usageErr("payback: --horizon %d: give a number of months from 1 to %d", m.HorizonMonths, payback.MaxHorizonMonths)
			}
			opts.model = &m
			return runWith(runF, paybackRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug: project its payback model")
	f.StringVar(&opts.ring, "ring", "", "with --pilot: ring whose measurement supplies a KPI-based reduction")
	f.BoolVar(&opts.asJSON, "json", false, "print JSON")
	f.Float64Var(&m.OneTimeCost, "one-time", 0, "one-time cost (pilot + hardening)")
	f.Float64Var(&m.AnnualRunCost, "run-cost", 0, "annual run cost")
	f.Float64Var(&benefit, "annual-benefit", 0, "annual benefit (or give the four drivers)")
	f.Float64Var(&m.VolumePerMonth, "volume", 0, "driver: units per month")
	f.Float64Var(&m.MinutesPerUnit, "minutes", 0, "driver: minutes per unit")
	f.Float64Var(&m.CostPerMinute, "cost-per-minute", 0, "driver: cost per minute")
	f.Float64Var(&m.Reduction, "reduction", 0, "driver: share of minutes saved, 0–1")
	f.StringVar(&ramp, "ramp", "", "share of full benefit by month, e.g. 0.25,0.5,1")
	f.Float64Var(&discount, "discount-rate", model.DefaultDiscountRate, "annual discount rate")
	f.IntVar(&m.HorizonMonths, "horizon", model.DefaultHorizonMonths, "months to project")
	f.Float64Var(&m.RiskAdjustment, "risk-adjustment", 0, "benefit haircut of the pessimistic scenario, 0–1")
	completePilotFlag(a, cmd, "pilot")
	completeRingFlag(a, cmd, "ring")
	return cmd
}

func paybackRun(o *paybackOptions) error {
	a := o.App
	var report paybackReport
	if o.model == nil {
		r, err := pilotPayback(a, o.pilot, o.ring)
		if err != nil {
			return err
		}
		report = r
	} else {
		r, err := payback.Project(*o.model, payback.Options{})
		if err != nil {
			return paybackErr(err)
		}
		report.Result = r
	}
	if o.asJSON {
		return writeJSON(a.stdout, report)
	}
	printPayback(a.stdout, report)
	return nil
}

func paybackErr(err error) error {
	if errors.Is(err, payback.ErrInvalid) {
		return usageErr("payback: %v", err)
	}
	return badInput(err)
}

func pilotPayback(a *cli, slug, ring string) (paybackReport, error) {
	ap, err := a.openApp()
	if err != nil {
		return paybackReport{}, err
	}
	defer ap.Close()
	in, err := ap.PilotInput(context.Background(), slug, a.asOf)
	if err != nil {
		return paybackReport{}, badInput(err)
	}
	if ring != "" {
		if _, ok := in.Pilot.Ring(ring); !ok {
			return paybackReport{}, usageErr("payback: pilot %s has no ring %q", slug, ring)
		}
	}
	h := assess.Health(in)
	r, err := assess.Payback(in, h, ring, 1)
	if err != nil {
		return paybackReport{}, paybackErr(err)
	}
	rep := paybackReport{Result: r, Pilot: slug}
	// What-if: the same case at the broadest ring's population.
	from := ring
	if from == "" {
		from = assess.PaybackRing(in.Pilot, h)
	}
	fr, ok1 := in.Pilot.Ring(from)
	last := in.Pilot.Rings[len(in.Pilot.Rings)-1:]
	if ok1 && len(last) == 1 && last[0].Name != from && fr.Population > 0 && last[0].Population > fr.Population {
		scale := float64(last[0].Population) / float64(fr.Population)
		if wr, err := assess.Payback(in, h, ring, scale); err == nil {
			rep.WhatIf = &whatIf{FromRing: from, ToRing: last[0].Name, Scale: scale, Result: wr.Scenarios.Expected}
		}
	}
	return rep, nil
}

// money shows an amount as the payback engine groups it.
func money(v float64) string { return payback.Grouped(v) }

func months(v *float64) string {
	if v == nil {
		return "never (within the horizon)"
	}
	return fmt.Sprintf("%.1f months", *v)
}

func printPayback(w io.Writer, r paybackReport) {
	if r.Pilot != "" {
		fmt.Fprintf(w, "Payback of %s\n\n", model.Line(r.Pilot))
	}
	if src := r.ReductionSource; src != nil {
		fmt.Fprintf(w, "reduction measured: KPI %s in ring %s as of %s: %.1f %% (spread %.1f %%)\n",
			model.Line(src.KPI), model.Line(src.Ring), src.AsOf, src.Fraction*100, src.Spread*100)
	}
	for _, why := range r.Why {
		fmt.Fprintf(w, "%s\n", model.Line(why))
	}
	f := r.Formula
	rows := [][2]string{
		{"annual benefit", f.AnnualBenefit}, {"annual run cost", f.AnnualRunCost}, {"annual net", f.AnnualNet},
		{"monthly net", f.MonthlyNet}, {"simple payback", f.Payback}, {"break-even", f.BreakEven},
		{"monthly rate", f.MonthlyRate}, {"NPV", f.NPV}, {"discounted payback", f.DiscountedPayback},
	}
	if f.Reduction != "" {
		rows = append([][2]string{{"reduction", f.Reduction}}, rows...)
	}
	for _, row := range rows {
		if row[1] != "" {
			fmt.Fprintf(w, "  %-19s %s\n", row[0], model.Line(row[1]))
		}
	}
	fmt.Fprintf(w, "\none-time cost %s · payback %s · break-even %s · NPV %s over %d months\n\n",
		money(r.OneTimeCost), months(r.PaybackMonths), months(r.BreakEvenMonth), money(r.NPV), r.Inputs.HorizonMonths)
	fmt.Fprintf(w, "  %-12s %14s %14s %28s %14s\n", "scenario", "annual benefit", "annual net", "break-even", "NPV")
	for _, sc := range []struct {
		name string
		s    payback.Scenario
	}{{"pessimistic", r.Scenarios.Pessimistic}, {"expected", r.Scenarios.Expected}, {"optimistic", r.Scenarios.Optimistic}} {
		fmt.Fprintf(w, "  %-12s %14s %14s %28s %14s\n", sc.name, money(sc.s.AnnualBenefit), money(sc.s.AnnualNet), months(sc.s.BreakEvenMonth), money(sc.s.NPV))
	}
	if r.WhatIf != nil {
		fmt.Fprintf(w, "\nwhat-if at %s's population (%.1f× %s): annual net %s, break-even %s, NPV %s\n",
			model.Line(r.WhatIf.ToRing), r.WhatIf.Scale, model.Line(r.WhatIf.FromRing), money(r.WhatIf.Result.AnnualNet), months(r.WhatIf.Result.BreakEvenMonth), money(r.WhatIf.Result.NPV))
	}
	fmt.Fprintln(w, "\ncumulative net benefit by month (◆ break-even):")
	fmt.Fprint(w, payback.Chart(r.Result, 72, 14))
}

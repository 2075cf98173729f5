package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/importers"
	"ringside/model"
	"ringside/model/assess"
	"ringside/store"
)

//go:embed testdata/demo/portfolio.yaml testdata/demo/metrics/*.csv
var demoFiles embed.FS

// demoReference is the day the demo data was written for: its metrics end
// the day before. Loading shifts every date by (anchor − reference), so the
// demo looks current on whatever day it is first loaded.
var demoReference = model.MustDate("2026-11-20")

const demoAnchorKey = "demo_anchor"

type demoOptions struct{ App *cli }

func newCmdDemo(a *cli, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{App: a}
	return &cobra.Command{
		Use:   "demo",
		Short: "Load the demo portfolio and its metrics into the database (idempotent)",
		Long: "Load the demo portfolio and its metrics into the database. The first load anchors the demo's dates to\n" +
			"the --as-of day (default today); loading again changes nothing.",
		Example: "  ringside demo && ringside health\n  ringside --db demo.db --as-of 2026-11-20 demo",
		Args:    noArgs("demo", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, demoRun, opts) },
	}
}

func demoRun(o *demoOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	return loadDemo(a, ap)
}

// loadDemo applies the demo portfolio and imports its metrics. The first
// load fixes the anchor day (the --as-of day, default today); later loads
// reuse it, so loading again changes nothing.
func loadDemo(a *cli, ap *app.App) error {
	ctx := context.Background()
	s := ap.Store()
	anchor := a.asOf
	if v, ok, err := s.Meta(ctx, demoAnchorKey); err != nil {
		return err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("demo anchor %q in the database is not a day number", v)
		}
		anchor = model.Date(n)
	}
	shift := int(anchor - demoReference)
	raw, err := demoFiles.ReadFile("testdata/demo/portfolio.yaml")
	if err != nil {
		return err
	}
	pf, err := importers.ReadPortfolioFile(bytes.NewReader(raw), "demo/portfolio.yaml")
	if err != nil {
		return fmt.Errorf("the built-in demo portfolio does not load (a bug; please report it): %w", err)
	}
	pilots := pf.Pilots
	for i := range pilots {
		shiftPilot(&pilots[i], shift)
	}
	shiftCalendar(pf.Calendar, shift) // change windows (cmd_demo_calendar.go)
	res, err := s.ApplyPortfolio(ctx, a.actor, store.DemoSource, pf)
	if err != nil {
		return err
	}
	if err := s.SetMeta(ctx, demoAnchorKey, strconv.Itoa(int(anchor))); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "demo portfolio: %d created, %d updated, %d unchanged (dates anchored to %s)\n",
		len(res.Created), len(res.Updated), len(res.Unchanged), anchor)
	if err := loadDemoMetrics(a, ap, shift); err != nil {
		return err
	}
	return stampDemoSignoffs(a, ap, anchor)
}

// stampDemoSignoffs binds the demo's sign-offs, written without a checklist
// hash, to their gate's checklist as it stands on the anchor day, so the
// demo opens with current signatures rather than stale ones. Stamped once:
// a later load finds nothing left to stamp.
func stampDemoSignoffs(a *cli, ap *app.App, anchor model.Date) error {
	ctx := context.Background()
	s := ap.Store()
	ins, err := ap.PortfolioInputs(ctx, anchor)
	if err != nil {
		return err
	}
	for _, in := range ins {
		hashes := map[model.GateID]string{}
		for _, so := range in.Pilot.Signoffs {
			if so.ChecklistHash != "" || hashes[so.Gate] != "" {
				continue
			}
			r, err := assess.Gate(in, assess.Health(in), so.Gate)
			if err != nil {
				return err
			}
			hashes[so.Gate] = r.ChecklistHash
		}
		if len(hashes) == 0 {
			continue
		}
		_, err := s.UpdatePilot(ctx, a.actor, in.Pilot.Slug, "signoff.stamp", "demo sign-offs bound to their checklists", func(p *model.Pilot) error {
			for i := range p.Signoffs {
				if p.Signoffs[i].ChecklistHash == "" {
					p.Signoffs[i].ChecklistHash = hashes[p.Signoffs[i].Gate]
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// shiftPilot moves every date and time of p by days.
func shiftPilot(p *model.Pilot, days int) {
	if days == 0 {
		return
	}
	d := func(x *model.Date) {
		if !x.IsZero() {
			*x = x.AddDays(days)
		}
	}
	t := func(x *time.Time) {
		if !x.IsZero() {
			*x = x.AddDate(0, 0, days)
		}
	}
	d(&p.StageSince)
	for i := range p.Hypothesis.Revisions {
		t(&p.Hypothesis.Revisions[i].At)
	}
	for i := range p.Rings {
		d(&p.Rings[i].Start)
	}
	for i := range p.Risks {
		d(&p.Risks[i].Due)
		d(&p.Risks[i].LastReview)
	}
	for i := range p.Runbooks {
		for j := range p.Runbooks[i].Drills {
			d(&p.Runbooks[i].Drills[j].Date)
		}
	}
	for i := range p.Gates {
		for j := range p.Gates[i].Ticks {
			t(&p.Gates[i].Ticks[j].At)
		}
	}
	for i := range p.Signoffs {
		t(&p.Signoffs[i].At)
	}
	shiftCalendar(p.Calendar, days) // change windows (cmd_demo_calendar.go)
	for i := range p.Reviews {
		d(&p.Reviews[i].Date)
		for j := range p.Reviews[i].Actions {
			d(&p.Reviews[i].Actions[j].Due)
		}
	}
	// issue 8: the plan and the post-implementation review
	for i := range p.Plan {
		d(&p.Plan[i].Due)
		d(&p.Plan[i].Done)
	}
	if p.PIR != nil {
		d(&p.PIR.Date)
		for j := range p.PIR.Actions {
			d(&p.PIR.Actions[j].Due)
		}
	}
}

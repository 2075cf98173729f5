package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"ringside/app"
)

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

// loadDemo loads the demo portfolio (app.LoadDemo) and says what it did.
func loadDemo(a *cli, ap *app.App) error {
	d, err := ap.LoadDemo(context.Background(), a.actor, a.asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "demo portfolio: %d created, %d updated, %d unchanged (dates anchored to %s)\n",
		len(d.Created), len(d.Updated), len(d.Unchanged), d.Anchor)
	fmt.Fprintf(a.stdout, "demo metrics: %d files, %d rows, %d new or updated\n", d.Files, d.Rows, d.Changed)
	return nil
}

package main

import (
	"context"
	"fmt"
	"os"
	"time"

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

// demoPauseEnv names a file: when set, the demo load writes it once
// everything but the sign-off stamps is written inside the load's one
// transaction, then waits up to a minute before going on. It exists for
// TestDemoKilledMidLoadLeavesTheDatabaseAsItWas, which kills the binary
// there with SIGKILL.
const demoPauseEnv = "RINGSIDE_DEMO_PAUSE"

// loadDemo loads the demo portfolio (app.LoadDemo) and says what it did.
func loadDemo(a *cli, ap *app.App) error {
	if path := os.Getenv(demoPauseEnv); path != "" {
		app.DemoFault = func(string) error {
			if err := os.WriteFile(path, []byte("paused inside the demo's transaction\n"), 0o600); err != nil {
				return err
			}
			time.Sleep(time.Minute)
			return nil
		}
		defer func() { app.DemoFault = nil }()
	}
	d, err := ap.LoadDemo(context.Background(), a.actor, a.asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "demo portfolio: %d created, %d updated, %d unchanged (dates anchored to %s)\n",
		len(d.Created), len(d.Updated), len(d.Unchanged), d.Anchor)
	fmt.Fprintf(a.stdout, "demo metrics: %d files, %d rows, %d new or updated\n", d.Files, d.Rows, d.Changed)
	return nil
}

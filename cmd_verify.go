package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

type verifyOptions struct {
	App    *app
	asJSON bool
}

func newCmdVerify(a *app, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{App: a}
	cmd := &cobra.Command{
		Use:     "verify",
		Short:   "Check the audit chain and the database file; exit 1 naming the first bad entry",
		Example: "  ringside verify\n  ringside --db copy.db verify --json",
		Args:    noArgs("verify", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, verifyRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print the report as JSON")
	return cmd
}

func verifyRun(o *verifyOptions) error {
	a := o.App
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Verify(context.Background())
	if err != nil {
		return err
	}
	if o.asJSON {
		if err := writeJSON(a.stdout, r); err != nil {
			return err
		}
	} else if r.OK {
		fmt.Fprintf(a.stdout, "ok: %d audit entries, chain intact, head %s\ndatabase: integrity ok (%s)\n", r.Entries, r.HeadHash, a.dbPath)
	}
	if !r.OK {
		return problem("verify failed: %s", r.Problem)
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"ringside/model"
	"ringside/store"
)

type verifyOptions struct {
	App    *app
	asJSON bool
	full   bool
}

func newCmdVerify(a *app, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{App: a}
	cmd := &cobra.Command{
		Use:     "verify",
		Short:   "Check the database file, the audit chain and the state it vouches for; exit 1 naming what is wrong",
		Example: "  ringside verify\n  ringside verify --full\n  ringside --db copy.db verify --json",
		Args:    noArgs("verify", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, verifyRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print the report as JSON: every check that ran and every finding")
	cmd.Flags().BoolVar(&opts.full, "full", false, "run SQLite's full PRAGMA integrity_check instead of quick_check")
	return cmd
}

func verifyRun(o *verifyOptions) error {
	a := o.App
	ctx := context.Background()
	// The file is checked before it is opened: opening migrates it, and a
	// damaged or empty file must be reported, not repaired or created.
	// A folder or a file that is not SQLite at all is no damaged database:
	// open says why (exit 3 or 2).
	if st, err := os.Stat(a.dbPath); err == nil && (st.IsDir() || (st.Size() > 0 && !store.IsSQLiteFile(a.dbPath))) {
		if _, err := a.open(); err != nil {
			return err
		}
	}
	check, integ, err := store.CheckFile(ctx, a.dbPath, o.full)
	if err != nil {
		return problem("verify: %v", err)
	}
	var r store.VerifyReport
	if len(integ) == 1 && integ[0] == "ok" {
		s, err := a.open()
		if err != nil {
			return err
		}
		defer s.Close()
		if r, err = s.VerifyWith(ctx, store.VerifyOptions{Full: o.full}); err != nil {
			return err
		}
	} else {
		r = store.VerifyReport{IntegrityCheck: check, Integrity: integ, Checked: []string{"SQLite PRAGMA " + check + " of " + a.dbPath}}
		for _, line := range integ {
			r.Findings = append(r.Findings, store.Finding{Entity: "database", Problem: check + ": " + line})
		}
		r.Problem = "the database file is damaged or empty: " + strings.Join(integ, "; ")
	}
	if o.asJSON {
		if err := writeJSON(a.stdout, r); err != nil {
			return err
		}
	} else if r.OK {
		fmt.Fprintf(a.stdout, "ok: %d audit entries, chain intact, head %d %s\nstate: %d entities match their newest audit entry\ndatabase: %s ok (%s)\n",
			r.Entries, r.HeadSeq, r.HeadHash, r.Entities, r.IntegrityCheck, a.dbPath)
	} else {
		fmt.Fprintf(a.stdout, "FAILED: %d findings (SQLite %s ran on %s)\n", len(r.Findings), r.IntegrityCheck, a.dbPath)
		for _, f := range r.Findings {
			fmt.Fprintf(a.stdout, "  %s: %s\n", model.Line(f.Entity), model.Line(f.Problem))
		}
	}
	if !r.OK {
		return problem("verify failed: %s", model.Line(r.Problem))
	}
	return nil
}

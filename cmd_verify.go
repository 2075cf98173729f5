package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/exporters"
	"ringside/model"
)

type verifyOptions struct {
	App     *cli
	asJSON  bool
	full    bool
	anchors []string // FILE or SEQ:HASH
}

func newCmdVerify(a *cli, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{App: a}
	cmd := &cobra.Command{
		Use:     "verify",
		Short:   "Check the database file, the audit chain and the state it vouches for; exit 1 naming what is wrong",
		Example: "  ringside verify\n  ringside verify --full\n  ringside verify --anchor checklist.md --anchor 42:4b1d…\n  ringside --db copy.db verify --json",
		Args:    noArgs("verify", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, verifyRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print the report as JSON: every check that ran and every finding")
	cmd.Flags().BoolVar(&opts.full, "full", false, "run SQLite's full PRAGMA integrity_check instead of quick_check")
	cmd.Flags().StringArrayVar(&opts.anchors, "anchor", nil, "an export or checkpoint FILE, or SEQ:HASH, whose audit entry must still be in the chain with that hash (repeatable)")
	return cmd
}

func verifyRun(o *verifyOptions) error {
	a := o.App
	ctx := context.Background()
	anchors, err := readAnchors(o.anchors)
	if err != nil {
		return badInput(err)
	}
	// The file is checked before it is opened: opening migrates it, and a
	// damaged or empty file must be reported, not repaired or created.
	// A folder or a file that is not SQLite at all is no damaged database:
	// open says why (exit 3 or 2).
	if st, err := os.Stat(a.dbPath); err == nil && (st.IsDir() || (st.Size() > 0 && !app.IsSQLiteFile(a.dbPath))) {
		if _, err := a.openApp(); err != nil {
			return err
		}
	}
	var check string
	var integ []string
	check, integ, err = app.CheckFile(ctx, a.dbPath, o.full)
	if err != nil {
		return problem("verify: %v", err)
	}
	var r app.VerifyReport
	if len(integ) == 1 && integ[0] == "ok" {
		ap, err := a.openApp()
		if err != nil {
			return err
		}
		defer ap.Close()
		if r, err = ap.Verify(ctx, app.VerifyOptions{Full: o.full, Anchors: anchors, FileCheck: check, FileFindings: integ}); err != nil {
			return err
		}
	} else {
		r = app.VerifyReport{IntegrityCheck: check, Integrity: integ, Checked: []string{"SQLite PRAGMA " + check + " of " + a.dbPath}}
		for _, line := range integ {
			r.Findings = append(r.Findings, app.Finding{Entity: "database", Problem: check + ": " + line})
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

// readAnchors reads each --anchor: a file holding a ringside-anchor line
// (any export, a checkpoint) or SEQ:HASH.
func readAnchors(args []string) ([]app.Anchor, error) {
	var out []app.Anchor
	for _, arg := range args {
		if st, err := os.Stat(arg); err == nil && !st.IsDir() {
			b, err := os.ReadFile(arg)
			if err != nil {
				return nil, fmt.Errorf("--anchor %s: %w", model.Line(arg), err)
			}
			an, ok := exporters.FindAnchor(b)
			if !ok {
				return nil, fmt.Errorf("--anchor %s: the file holds no ringside-anchor line (exports and checkpoints carry one: `ringside-anchor seq=N head=HASH`); pass the export itself, or SEQ:HASH", model.Line(arg))
			}
			source := model.Line(arg)
			// A checkpoint's signature must verify over its statement: an
			// edited signed checkpoint is refused before anything is opened.
			fp, isCheckpoint, err := app.VerifyCheckpoint(b)
			switch {
			case err != nil:
				return nil, fmt.Errorf("--anchor %s: %v; take a new checkpoint from a database you trust", source, err)
			case fp != "":
				source = "checkpoint " + source + " (signed with key " + fp + ")"
			case isCheckpoint:
				source = "checkpoint " + source + " (unsigned)"
			}
			out = append(out, app.Anchor{Seq: an.Seq, Hash: an.Head, Source: source})
			continue
		}
		an, err := exporters.ParseAnchor(arg)
		if err != nil {
			return nil, fmt.Errorf("--anchor: %s", model.Line(err.Error()))
		}
		out = append(out, app.Anchor{Seq: an.Seq, Hash: an.Head, Source: "the command line"})
	}
	return out, nil
}

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
	key     string   // a public key or allowed_signers file every checkpoint must be signed with
}

func newCmdVerify(a *cli, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{App: a}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the database file, the audit chain and the state it vouches for; exit 1 naming what is wrong",
		Long: "Check the database file, the audit chain and the state it vouches for; exit 1 naming what is wrong.\n" +
			"--anchor FILE|SEQ:HASH checks that an export's or a checkpoint's entry is still in the chain with that hash.\n" +
			"A signed checkpoint must verify over its statement and be signed by a key you trust: --key PUBKEY or an\n" +
			"allowed_signers file (then an unsigned checkpoint is refused too); without --key, one of the owner keys the\n" +
			"database holds. The output names the key each checkpoint verified against, or says it is unsigned.\n\n" +
			"Exit 1: the evidence does not hold (the chain, the state, an anchor that no longer matches, or a checkpoint\n" +
			"edited after signing, signed by another key, or unsigned when --key asks for a signature).\n" +
			"Exit 2: what you gave cannot be read (a --key file with no SSH public key, an anchor that does not parse,\n" +
			"a file with no ringside-anchor line, --key without a checkpoint). See docs/audit.md.",
		Example: "  ringside verify\n  ringside verify --full\n  ringside verify --anchor checklist.md --anchor 42:4b1d…\n" +
			"  ringside verify --anchor checkpoint.txt --key auditor.pub\n  ringside --db copy.db verify --json",
		Args: noArgs("verify", ""),
		RunE: func(*cobra.Command, []string) error { return runWith(runF, verifyRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print the report as JSON: every check that ran and every finding")
	cmd.Flags().BoolVar(&opts.full, "full", false, "run SQLite's full PRAGMA integrity_check of the whole file, and read the observations through SQL, instead of quick_check of each table and the observations page by page")
	cmd.Flags().StringArrayVar(&opts.anchors, "anchor", nil, "an export or checkpoint FILE, or SEQ:HASH, whose audit entry must still be in the chain with that hash (repeatable)")
	cmd.Flags().StringVar(&opts.key, "key", "", "every --anchor checkpoint must be signed with this key: a .pub file or an allowed_signers file")
	return cmd
}

func verifyRun(o *verifyOptions) error {
	a := o.App
	ctx := context.Background()
	anchors, checkpoints, err := readAnchors(o.anchors)
	if err != nil {
		return badInput(err)
	}
	var trusted []app.TrustedKey
	if o.key != "" {
		if trusted, err = readTrustedKeys(o.key); err != nil {
			return err
		}
		if len(checkpoints) == 0 {
			return usageErr("verify: --key checks a checkpoint's signature: give the checkpoint with --anchor FILE (written by ringside checkpoint --key)")
		}
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
	var notes []string // what each checkpoint was checked against
	if len(integ) == 1 && integ[0] == "ok" {
		ap, err := a.openApp()
		if err != nil {
			return err
		}
		defer ap.Close()
		if o.key == "" && len(checkpoints) > 0 {
			if trusted, err = ap.OwnerKeys(ctx); err != nil {
				return err
			}
		}
		held, found, checked := checkCheckpoints(checkpoints, trusted, o.key)
		anchors = append(anchors, held...)
		if r, err = ap.Verify(ctx, app.VerifyOptions{Full: o.full, Anchors: anchors, FileCheck: check, FileFindings: integ}); err != nil {
			return err
		}
		r.Checked = append(r.Checked, checked...)
		for _, f := range found {
			r.Findings = append(r.Findings, f)
			if r.OK || r.Problem == "" {
				r.Problem = f.Entity + ": " + f.Problem
			}
			r.OK = false
		}
		notes = checked
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
		fmt.Fprintf(a.stdout, "ok: %d audit entries, chain intact, head %d %s\nstate: %d entities match their newest audit entry\ndatabase: %s ok (%s; %s)\nobservations: %s\n",
			r.Entries, r.HeadSeq, r.HeadHash, r.Entities, r.IntegrityCheck, a.dbPath, scopeText(r), scanText(r))
		for _, n := range notes {
			fmt.Fprintln(a.stdout, model.Line(n))
		}
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

// scopeText says what SQLite's check of the file covered.
func scopeText(r app.VerifyReport) string {
	switch r.IntegrityScope {
	case "tables but observations":
		return "every table but observations, whose pages verify decodes itself"
	case "tables":
		return "every table and index, not the free list"
	}
	return "the whole file"
}

// scanText says how every observation was read and digested.
func scanText(r app.VerifyReport) string {
	if r.ObservationScan == "pages" {
		return fmt.Sprintf("every row digested, read page by page from the file (%d pages)", r.ObservationPages)
	}
	return "every row digested, read through SQL"
}

// checkpointAnchor is a checkpoint given with --anchor, its signature
// still to check against the keys verify trusts.
type checkpointAnchor struct {
	file   string
	text   []byte
	anchor app.Anchor
}

// readAnchors reads each --anchor: a file holding a ringside-anchor line
// (any export), a checkpoint (its signature checked later, by
// checkCheckpoints), or SEQ:HASH.
func readAnchors(args []string) ([]app.Anchor, []checkpointAnchor, error) {
	var out []app.Anchor
	var checkpoints []checkpointAnchor
	for _, arg := range args {
		if st, err := os.Stat(arg); err == nil && !st.IsDir() {
			b, err := os.ReadFile(arg)
			if err != nil {
				return nil, nil, fmt.Errorf("--anchor %s: %w", model.Line(arg), err)
			}
			an, ok := exporters.FindAnchor(b)
			if !ok {
				return nil, nil, fmt.Errorf("--anchor %s: the file holds no ringside-anchor line (exports and checkpoints carry one: `ringside-anchor seq=N head=HASH`); pass the export itself, or SEQ:HASH", model.Line(arg))
			}
			a := app.Anchor{Seq: an.Seq, Hash: an.Head, Source: model.Line(arg)}
			if _, _, isCheckpoint := model.SplitCheckpoint(string(b)); isCheckpoint {
				checkpoints = append(checkpoints, checkpointAnchor{file: model.Line(arg), text: b, anchor: a})
				continue
			}
			out = append(out, a)
			continue
		}
		an, err := exporters.ParseAnchor(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("--anchor: %s", model.Line(err.Error()))
		}
		out = append(out, app.Anchor{Seq: an.Seq, Hash: an.Head, Source: "the command line"})
	}
	return out, checkpoints, nil
}

// readTrustedKeys reads --key: a public key file or an allowed_signers
// file; exit 2 when it cannot be read or holds no SSH public key.
func readTrustedKeys(file string) ([]app.TrustedKey, error) {
	b, err := os.ReadFile(expandHome(file))
	if err != nil {
		return nil, usageErr("verify: --key: %s", friendlyOpenErr(err))
	}
	keys, err := app.ParseTrustedKeys(b)
	if err != nil {
		return nil, usageErr("verify: --key %s: %v: give the public key the checkpoint was signed with (its .pub file), or an allowed_signers file naming it", model.Line(file), err)
	}
	return keys, nil
}

// checkCheckpoints checks each checkpoint's signature: it must verify over
// the statement and be made with a trusted key (keyFile's, or one of the
// database's owner keys when keyFile is ""); with keyFile an unsigned
// checkpoint is refused too. A checkpoint that holds anchors the chain
// (held); one that does not is a finding (exit 1: the evidence does not
// hold) and anchors nothing. checked says, per checkpoint, the key it
// verified against or that it is unsigned.
func checkCheckpoints(cps []checkpointAnchor, trusted []app.TrustedKey, keyFile string) (held []app.Anchor, found []app.Finding, checked []string) {
	against := "the owner keys in the database"
	if keyFile != "" {
		against = "--key " + model.Line(keyFile)
	}
	for _, cp := range cps {
		entity := "checkpoint " + cp.file
		c, err := app.VerifyCheckpoint(cp.text, trusted)
		switch {
		case c.Untrusted:
			found = append(found, app.Finding{Entity: entity, Problem: fmt.Sprintf("%v; checked against %s: if the checkpoint is yours, give its public key with --key KEY.pub", err, against)})
		case err != nil:
			found = append(found, app.Finding{Entity: entity, Problem: fmt.Sprintf("%v; take a new checkpoint from a database you trust", err)})
		case !c.Signed && keyFile != "":
			found = append(found, app.Finding{Entity: entity, Problem: fmt.Sprintf("it is unsigned, but %s asks for a checkpoint signed with that key: an unsigned checkpoint proves nothing about who took it (ringside checkpoint --key KEY)", against)})
		case !c.Signed:
			cp.anchor.Source = entity + " (unsigned)"
			held = append(held, cp.anchor)
			checked = append(checked, entity+": unsigned (anchors the chain; no key vouches for it: sign with ringside checkpoint --key KEY)")
		default:
			cp.anchor.Source = fmt.Sprintf("%s (signed with key %s, %s)", entity, c.Fingerprint, c.TrustedAs)
			held = append(held, cp.anchor)
			checked = append(checked, fmt.Sprintf("%s: signature verified against key %s (%s, from %s)", entity, c.Fingerprint, c.TrustedAs, against))
		}
	}
	return held, found, checked
}

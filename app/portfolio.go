package app

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"ringside/exporters"
	"ringside/importers"
	"ringside/model"
	"ringside/store"
)

// The use cases of the portfolio file, the change calendar and the audit
// check: what `apply`, `export portfolio`, `calendar`, `flags` and
// `verify` run.

type (
	// ApplyResult is what applying a portfolio file did.
	ApplyResult = store.ApplyResult
	// RingRollback is a ring an apply rolled back, with the flags to turn off.
	RingRollback = store.RingRollback
	// VerifyOptions say what verify checks besides the chain.
	VerifyOptions = store.VerifyOptions
	// VerifyReport is what verify found.
	VerifyReport = store.VerifyReport
	// Anchor is an audit entry's hash kept elsewhere, to check the chain reaches it.
	Anchor = store.Anchor
	// Finding is one thing verify found wrong.
	Finding = store.Finding
	// SignatureRefused is a signed sign-off in a file that apply refused.
	SignatureRefused = store.SignatureRefused
)

// PortfolioFileSource names a portfolio file in the audit log.
const PortfolioFileSource = "a portfolio file"

// Apply applies a portfolio file by c in one transaction: every pilot of
// it (and its calendar and sources) lands, or none does.
// A signed sign-off in the file is verified against the role owner's key
// (VerifyFileSignoff) and recorded as the person's own only when it
// verifies; otherwise nothing is written (a *store.SignatureRefused).
func (a *App) Apply(ctx context.Context, c Change, pf model.Portfolio) (ApplyResult, error) {
	if c.Signatures == nil {
		c.Signatures = VerifyFileSignoff
	}
	return a.store.ApplyPortfolio(ctx, c, PortfolioFileSource, pf)
}

// ApplyFile is Apply for a portfolio file read pilot by pilot: each
// pilot is read from the file's text, applied and dropped, so memory
// holds one pilot (and the text) whatever the number of pilots. It lands
// whole or not at all, as Apply does.
func (a *App) ApplyFile(ctx context.Context, c Change, f *importers.PortfolioFile) (ApplyResult, error) {
	if c.Signatures == nil {
		c.Signatures = VerifyFileSignoff
	}
	return a.store.ApplyPortfolioEach(ctx, c, PortfolioFileSource, f.Portfolio, f.EachPilot)
}

// ExportPortfolio writes the portfolio file, pilot by pilot from the
// database (memory holds one pilot, whatever the size of the portfolio),
// after a comment that anchors the audit chain (apply ignores it). It
// round-trips with Apply.
func (a *App) ExportPortfolio(ctx context.Context) (func(w io.Writer) error, error) {
	cal, err := a.store.Calendar(ctx) // the portfolio's change calendar
	if err != nil {
		return nil, err
	}
	srcs, err := a.store.Sources(ctx) // the saved import profiles
	if err != nil {
		return nil, err
	}
	seq, head, err := a.store.Head(ctx)
	if err != nil {
		return nil, err
	}
	return func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		fmt.Fprintf(bw, "# %s\n", exporters.AnchorToken(seq, head))
		pw := exporters.NewPortfolioWriter(bw, cal).WithSources(srcs)
		if err := a.store.EachPilot(ctx, func(p model.Pilot) error { return pw.Pilot(&p) }); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
		return bw.Flush()
	}, nil
}

// Calendar is the portfolio's change calendar and the pilots it governs:
// every pilot, or only slug's ("" for all; ErrNotFound when there is no
// such pilot).
func (a *App) Calendar(ctx context.Context, slug string) (*model.Calendar, []model.Pilot, error) {
	pf, err := a.store.Portfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	if slug == "" {
		return pf.Calendar, pf.Pilots, nil
	}
	for _, p := range pf.Pilots {
		if p.Slug == slug {
			return pf.Calendar, []model.Pilot{p}, nil
		}
	}
	return pf.Calendar, nil, ErrNotFound
}

// CheckFile runs SQLite's own check of the file at path before it is
// opened (opening migrates it): check names the pragma that ran,
// findings are its lines ("ok" alone when sound).
func CheckFile(ctx context.Context, path string, full bool) (check string, findings []string, err error) {
	return store.CheckFile(ctx, path, full)
}

// IsSQLiteFile reports whether the file at path starts as SQLite does.
func IsSQLiteFile(path string) bool { return store.IsSQLiteFile(path) }

// Verify checks the audit chain, the state every entry records, the
// anchors, and the SSH signature of every signed sign-off.
// The signatures are checked as verify's own load of the pilots meets
// them; when that load did not run (the file's check failed) or met no
// pilot, the pilots are read here.
func (a *App) Verify(ctx context.Context, opts VerifyOptions) (VerifyReport, error) {
	var found []store.Finding
	n, seen := 0, 0
	caller := opts.Pilot
	opts.Pilot = func(p model.Pilot) {
		if caller != nil {
			caller(p)
		}
		f, c := SignatureFindings([]model.Pilot{p})
		found, n, seen = append(found, f...), n+c, seen+1
	}
	r, err := a.store.VerifyWith(ctx, opts)
	if err != nil {
		return r, err
	}
	if seen == 0 {
		pilots, err := a.store.Pilots(ctx)
		if err != nil {
			return r, err
		}
		found, n = SignatureFindings(pilots)
	}
	r.Checked = append(r.Checked, fmt.Sprintf("SSH signatures of %d signed sign-offs, over their statements as stored", n))
	for _, f := range found {
		r.Findings = append(r.Findings, f)
		if r.OK || r.Problem == "" {
			r.Problem = f.Entity + ": " + f.Problem
		}
		r.OK = false
	}
	return r, nil
}

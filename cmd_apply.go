package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"ringside/app"
	"ringside/importers"
	"ringside/model"
)

type applyOptions struct {
	App    *cli
	file   string
	force  bool
	reason string
}

func newCmdApply(a *cli, runF func(*applyOptions) error) *cobra.Command {
	opts := &applyOptions{App: a}
	cmd := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "Create or update pilots from a portfolio file (YAML)",
		Long: "Create or update pilots from a portfolio file (YAML); the file is applied whole or not at all.\n" +
			"--force moves rings outside the change calendar (with --reason; audited).",
		Example: "  ringside apply -f app/demo/portfolio.yaml\n  ringside export portfolio | ringside apply -f -",
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.file == "" && len(args) == 1 {
				opts.file = args[0]
			} else if len(args) > 0 {
				return usageErr("apply: unexpected argument %q (give the file with -f FILE)", model.Line(args[0]))
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			if err := refuseAsOf(a, "apply"); err != nil {
				return err
			}
			if opts.file == "" {
				return usageErr("apply: which file? give it with -f FILE, e.g. ringside apply -f portfolio.yaml")
			}
			return runWith(runF, applyRun, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.file, "file", "f", "", "portfolio file (YAML) to apply; - reads standard input")
	overrideFlags(cmd, &opts.force, &opts.reason)
	return cmd
}

// applyMemoryLimit is apply's soft Go heap limit.
const applyMemoryLimit = 40 << 20

func applyRun(o *applyOptions) error {
	a := o.App
	override, err := overrideOf("apply", o.force, o.reason)
	if err != nil {
		return err
	}
	var f io.Reader = a.stdin
	if o.file != "-" {
		file, err := os.Open(o.file)
		if err != nil {
			return badInput(fmt.Errorf("%s: %v", o.file, friendlyOpenErr(err)))
		}
		defer file.Close()
		f = file
	} else {
		spool, done, err := spoolInput(a.stdin)
		if err != nil {
			return err
		}
		if spool != nil {
			defer done()
			f = spool
		}
	}
	// The file is checked whole first, then its pilots are read again one
	// at a time as they are applied, so the heap holds about one pilot
	// (and, from standard input, which cannot be read twice, the text).
	// A soft heap limit bounds the collector's headroom over a large
	// text. GOMEMLIMIT overrides.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(applyMemoryLimit)
	}
	pf, err := importers.OpenPortfolioFile(f, o.file)
	if err != nil {
		return badInput(err)
	}
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	c := a.fileChange()
	c.Override = override
	res, err := ap.ApplyFile(context.Background(), c, pf)
	var refused *app.SignatureRefused
	if errors.As(err, &refused) { // FILE:LINE of the signature
		return badInput(importers.PortfolioError{File: o.file, Line: pf.SignatureLines[refused.Signature],
			Msg: refused.Error() + " (nothing was changed)"})
	}
	if err != nil {
		return badInput(fmt.Errorf("%s: %w (nothing was changed)", o.file, overrideRemedy(err)))
	}
	say := func(what string, slugs []string) {
		if len(slugs) > 0 {
			fmt.Fprintf(a.stdout, "%s %d: %s\n", what, len(slugs), strings.Join(slugs, ", "))
		}
	}
	say("created", res.Created)
	say("updated", res.Updated)
	say("unchanged", res.Unchanged)
	for _, n := range res.Notes { // history the file told: recorded as told, never as signed
		fmt.Fprintf(a.stdout, "  %s\n", model.Line(n))
	}
	printRollbacks(a, res.Rollbacks) // the flags to turn off
	if res.Sources != nil {
		if len(res.Sources) == 0 {
			fmt.Fprintln(a.stdout, "import sources: none left (the file's sources: is empty)")
		} else {
			fmt.Fprintf(a.stdout, "import sources saved %d: %s\n", len(res.Sources), model.Line(strings.Join(res.Sources, ", ")))
		}
	}
	if pf.Count == 0 && res.Sources == nil {
		fmt.Fprintln(a.stdout, "the file holds no pilots; nothing to do")
	}
	return nil
}

// spoolInput copies an input that cannot be read twice (a pipe) to a
// temporary file, which apply reads twice (checked whole, then pilot by
// pilot) holding one pilot of it: kept in memory instead, the text of
// 4,000 pilots took apply from 31 to 52 MB. An input that can seek back
// is read as it is (nil), and so is one when no temporary file can be
// made: OpenPortfolioFile then keeps its text. done removes the file. A
// file that cannot be written (disk full) is exit 3.
func spoolInput(in io.Reader) (spool io.Reader, done func(), err error) {
	if s, ok := in.(io.Seeker); ok {
		if _, err := s.Seek(0, io.SeekCurrent); err == nil {
			return nil, nil, nil
		}
	}
	tmp, err := os.CreateTemp("", "ringside-apply-*.yaml")
	if err != nil {
		return nil, nil, nil
	}
	done = func() { tmp.Close(); os.Remove(tmp.Name()) }
	src := &readErrs{r: io.LimitReader(in, importers.MaxPortfolioSize+1)} // a byte past the limit is enough to refuse it
	_, err = io.Copy(tmp, src)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	switch {
	case src.err != nil:
		done()
		return nil, nil, badInput(fmt.Errorf("-: cannot read standard input: %v", src.err))
	case err != nil:
		done()
		return nil, nil, &exitError{3, fmt.Errorf("apply: cannot copy standard input to a temporary file in %s: %v (free some space there, or set TMPDIR)", os.TempDir(), err)}
	}
	return tmp, done, nil
}

// readErrs is a reader that remembers its first error.
type readErrs struct {
	r   io.Reader
	err error
}

func (r *readErrs) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

func friendlyOpenErr(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file (check the path)"
	case os.IsPermission(err):
		return "permission denied (check the file's permissions)"
	}
	return err.Error()
}

package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"

	"github.com/spf13/cobra"

	"ringside/exporters"
	"ringside/model"
)

// newCmdExport is `ringside export portfolio|checklist`.
func newCmdExport(a *cli, runPortfolio func(*exportPortfolioOptions) error, runChecklist func(*exportChecklistOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the portfolio file back, or a gate's acceptance checklist",
		Example: "  ringside export portfolio -o portfolio.yaml\n" +
			"  ringside export checklist --pilot claims-triage --gate G3 --format html -o g3.html",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("export what? use `export portfolio` or `export checklist`")
			}
			return usageErr("cannot export %q: use `export portfolio` or `export checklist`", model.Line(args[0]))
		},
	}
	cmd.AddCommand(newCmdExportPortfolio(a, runPortfolio), newCmdExportChecklist(a, runChecklist))
	return cmd
}

type exportPortfolioOptions struct {
	App *cli
	out string
}

func newCmdExportPortfolio(a *cli, runF func(*exportPortfolioOptions) error) *cobra.Command {
	opts := &exportPortfolioOptions{App: a}
	cmd := &cobra.Command{
		Use:     "portfolio",
		Short:   "Write the portfolio file (YAML) back; it round-trips with apply",
		Example: "  ringside export portfolio -o portfolio.yaml",
		Args:    noArgs("export portfolio", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, exportPortfolioRun, opts) },
	}
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

func exportPortfolioRun(o *exportPortfolioOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	write, err := ap.ExportPortfolio(context.Background())
	if err != nil {
		return err
	}
	return writeOutput(a, o.out, write)
}

type exportChecklistOptions struct {
	App    *cli
	pilot  string
	gate   model.GateID
	format string
	out    string
	noBOM  bool
}

// checklistFormats are the formats `export checklist` takes: the
// exporters' own, and pdf printed from the html through a headless browser.
var checklistFormats = append(append([]string{}, exporters.ChecklistFormats...), "pdf", "bundle")

func newCmdExportChecklist(a *cli, runF func(*exportChecklistOptions) error) *cobra.Command {
	opts := &exportChecklistOptions{App: a}
	var gate string
	cmd := &cobra.Command{
		Use:   "checklist --pilot SLUG --gate ID --format md|csv|json|html|pdf|bundle",
		Short: "Write a gate's acceptance checklist with its sign-offs and decision",
		Example: "  ringside export checklist --pilot claims-triage --gate G3 --format md -o g3.md\n" +
			"  ringside export checklist --pilot claims-triage --gate G3 --format pdf -o g3.pdf\n" +
			"  ringside export checklist --pilot claims-triage --gate G3 --format bundle -o g3-evidence  # checklist, signed statements, allowed_signers",
		Args: noArgs("export checklist", ""),
		RunE: func(*cobra.Command, []string) error {
			id, err := checkGateArgs("export checklist", opts.pilot, gate)
			if err != nil {
				return err
			}
			opts.gate = id
			if err := model.OneOf("format", opts.format, checklistFormats); err != nil {
				return usageErr("export checklist: %v", err)
			}
			if opts.format == "pdf" && (opts.out == "" || opts.out == "-") {
				return usageErr("export checklist --format pdf: give the file to write, e.g. -o g3.pdf (a PDF is not for the terminal)")
			}
			if opts.format == "bundle" && (opts.out == "" || opts.out == "-") {
				return usageErr("export checklist --format bundle: give the folder to write, e.g. -o g3-evidence")
			}
			return runWith(runF, exportChecklistRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug")
	f.StringVar(&gate, "gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	f.StringVar(&opts.format, "format", "", "md, csv, json, html, pdf (printed by Chromium or Chrome; needs -o FILE), or bundle (a folder for auditors: checklist, signed statements, allowed_signers; needs -o DIR)")
	f.StringVarP(&opts.out, "output", "o", "", "write to FILE instead of standard output")
	f.BoolVar(&opts.noBOM, "no-bom", false, "csv: leave out the UTF-8 byte-order mark (Excel needs it to read accents and symbols)")
	completePilotFlag(a, cmd, "pilot")
	completeGateFlag(cmd, "gate")
	completeStatic(cmd, "format", checklistFormats...)
	return cmd
}

func exportChecklistRun(o *exportChecklistOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	if o.format == "bundle" {
		c, signed, err := ap.Bundle(context.Background(), o.pilot, o.gate, a.asOf)
		if err != nil {
			return badInput(err)
		}
		files, err := exporters.WriteBundle(o.out, c, signed)
		if err != nil {
			return badInput(err)
		}
		for _, f := range files {
			fmt.Fprintf(a.stderr, "wrote %s\n", f)
		}
		return nil
	}
	c, err := ap.Checklist(context.Background(), o.pilot, o.gate, a.asOf)
	if err != nil {
		return badInput(err)
	}
	if o.format == "pdf" {
		browser, err := exporters.FindBrowser(exec.LookPath)
		if err != nil {
			return badInput(err)
		}
		html := func(w io.Writer) error { return exporters.WriteChecklist(w, c, "html") }
		done := a.debug.step("print " + o.out + " with " + browser)
		err = exporters.RenderPDF(context.Background(), browser, o.out, html)
		done(err)
		if err != nil {
			return badInput(err)
		}
		fmt.Fprintf(a.stderr, "wrote %s\n", o.out)
		return nil
	}
	opts := exporters.Options{NoBOM: o.noBOM}
	return writeOutput(a, o.out, func(w io.Writer) error { return exporters.WriteChecklistWith(w, c, o.format, opts) })
}

// writeOutput writes to stdout, or atomically to a file: a temporary file
// in the same folder renamed into place, so a failed export never leaves a
// half-written file behind.
func writeOutput(a *cli, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(a.stdout)
	}
	done := a.debug.step("write " + path)
	err := exporters.WriteFileAtomic(path, write)
	done(err)
	if err != nil {
		return badInput(err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", path)
	return nil
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"ringside/exporters"
	"ringside/model"
)

func cmdExport(a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		for _, c := range commands() {
			if c.name == "export" {
				printCommandHelp(a.stdout, c)
			}
		}
		if len(args) == 0 {
			return usageErr("export what? use `export portfolio` or `export checklist`")
		}
		return nil
	}
	switch args[0] {
	case "portfolio":
		return cmdExportPortfolio(a, args[1:])
	case "checklist":
		return cmdExportChecklist(a, args[1:])
	}
	return usageErr("cannot export %q: use `export portfolio` or `export checklist`", args[0])
}

func cmdExportPortfolio(a *app, args []string) error {
	fs := newFlags(a, "export")
	out := fs.String("o", "", "write to FILE instead of standard output")
	if _, err := parseFlags(a, "export", fs, args); err != nil {
		return err
	}
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	cal, err := s.Calendar(ctx) // the portfolio's change calendar
	if err != nil {
		return err
	}
	// Pilot by pilot from the database to the file: memory holds one pilot,
	// whatever the size of the portfolio.
	return writeOutput(a, *out, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		pw := exporters.NewPortfolioWriter(bw, cal)
		if err := s.EachPilot(ctx, func(p model.Pilot) error { return pw.Pilot(&p) }); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// writeOutput writes to stdout, or atomically to a file: a temporary file
// in the same folder renamed into place, so a failed export never leaves a
// half-written file behind.
func writeOutput(a *app, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(a.stdout)
	}
	if err := exporters.WriteFileAtomic(path, write); err != nil {
		return badInput(err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", path)
	return nil
}

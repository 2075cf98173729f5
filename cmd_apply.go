package main

import (
	"fmt"
	"os"
	"strings"

	"ringside/importers"
)

func cmdApply(a *app, args []string) error {
	fs := newFlags(a, "apply")
	file := fs.String("f", "", "portfolio file (YAML) to apply; - reads standard input")
	force, reason := overrideFlags(fs) // change windows (cmd_ring.go)
	pos, err := parseFlags(a, "apply", fs, args)
	if err != nil {
		return err
	}
	if *file == "" && len(pos) == 1 {
		*file = pos[0]
	} else if len(pos) > 0 {
		return usageErr("apply: unexpected argument %q (give the file with -f FILE)", pos[0])
	}
	if *file == "" {
		return usageErr("apply: which file? give it with -f FILE, e.g. ringside apply -f portfolio.yaml")
	}
	var f *os.File
	if *file == "-" {
		f = os.Stdin
	} else if f, err = os.Open(*file); err != nil {
		return badInput(fmt.Errorf("%s: %v", *file, friendlyOpenErr(err)))
	}
	defer f.Close()
	ctx, err := overrideContext("apply", *force, *reason)
	if err != nil {
		return err
	}
	pf, err := importers.ReadPortfolioFile(f, *file)
	if err != nil {
		return badInput(err)
	}
	pilots := pf.Pilots
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.ApplyPortfolio(ctx, a.actor, "a portfolio file", pf)
	if err != nil {
		return badInput(fmt.Errorf("%s: %v (nothing was changed)", *file, err))
	}
	say := func(what string, slugs []string) {
		if len(slugs) > 0 {
			fmt.Fprintf(a.stdout, "%s %d: %s\n", what, len(slugs), strings.Join(slugs, ", "))
		}
	}
	say("created", res.Created)
	say("updated", res.Updated)
	say("unchanged", res.Unchanged)
	printRollbacks(a, res.Rollbacks) // issue 8: the flags to turn off
	if len(pilots) == 0 {
		fmt.Fprintln(a.stdout, "the file holds no pilots; nothing to do")
	}
	return nil
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

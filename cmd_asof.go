package main

// One definition of "as of" (docs/as-of.md): --as-of DAY shows the world
// as it stood at the end of that day, everywhere; nothing dated after it
// exists for that view. Commands that record something record at the
// present moment, so they refuse it; only demo takes it, to anchor its
// dates.

// asOfHelp is the paragraph --help shows for the global --as-of flag.
const asOfHelp = "show the world as it stood at the end of DAY (UTC): observations, baselines, imports, sign-offs, reviews, drills, " +
	"audit activity and flags dated after it do not exist for that view; commands that record something " +
	"(signoff, review --decision, flag, ring, apply, import) refuse it, only demo takes it, to anchor its dates"

// refuseAsOf is the exit-2 refusal of a recording command given --as-of.
func refuseAsOf(a *cli, command string) error {
	if !a.asOfGiven {
		return nil
	}
	return usageErr("%s: --as-of cannot be used here: %s records at the present moment, and --as-of only changes what a view shows (only demo takes it, to anchor its dates); leave --as-of out", command, command)
}

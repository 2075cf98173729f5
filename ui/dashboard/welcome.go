package dashboard

import "ringside/ui/common"

// welcome is what an empty database shows: how to get pilots in.
func welcome(c *common.Common) []string {
	st, k := &c.Styles, &c.Keys
	return []string{
		"",
		st.Title.Render("  Welcome to ringside"),
		"",
		"  The database has no pilots yet. To look around with a sample portfolio,",
		"  quit (" + k.Quit.Help().Key + ") and run:",
		"",
		st.Code.Render("      ringside demo") + "             loads eight demo pilots, then",
		st.Code.Render("      ringside") + "                  opens this cockpit again",
		"",
		"  or start the cockpit with the demo in one go:  " + st.Code.Render("ringside --demo"),
		"",
		"  To add your own pilots, write a portfolio file (see docs/portfolio.md) and run",
		st.Code.Render("      ringside apply -f portfolio.yaml"),
		"  then import metrics with",
		st.Code.Render("      ringside import metrics FILE.csv --pilot SLUG"),
		"",
		// journey: a keyboard-only user needs to learn n here
		"  Or, without the command line: " + k.New.Help().Key + " adds a pilot here, then " + k.Open.Help().Key + " opens it",
		"  Keys: " + k.New.Help().Key + " new pilot · " + k.Help.Help().Key + " help · " + k.Palette.Help().Key + " commands · " + k.Quit.Help().Key + " quit",
	}
}

package main

import (
	"fmt"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// newCmdMan is `ringside man`: the man page (section 1) of every command
// and flag, in roff, written to the command's output (fang's own writes to
// os.Stdout, which an in-process test cannot read).
func newCmdMan(a *cli) *cobra.Command {
	return &cobra.Command{
		Use:     "man",
		Short:   "Print the man page (roff) of ringside and all its commands",
		Example: "  ringside man > ringside.1 && man ./ringside.1\n  ringside man | gzip > /usr/local/share/man/man1/ringside.1.gz",
		Args:    noArgs("man", ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, page.Build(roff.NewDocument()))
			return err
		},
	}
}

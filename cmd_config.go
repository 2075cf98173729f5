package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"ringside/ui"
	"ringside/ui/config"
)

// configOptions are `ringside config path|show|init`.
type configOptions struct {
	App   *cli
	verb  string // path, show, init
	force bool   // init: replace a file that exists
}

func newCmdConfig(a *cli, runF func(*configOptions) error) *cobra.Command {
	opts := &configOptions{App: a}
	cmd := &cobra.Command{
		Use:   "config path|show|init",
		Short: "The cockpit's config file: where it is, what it sets, or write one with every default",
		Long: "The cockpit's config file ($XDG_CONFIG_HOME/ringside/config.yaml, else ~/.config/ringside/config.yaml) sets\n" +
			"the theme, the mouse, the default database, the date display and every key binding by action name.\n" +
			"  path   print where the file is\n" +
			"  show   print the settings in force (exit 2 naming FILE:LINE when the file is invalid)\n" +
			"  init   write a commented file with every default (--force replaces one that exists)",
		Example:   "  ringside config init && $EDITOR \"$(ringside config path)\"\n  ringside config show",
		ValidArgs: []string{"path", "show", "init"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("config: say what to do: path, show or init (see ringside config --help)")
			}
			switch args[0] {
			case "path", "show", "init":
				opts.verb = args[0]
				return nil
			}
			return usageErr("config: unknown action %q: use path, show or init", sanitizeLine(args[0]))
		},
		RunE: func(*cobra.Command, []string) error { return runWith(runF, configRun, opts) },
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "init: replace a config file that exists")
	return cmd
}

func configRun(o *configOptions) error {
	a := o.App
	if a.configPath == "" {
		return badInput(a.configErr)
	}
	switch o.verb {
	case "path":
		fmt.Fprintln(a.stdout, a.configPath)
		return nil
	case "show":
		if a.configErr != nil {
			return badInput(a.configErr)
		}
		where := "# " + a.configPath
		if _, err := os.Stat(a.configPath); errors.Is(err, fs.ErrNotExist) {
			where += " (no file: every setting is the default)"
		}
		fmt.Fprintln(a.stdout, where)
		fmt.Fprint(a.stdout, config.Show(a.config, defaultKeyMap()))
		return nil
	}
	if _, err := os.Stat(a.configPath); err == nil && !o.force {
		return usageErr("config init: %s exists: edit it, or pass --force to replace it with the defaults", a.configPath)
	}
	if err := os.MkdirAll(filepath.Dir(a.configPath), 0o755); err != nil {
		return &exitError{3, fmt.Errorf("config init: %v", err)}
	}
	if err := os.WriteFile(a.configPath, config.Init(defaultBindings()), 0o644); err != nil {
		return &exitError{3, fmt.Errorf("config init: %v", err)}
	}
	fmt.Fprintln(a.stdout, "wrote "+a.configPath+" (every setting and key at its default)")
	return nil
}

// defaultBindings are the cockpit's actions with their default keys.
func defaultBindings() []config.Binding {
	k := ui.DefaultKeys()
	var out []config.Binding
	for _, nb := range k.Bindings() {
		out = append(out, config.Binding{Action: nb.Name, Keys: nb.Binding.Keys(), Help: nb.Binding.Help().Desc})
	}
	return out
}

func defaultKeyMap() map[string][]string {
	m := map[string][]string{}
	for _, b := range defaultBindings() {
		m[b.Action] = b.Keys
	}
	return m
}

// loadConfig reads the config file into a: a missing file sets nothing;
// an invalid one is kept as configErr (the command line exits 2 on it,
// the cockpit opens on its defaults and shows it once).
func (a *cli) loadConfig() {
	getenv := a.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	path, err := config.Path(getenv, os.UserHomeDir)
	if err != nil {
		a.configErr = err
		return
	}
	a.configPath = path
	a.config, a.configErr = config.Load(path, ui.ActionNames())
}

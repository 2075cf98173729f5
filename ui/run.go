package ui

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"ringside/themes"
	"ringside/ui/common"
)

// Options configure the cockpit (see common.Options).
type Options = common.Options

// ReviewTarget names the gate a cockpit opened by `ringside review` meets on.
type ReviewTarget = common.ReviewTarget

// KeyMap is the cockpit's one key map (see common.KeyMap).
type KeyMap = common.KeyMap

// DefaultKeys is the key map before a config file rebinds it.
func DefaultKeys() KeyMap { return common.DefaultKeys() }

// ActionNames are the names of every action a config file can rebind.
func ActionNames() []string {
	k := common.DefaultKeys()
	var out []string
	for _, nb := range k.Bindings() {
		out = append(out, nb.Name)
	}
	return out
}

// Run opens the cockpit and blocks until the user quits.
func Run(opt common.Options) error {
	if opt.App == nil {
		return errors.New("no database open: pass --db PATH or set RINGSIDE_DB")
	}
	if _, err := themes.Named(opt.Theme); err != nil {
		return err
	}
	m := New(opt)
	m.c.Ticks = true
	var popts []tea.ProgramOption
	if opt.NoColor {
		// ASCII keeps bold and reverse video, drops every colour.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(m, popts...).Run()
	return err
}

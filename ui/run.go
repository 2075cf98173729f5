package ui

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"ringside/themes"
)

// ActionNames are the names of every action a config file can rebind.
func ActionNames() []string {
	k := DefaultKeys()
	var out []string
	for _, nb := range k.Bindings() {
		out = append(out, nb.Name)
	}
	return out
}

// Run opens the cockpit and blocks until the user quits.
func Run(opt Options) error {
	if opt.App == nil {
		return errors.New("no database open: pass --db PATH or set RINGSIDE_DB")
	}
	if _, err := themes.Named(opt.Theme); err != nil {
		return err
	}
	m := New(opt)
	m.c.ticks = true
	var popts []tea.ProgramOption
	if opt.NoColor {
		// ASCII keeps bold and reverse video, drops every colour.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(m, popts...).Run()
	return err
}

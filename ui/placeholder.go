// Package ui is ringside's cockpit: Bubble Tea models, views and key maps.
package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/store"
)

// Options configure the cockpit.
type Options struct {
	Store   *store.Store
	AsOf    model.Date
	Actor   string
	Theme   string
	NoColor bool
	NoMouse bool
}

type pilotsLoaded struct {
	pilots []model.Pilot
	err    error
}

// placeholder is the first cockpit: it lists the pilots and quits on q.
type placeholder struct {
	opt     Options
	pilots  []model.Pilot
	err     error
	loading bool
}

// NewPlaceholder returns the placeholder cockpit model.
func NewPlaceholder(opt Options) tea.Model { return placeholder{opt: opt, loading: true} }

func (m placeholder) Init() tea.Cmd {
	s := m.opt.Store
	return func() tea.Msg {
		ps, err := s.Pilots(context.Background())
		return pilotsLoaded{ps, err}
	}
}

func (m placeholder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case pilotsLoaded:
		m.pilots, m.err, m.loading = msg.pilots, msg.err, false
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m placeholder) View() tea.View {
	var b strings.Builder
	b.WriteString("ringside — portfolio\n\n")
	switch {
	case m.loading:
		b.WriteString("loading…\n")
	case m.err != nil:
		b.WriteString("error: " + model.Line(m.err.Error()) + "\n")
	case len(m.pilots) == 0:
		b.WriteString("No pilots yet. Quit and run `ringside demo`, or `ringside apply -f FILE`.\n")
	default:
		for _, p := range m.pilots {
			fmt.Fprintf(&b, "  %-26s %-11s %s\n", model.Line(p.Slug), p.Stage, model.Line(p.Name))
		}
	}
	b.WriteString("\nq quit")
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// Run opens the cockpit and blocks until the user quits.
func Run(opt Options) error {
	_, err := tea.NewProgram(NewPlaceholder(opt)).Run()
	return err
}

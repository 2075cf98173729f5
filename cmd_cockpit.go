package main

import "ringside/ui"

type cockpitOptions struct {
	demo, noMouse bool
}

func cmdCockpit(a *app, o cockpitOptions) error {
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if o.demo {
		if err := loadDemo(a, s); err != nil {
			return err
		}
	}
	return ui.Run(ui.Options{Store: s, AsOf: a.asOf, Actor: a.actor, Theme: a.theme, NoColor: a.noColor, NoMouse: o.noMouse})
}

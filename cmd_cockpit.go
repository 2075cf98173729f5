package main

import (
	"ringside/model"
	"ringside/ui"
)

type cockpitOptions struct {
	demo, noMouse bool
	review        *reviewTarget // open straight into gate-review mode
}

type reviewTarget struct {
	pilot string
	gate  model.GateID
}

func cmdCockpit(a *app, o cockpitOptions) error {
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if o.review != nil {
		return usageErr("review: the cockpit's meeting mode is not built yet; record a decided review with --decision go|conditional|hold|recycle|kill --attendee NAME (see ringside review --help)")
	}
	if o.demo {
		if err := loadDemo(a, s); err != nil {
			return err
		}
	}
	return ui.Run(ui.Options{Store: s, AsOf: a.asOf, Actor: a.actor, Theme: a.theme, NoColor: a.noColor, NoMouse: o.noMouse})
}

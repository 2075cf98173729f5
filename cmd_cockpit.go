package main

import (
	"context"
	"fmt"
	"os"

	"ringside/app"
	"ringside/model"
	"ringside/ui"
)

// cockpitOptions open the cockpit: `ringside` itself (the root command,
// main.go) and `ringside review` without --decision.
type cockpitOptions struct {
	App           *cli
	demo, noMouse bool
	review        *reviewTarget // open straight into gate-review mode
}

type reviewTarget struct {
	pilot string
	gate  model.GateID
}

func cockpitRun(o *cockpitOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	if o.demo {
		if err := loadDemo(a, ap); err != nil {
			return err
		}
	}
	opt, err := uiOptions(a, ap, o)
	if err != nil {
		return err
	}
	return ui.Run(opt)
}

// uiOptions turns the command line into the cockpit's options. For
// `ringside review` it checks the pilot and its gate plan first, so a typo
// exits 2 with the reason instead of opening a screen that shows an error.
func uiOptions(a *cli, ap *app.App, o *cockpitOptions) (ui.Options, error) {
	opt := ui.Options{App: ap, AsOf: a.asOf, Actor: a.actor, Theme: a.theme, NoColor: a.noColor, NoMouse: o.noMouse || a.noMouse, Now: a.now,
		DebugLog: debugLogPath(os.Getenv), DebugOn: a.debug != nil, AgentSocket: os.Getenv("SSH_AUTH_SOCK")}
	if a.configErr != nil { // the cockpit opens on its defaults and says why, once
		opt.Notice = "config file ignored: " + sanitizeLine(a.configErr.Error())
	} else {
		opt.Keys, opt.Dates = a.config.Keys, a.config.Dates
	}
	if o.review == nil {
		return opt, nil
	}
	if _, err := ap.Gate(context.Background(), o.review.pilot, o.review.gate, a.asOf); err != nil {
		return opt, badInput(fmt.Errorf("review: %w", err))
	}
	opt.Review = &ui.ReviewTarget{Pilot: o.review.pilot, Gate: o.review.gate}
	return opt, nil
}

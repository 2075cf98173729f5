package ui

import (
	"context"
	"strings"

	"ringside/model"
	"ringside/model/rollout"
	"ringside/store"
	"ringside/ui/widgets"
)

// calendarHeadline is the dashboard's change-calendar line: the freeze in
// force, the window open now, or the next one. It runs inside the portfolio
// load command, never in Update.
func calendarHeadline(s *store.Store, asOf model.Date) string {
	c, err := s.Calendar(context.Background())
	if err != nil {
		return "change calendar unreadable: " + err.Error()
	}
	if c == nil {
		return "no change calendar: rings may move at any time (add calendar: to the portfolio file)"
	}
	cal, _ := rollout.FromModel(*c)
	return cal.Headline(rollout.Moment(s.Now(), asOf))
}

// calendarLine draws the headline, fitted to the width; a freeze in force
// is shown as a warning.
func (d *dashboard) calendarLine() string {
	text := widgets.Fit(" "+model.Line(d.cal), d.width)
	if strings.HasPrefix(d.cal, "frozen:") {
		return d.c.styles.Warn.Render(text)
	}
	return text
}

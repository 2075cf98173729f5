package dashboard

import (
	"context"
	"strings"

	"ringside/app"
	"ringside/model"
	"ringside/ui/widgets"
)

// calendarHeadline is the dashboard's change-calendar line: the freeze in
// force, the window open now, or the next one. It runs inside the portfolio
// load command, never in Update.
func calendarHeadline(a *app.App, asOf model.Date) string {
	return a.CalendarHeadline(context.Background(), asOf)
}

// calendarLine draws the headline, fitted to the width; a freeze in force
// is shown as a warning.
func (d *dashboard) calendarLine() string {
	text := widgets.Fit(" "+model.Line(d.cal), d.width)
	if strings.HasPrefix(d.cal, "frozen:") {
		return d.c.Styles.Warn.Render(text)
	}
	return text
}

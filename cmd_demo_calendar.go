package main

import (
	"ringside/model"
	"ringside/model/rollout"
)

// shiftCalendar moves a demo calendar with the demo's dates: freezes by
// days, and each rule's DTSTART (the anchor of "every second Tuesday"), so
// the windows and freezes stay where the stories expect them. The weekday
// of a rule is kept: a Tuesday train stays on Tuesdays.
func shiftCalendar(c *model.Calendar, days int) {
	if c == nil || days == 0 {
		return
	}
	for i := range c.Freezes {
		c.Freezes[i].From = c.Freezes[i].From.AddDays(days)
		c.Freezes[i].To = c.Freezes[i].To.AddDays(days)
	}
	for i := range c.Windows {
		r, err := rollout.ParseRule(c.Windows[i].Rule)
		if err != nil || r.DTStart.IsZero() {
			continue
		}
		r.DTStart = r.DTStart.AddDays(days)
		r.Raw = ""
		c.Windows[i].Rule = r.Canonical()
	}
}

package form

import (
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
)

// The portfolio's change calendar: the change windows and freezes that
// govern every pilot's ring moves (a pilot's own calendar is edited from
// its Operations tab). Every save is one calendar.update entry through
// app.EditCalendar, validated as the portfolio file's `calendar:` is.

// portfolioCalendar is the portfolio's calendar as a form's target.
func portfolioCalendar(c *common.Common, cal *model.Calendar) calendarTarget {
	return calendarTarget{of: "the portfolio", cal: cal, save: func(summary string, edit func(cal *model.Calendar) error) tea.Cmd {
		return common.SaveCalendar(c, summary, edit)
	}}
}

// PortfolioCalendar asks which window or freeze of the portfolio's
// calendar to add, edit or remove, and opens its form in its place.
func PortfolioCalendar(c *common.Common, cal *model.Calendar) *Screen {
	t := portfolioCalendar(c, cal)
	type entry struct {
		label string
		open  func() common.Screen
	}
	entries := []entry{
		{"New change window", func() common.Screen { return windowForm(c, t, -1) }},
		{"New freeze", func() common.Screen { return freezeForm(c, t, -1) }},
	}
	if cal != nil {
		for i, w := range cal.Windows {
			entries = append(entries, entry{"Edit window " + strconv.Quote(w.Name), func() common.Screen { return windowForm(c, t, i) }})
		}
		for i, f := range cal.Freezes {
			entries = append(entries, entry{fmt.Sprintf("Edit freeze %q (%s – %s)", f.Name, f.From, f.To), func() common.Screen { return freezeForm(c, t, i) }})
		}
		for i, w := range cal.Windows {
			what := "change window " + strconv.Quote(w.Name)
			entries = append(entries, entry{"Remove " + what, func() common.Screen {
				return removeFromCalendar(c, t, what, func(cal *model.Calendar) error { return common.Remove(&c.Keys, &cal.Windows, i, w, what) })
			}})
		}
		for i, f := range cal.Freezes {
			what := "freeze " + strconv.Quote(f.Name)
			entries = append(entries, entry{"Remove " + what, func() common.Screen {
				return removeFromCalendar(c, t, what, func(cal *model.Calendar) error { return common.Remove(&c.Keys, &cal.Freezes, i, f, what) })
			}})
		}
	}
	labels := make([]string, len(entries))
	for i, e := range entries {
		labels[i] = e.label
	}
	return Forms{}.Picker(c, "Change calendar · the portfolio", "Which window or freeze of the portfolio's change calendar?", labels, 0,
		func(i int) common.Screen { return entries[i].open() }).(*Screen)
}

// removeFromCalendar asks, then removes one window or freeze.
func removeFromCalendar(c *common.Common, t calendarTarget, what string, remove func(cal *model.Calendar) error) *Screen {
	return NewConfirm(c, "Remove · "+t.of, "Remove "+what+" from the portfolio's change calendar?",
		"every pilot's ring moves follow the calendar; the audit log keeps it", func() tea.Cmd {
			return t.save("removed "+what+" of "+t.of, remove)
		})
}

package pilot

import (
	"ringside/ui/common"
	"ringside/ui/pilot/lines"

	tea "charm.land/bubbletea/v2"
)

// The way into a timed drill from a pilot's Runbooks tab: `t`, or the
// palette's "Start a timed drill".

// startDrill opens the drill screen on the runbook shown at the top of the
// Runbooks tab (the drill screen's ←/→ reaches the others).
func (d *Screen) startDrill() tea.Cmd {
	if d.data == nil || len(d.data.in.Pilot.Runbooks) == 0 {
		return func() tea.Msg { return common.StatusMsg{Text: "no runbook to drill: add one first"} }
	}
	rbs := d.data.in.Pilot.Runbooks
	return common.OpenDrill(d.Slug, rbs, d.runbookOnTop())
}

// runbookOnTop is the index of the runbook whose section holds the top
// line of the Runbooks tab, found by laying out the runbooks before it.
func (d *Screen) runbookOnTop() int {
	sp, ok := d.panes[tabRunbooks].(*common.ScrollPane)
	rbs := d.data.in.Pilot.Runbooks
	if !ok || len(rbs) < 2 {
		return 0
	}
	sp.Ensure()
	for i := len(rbs) - 1; i > 0; i-- {
		prefix := *d.data
		p := *prefix.in.Pilot
		p.Runbooks = rbs[:i]
		prefix.in.Pilot = &p
		// runbook i starts after the lines of the ones before it and its
		// two-line separator
		if len(lines.Runbooks(d.c, prefix.lines(), sp.Width))+2 <= sp.Offset+1 {
			return i
		}
	}
	return 0
}

// drillAction is the palette's entry on the Runbooks tab.
func (d *Screen) drillAction() (common.Action, bool) {
	if d.Tab != tabRunbooks || d.data == nil || len(d.data.in.Pilot.Runbooks) == 0 {
		return common.Action{}, false
	}
	rb := d.data.in.Pilot.Runbooks[d.runbookOnTop()]
	return common.Action{Name: "Start a timed drill", Help: "of " + rb.Title + " (" + common.Pair(d.c.Keys.BookPrev, d.c.Keys.BookNext) + " picks another)", Run: func() tea.Cmd { return d.startDrill() }}, true
}

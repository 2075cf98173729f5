package rollout

import (
	"strings"

	"ringside/model"
)

// FirstDay returns the first day on or after from that the rule selects
// (never before its DTSTART), searching 400 years.
func (r Rule) FirstDay(from model.Date) (model.Date, bool) {
	return r.firstMatch(from, searchDays)
}

// RRule spells the rule as an RFC 5545 RRULE value. ringside's DTSTART part
// is left out (in iCalendar the event's own DTSTART anchors the rule: put
// the rule's first day there, FirstDay(DTStart)), and WKST=MO is spelt out
// because INTERVAL counts Monday-based weeks.
func (r Rule) RRule() string {
	c := r
	c.DTStart = 0
	s := c.Canonical()
	if s == "" {
		return ""
	}
	if r.Freq == Weekly && !strings.Contains(s, "WKST=") {
		s += ";WKST=MO"
	}
	return s
}

package model

// Calendar is a set of change windows and freezes as a portfolio file
// writes them: plain text and days, so model needs no time-zone database.
// model/rollout turns it into something to compute with (rollout.FromModel)
// and reports what is wrong with it.
type Calendar struct {
	Windows []ChangeWindow
	Freezes []FreezePeriod
}

// ChangeWindow is a recurring window in which rings may move.
type ChangeWindow struct {
	Name     string
	Rule     string // RFC 5545 RRULE subset, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06
	Start    string // local time of day in Zone, "18:00"
	Duration string // how long it stays open, e.g. "2h" or "90m"; or End
	End      string // local time of day it closes, after Start on the same day
	Zone     string // IANA time zone, e.g. Europe/Berlin
}

// FreezePeriod is a run of days, From to To inclusive in Zone, in which no
// ring may move.
type FreezePeriod struct {
	Name     string
	From, To Date
	Zone     string
}

// IsZero reports whether the calendar holds nothing (nil included).
func (c *Calendar) IsZero() bool {
	return c == nil || len(c.Windows) == 0 && len(c.Freezes) == 0
}

// EffectiveCalendar is the calendar that governs a pilot: its own windows
// replace the portfolio's when it names any (a pilot may have its own
// release train), and freezes add up (a freeze of the portfolio, such as
// quarter-end, binds every pilot; a pilot may add its own).
func EffectiveCalendar(portfolio, pilot *Calendar) Calendar {
	var out Calendar
	if portfolio != nil {
		out.Windows = portfolio.Windows
		out.Freezes = append(out.Freezes, portfolio.Freezes...)
	}
	if pilot != nil {
		if len(pilot.Windows) > 0 {
			out.Windows = pilot.Windows
		}
		out.Freezes = append(out.Freezes, pilot.Freezes...)
	}
	return out
}

// Portfolio is everything a portfolio file holds: the pilots and the
// portfolio's change calendar (nil when the file has no `calendar:`, which
// leaves the stored one as it is).
type Portfolio struct {
	Calendar *Calendar
	// Sources are the saved import profiles; nil when the file has no
	// `sources:` (apply then keeps the stored ones), empty to clear them.
	Sources []ImportSource
	Pilots  []Pilot
	// SignatureLines is the line in the file of each sign-off's SSH
	// signature (the armored text → line), so that apply names FILE:LINE
	// of one that does not verify; nil when the file carries none.
	SignatureLines map[string]int
}

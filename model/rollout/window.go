package rollout

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ringside/model"
)

// MaxWindow is the longest change window: a window is hours, not months
// (a long quiet period is a freeze), and the bound keeps lookups short.
const MaxWindow = 31 * 24 * time.Hour

// Window is a recurring change window: on every day the rule selects, it
// opens at Start local time in Zone and stays open for Duration.
type Window struct {
	Name     string
	Rule     Rule
	Start    string // "18:00", local time in Zone
	Duration time.Duration
	Zone     string // IANA name, e.g. Europe/Berlin
}

// Freeze is a period in which no ring may move, from the start of From to
// the end of To, both days inclusive, in Zone.
type Freeze struct {
	Name     string
	From, To model.Date
	Zone     string
}

// LoadZone resolves an IANA zone name. "Local" is refused: a calendar must
// mean the same on every machine that reads it.
func LoadZone(name string) (*time.Location, error) {
	const help = "name an IANA time zone such as Europe/Berlin, America/New_York or UTC"
	switch {
	case name == "":
		return nil, errors.New("time zone is required: " + help)
	case name == "Local":
		return nil, errors.New(`time zone "Local" depends on the machine: ` + help)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: %s", name, help)
	}
	return loc, nil
}

// parseClock reads "18:00" or "9:30" as hours and minutes.
func parseClock(s string) (h, m int, err error) {
	hs, ms, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, errH := strconv.Atoi(hs)
	m, errM := strconv.Atoi(ms)
	if !ok || errH != nil || errM != nil || len(ms) != 2 || len(hs) > 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, fmt.Errorf("start %q is not a time of day: use HH:MM on a 24-hour clock, e.g. 18:00", s)
	}
	return h, m, nil
}

func validName(what, s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s name is required: people read it in refusals and the calendar", what)
	}
	if model.HasControl(s) {
		return fmt.Errorf("%s name %q contains a control character: use printable text", what, s)
	}
	return nil
}

// Validate lists everything wrong with the window, each as a field error.
func (w Window) Validate() []model.FieldError {
	var errs []model.FieldError
	add := func(path string, err error) {
		if err != nil {
			errs = append(errs, model.FieldError{Path: path, Msg: err.Error()})
		}
	}
	add("name", validName("window", w.Name))
	if w.Rule.IsZero() {
		add("rule", errors.New("rule is required, e.g. FREQ=WEEKLY;BYDAY=TU"))
	} else if _, err := ParseRule(w.Rule.Canonical()); err != nil {
		add("rule", err)
	}
	_, _, err := parseClock(w.Start)
	add("start", err)
	switch {
	case w.Duration <= 0:
		add("duration", fmt.Errorf("duration %v is not positive: a window must end after it starts, e.g. 2h", w.Duration))
	case w.Duration > MaxWindow:
		add("duration", fmt.Errorf("duration %v is longer than 31 days: use a freeze for long periods", w.Duration))
	}
	_, err = LoadZone(w.Zone)
	add("zone", err)
	return errs
}

// Validate lists everything wrong with the freeze, each as a field error.
func (f Freeze) Validate() []model.FieldError {
	var errs []model.FieldError
	add := func(path string, err error) {
		if err != nil {
			errs = append(errs, model.FieldError{Path: path, Msg: err.Error()})
		}
	}
	add("name", validName("freeze", f.Name))
	if f.From.IsZero() {
		add("from", errors.New("from is required: the first frozen day, YYYY-MM-DD"))
	}
	if f.To.IsZero() {
		add("to", errors.New("to is required: the last frozen day, YYYY-MM-DD"))
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To < f.From {
		add("to", fmt.Errorf("freeze ends %s before it starts %s: swap the dates", f.To, f.From))
	}
	_, err := LoadZone(f.Zone)
	add("zone", err)
	return errs
}

// bounds returns the freeze as the instants [start, end).
func (f Freeze) bounds(loc *time.Location) (start, end time.Time) {
	fy, fm, fd := f.From.Time().Date()
	ty, tm, td := f.To.AddDays(1).Time().Date()
	return wallTime(fy, fm, fd, 0, 0, loc), wallTime(ty, tm, td, 0, 0, loc)
}

// Span spells the freeze's days, e.g. 2026-12-20 – 2027-01-05.
func (f Freeze) Span() string {
	if f.From == f.To {
		return f.From.String()
	}
	return f.From.String() + " – " + f.To.String()
}

package rollout

import (
	"fmt"
	"strings"
	"time"

	"ringside/model"
)

// FromModel turns a calendar as written (model.Calendar) into one to
// compute with. It returns every problem as field errors whose paths name
// the entry and field, e.g. "windows[0].rule"; entries with problems are
// left out of the result.
func FromModel(c model.Calendar) (Calendar, []model.FieldError) {
	var out Calendar
	var errs []model.FieldError
	for i, mw := range c.Windows {
		w, werrs := windowFrom(mw)
		for _, e := range werrs {
			errs = append(errs, model.FieldError{Path: fmt.Sprintf("windows[%d].%s", i, e.Path), Msg: e.Msg})
		}
		if len(werrs) == 0 {
			out.Windows = append(out.Windows, w)
		}
	}
	for i, mf := range c.Freezes {
		f := Freeze{Name: mf.Name, From: mf.From, To: mf.To, Zone: mf.Zone}
		ferrs := f.Validate()
		for _, e := range ferrs {
			errs = append(errs, model.FieldError{Path: fmt.Sprintf("freezes[%d].%s", i, e.Path), Msg: e.Msg})
		}
		if len(ferrs) == 0 {
			out.Freezes = append(out.Freezes, f)
		}
	}
	return out, errs
}

// windowFrom reads one window: its rule, and its length from duration or
// from end (a time of day after start; a window past midnight gives a
// duration instead).
func windowFrom(mw model.ChangeWindow) (Window, []model.FieldError) {
	w := Window{Name: mw.Name, Start: mw.Start, Zone: mw.Zone}
	var errs []model.FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, model.FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(mw.Rule) != "" {
		r, err := ParseRule(mw.Rule)
		if err != nil {
			add("rule", "%v", err)
		}
		w.Rule = r
	}
	startH, startM, startErr := parseClock(mw.Start)
	switch {
	case mw.Duration != "" && mw.End != "":
		add("end", "give duration or end, not both")
	case mw.Duration != "":
		d, err := time.ParseDuration(strings.TrimSpace(mw.Duration))
		if err != nil {
			add("duration", "duration %q is not a length of time: write e.g. 2h, 90m or 1h30m", mw.Duration)
		}
		w.Duration = d
	case mw.End != "":
		endH, endM, err := parseClock(mw.End)
		if err != nil {
			add("end", "end %q is not a time of day: use HH:MM on a 24-hour clock, e.g. 20:00", mw.End)
		} else if startErr == nil {
			w.Duration = time.Duration((endH*60+endM)-(startH*60+startM)) * time.Minute
			if w.Duration <= 0 {
				add("end", "the window ends at %s, not after it starts at %s: give an end later that day, or a duration (e.g. 4h) for a window that runs past midnight", mw.End, mw.Start)
			}
		}
	default:
		add("duration", "duration or end is required: how long the window stays open, e.g. duration: 2h or end: \"20:00\"")
	}
	reported := map[string]bool{}
	for _, e := range errs {
		reported[e.Path] = true
	}
	if reported["end"] || reported["duration"] || mw.End != "" && startErr != nil {
		reported["duration"] = true // the length was already explained, or follows from a bad start
	}
	for _, e := range w.Validate() {
		if !reported[e.Path] {
			errs = append(errs, e)
		}
	}
	return w, errs
}

// Permits reports whether a ring may move at t under the calendar. A
// calendar with no windows restricts nothing but its freezes (a portfolio
// may only want quarter-end frozen); an empty calendar restricts nothing.
func (c Calendar) Permits(t time.Time) (ok bool, why string) {
	if len(c.Windows) == 0 {
		_, fs := c.compile()
		for _, f := range fs {
			if !t.Before(f.start) && t.Before(f.end) {
				return c.Allows(t)
			}
		}
		return true, "no change window is defined and no freeze is in force"
	}
	return c.Allows(t)
}

// NextOpen returns the next opening after t that no freeze blocks.
func (c Calendar) NextOpen(t time.Time, look int) (Occurrence, bool) {
	for _, o := range c.Next(t, look) {
		if !o.Frozen {
			return o, true
		}
	}
	return Occurrence{}, false
}

// FreezeAt returns the freeze in force at t, if any.
func (c Calendar) FreezeAt(t time.Time) (Freeze, bool) {
	_, fs := c.compile()
	for _, f := range fs {
		if !t.Before(f.start) && t.Before(f.end) {
			return f.Freeze, true
		}
	}
	return Freeze{}, false
}

// Headline is one line for a dashboard: the freeze in force ("frozen:
// Year-end until 5 Jan"), the window open now, or the next opening ("next
// window Tue 24 Nov 18:00–20:00 Europe/Berlin"); "" for an empty calendar.
func (c Calendar) Headline(t time.Time) string {
	if len(c.Windows) == 0 && len(c.Freezes) == 0 {
		return ""
	}
	if f, ok := c.FreezeAt(t); ok {
		return fmt.Sprintf("frozen: %s until %s", f.Name, f.To.Time().Format("2 Jan"))
	}
	if ok, why := c.Allows(t); ok {
		return "change window open: " + strings.TrimPrefix(why, "inside change window ")
	}
	if o, ok := c.NextOpen(t, 50); ok {
		return "next window " + o.Short()
	}
	if len(c.Windows) == 0 {
		return "no change window defined; no freeze in force"
	}
	return "no open change window ahead"
}

// Short spells an opening compactly, e.g. "Tue 24 Nov 18:00–20:00 Europe/Berlin".
func (o Occurrence) Short() string {
	const day, clock = "Mon 2 Jan", "15:04"
	if model.DateOf(o.Start) == model.DateOf(o.End) {
		return fmt.Sprintf("%s %s–%s %s", o.Start.Format(day), o.Start.Format(clock), o.End.Format(clock), o.Zone)
	}
	return fmt.Sprintf("%s %s – %s %s %s", o.Start.Format(day), o.Start.Format(clock), o.End.Format(day), o.End.Format(clock), o.Zone)
}

// Moment is the instant a calendar is read at: now, or the start of the
// evaluation day (UTC) when --as-of names another day, so a report for a
// past or future day is reproducible.
func Moment(now time.Time, asOf model.Date) time.Time {
	if asOf.IsZero() || model.DateOf(now.UTC()) == asOf {
		return now
	}
	return asOf.Time()
}

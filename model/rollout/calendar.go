package rollout

import (
	"fmt"
	"sort"
	"time"

	"ringside/model"
)

// Calendar is a set of change windows and freezes, e.g. a portfolio's, or a
// pilot's own that overrides it.
type Calendar struct {
	Windows []Window
	Freezes []Freeze
}

// Occurrence is one opening of a window. Frozen marks an opening that
// overlaps a freeze: it is listed, so people see what the freeze costs, but
// no ring may move in it.
type Occurrence struct {
	Window string    `json:"window"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Zone   string    `json:"zone"`
	Frozen bool      `json:"frozen"`
	Freeze string    `json:"freeze,omitempty"` // name of the first freeze it overlaps
}

// String spells the opening, e.g. "Tue 2026-12-01 18:00–20:00 Europe/Berlin",
// or with both days when it ends on another one.
func (o Occurrence) String() string {
	const day, clock = "Mon 2006-01-02", "15:04"
	if model.DateOf(o.Start) == model.DateOf(o.End) {
		return fmt.Sprintf("%s %s–%s %s", o.Start.Format(day), o.Start.Format(clock), o.End.Format(clock), o.Zone)
	}
	return fmt.Sprintf("%s %s – %s %s %s", o.Start.Format(day), o.Start.Format(clock), o.End.Format(day), o.End.Format(clock), o.Zone)
}

// Validate returns every problem of the calendar as field errors whose
// paths name the entry, e.g. "windows[1].zone"; nil when it is sound.
func (c Calendar) Validate() []model.FieldError {
	var errs []model.FieldError
	for i, w := range c.Windows {
		for _, e := range w.Validate() {
			errs = append(errs, model.FieldError{Path: fmt.Sprintf("windows[%d].%s", i, e.Path), Msg: e.Msg})
		}
	}
	for i, f := range c.Freezes {
		for _, e := range f.Validate() {
			errs = append(errs, model.FieldError{Path: fmt.Sprintf("freezes[%d].%s", i, e.Path), Msg: e.Msg})
		}
	}
	return errs
}

// liveWindow is a window ready to compute with.
type liveWindow struct {
	Window
	loc        *time.Location
	hour, min  int
	orderIndex int
}

type liveFreeze struct {
	Freeze
	start, end time.Time
}

// compile resolves zones and clocks. Entries that do not validate are left
// out: Validate is where they are reported.
func (c Calendar) compile() ([]liveWindow, []liveFreeze) {
	var ws []liveWindow
	for i, w := range c.Windows {
		if len(w.Validate()) > 0 {
			continue
		}
		loc, _ := LoadZone(w.Zone)
		h, m, _ := parseClock(w.Start)
		ws = append(ws, liveWindow{Window: w, loc: loc, hour: h, min: m, orderIndex: i})
	}
	var fs []liveFreeze
	for _, f := range c.Freezes {
		if len(f.Validate()) > 0 {
			continue
		}
		loc, _ := LoadZone(f.Zone)
		s, e := f.bounds(loc)
		fs = append(fs, liveFreeze{Freeze: f, start: s, end: e})
	}
	return ws, fs
}

// opening returns the window's opening on local day d.
func (w liveWindow) opening(d model.Date) Occurrence {
	y, mo, dd := d.Time().Date()
	start := wallTime(y, mo, dd, w.hour, w.min, w.loc)
	return Occurrence{Window: w.Name, Start: start, End: start.Add(w.Duration).In(w.loc), Zone: w.Zone}
}

// markFrozen sets Frozen when the opening overlaps a freeze.
func markFrozen(o *Occurrence, fs []liveFreeze) {
	for _, f := range fs {
		if o.Start.Before(f.end) && f.start.Before(o.End) {
			o.Frozen, o.Freeze = true, f.Name
			return
		}
	}
}

// Next returns the next n window openings that start after from, in time
// order (ties in the order the windows are listed), frozen ones included
// and marked. It returns fewer when the windows run out within 400 years.
func (c Calendar) Next(from time.Time, n int) []Occurrence {
	if n <= 0 {
		return nil
	}
	ws, fs := c.compile()
	type ranked struct {
		Occurrence
		order int
	}
	var all []ranked
	for _, w := range ws {
		day := model.DateOf(from.In(w.loc))
		found := 0
		for d := day; found < n && d < day+searchDays; d++ {
			next, ok := w.Rule.firstMatch(d, int(day+searchDays-d))
			if !ok {
				break
			}
			d = next
			o := w.opening(d)
			if !o.Start.After(from) {
				continue
			}
			all = append(all, ranked{o, w.orderIndex})
			found++
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].Start.Equal(all[j].Start) {
			return all[i].Start.Before(all[j].Start)
		}
		return all[i].order < all[j].order
	})
	if len(all) > n {
		all = all[:n]
	}
	out := make([]Occurrence, len(all))
	for i, r := range all {
		out[i] = r.Occurrence
		markFrozen(&out[i], fs)
	}
	return out
}

// Allows reports whether a ring may move at t: only inside a window and
// outside every freeze. why is a plain sentence saying which, and when
// refused, the next opening that is not frozen.
func (c Calendar) Allows(t time.Time) (ok bool, why string) {
	ws, fs := c.compile()
	for _, f := range fs {
		if !t.Before(f.start) && t.Before(f.end) {
			return false, fmt.Sprintf("inside freeze %q %s", f.Name, f.Span()) + c.nextOpen(t)
		}
	}
	for _, w := range ws {
		if o, in := w.openAt(t); in {
			until := o.End.Format("15:04")
			if model.DateOf(o.End) != model.DateOf(t.In(w.loc)) {
				until = o.End.Format("Mon 2006-01-02 15:04")
			}
			return true, fmt.Sprintf("inside change window %q until %s %s", w.Name, until, w.Zone)
		}
	}
	if len(ws) == 0 {
		return false, "no change window is defined: add one to the calendar, or force the change with a reason"
	}
	return false, "outside every change window" + c.nextOpen(t)
}

// openAt returns the window's opening that contains t, if any: one that
// started on a local day between t − Duration (a day early, for offsets)
// and t's own day.
func (w liveWindow) openAt(t time.Time) (Occurrence, bool) {
	last := model.DateOf(t.In(w.loc))
	first := model.DateOf(t.Add(-w.Duration).In(w.loc)) - 1
	for d := last; d >= first; d-- {
		if !w.Rule.Matches(d) {
			continue
		}
		o := w.opening(d)
		if !t.Before(o.Start) && t.Before(o.End) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// nextOpen spells the next opening after t that no freeze blocks, as a
// clause to append to a refusal.
func (c Calendar) nextOpen(t time.Time) string {
	const look = 50
	next := c.Next(t, look)
	for _, o := range next {
		if !o.Frozen {
			return "; next: " + o.String()
		}
	}
	if len(next) == look {
		return fmt.Sprintf("; the next %d openings are all frozen", look)
	}
	if len(c.Windows) == 0 {
		return ""
	}
	return "; no open window follows"
}

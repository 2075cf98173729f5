package exporters

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"ringside/model"
	"ringside/model/rollout"
)

// ICS is a change calendar for calendar programs (RFC 5545): each window is
// one recurring event, each freeze an all-day event, each planned ring move
// an event in the window it is to happen in (all day on its planned day when
// there is none).
type ICS struct {
	Scope   string // "" for the portfolio, else the pilot's slug
	Windows []rollout.Window
	Freezes []ICSFreeze
	Moves   []ICSMove
	From    time.Time // the listing's start: rules without DTSTART begin on its day
	Stamp   time.Time // DTSTAMP of every event: the export time
}

// ICSFreeze is a freeze, its days inclusive.
type ICSFreeze struct {
	Name     string
	From, To model.Date
	Zone     string
	Pilot    string // set for a pilot's own freeze
}

// ICSMove is a planned ring move and the opening it is to happen in (nil:
// none in the listing; the event then falls on the planned day).
type ICSMove struct {
	Pilot, Ring string
	Planned     model.Date
	Window      *rollout.Occurrence
	Note        string
}

// WriteICS writes the calendar as an iCalendar file: CRLF line ends, lines
// folded at 75 octets, text escaped, a VTIMEZONE for every zone an event
// names, and UIDs that stay the same from one export to the next (the
// scope and the window's name, freeze's name and days, or pilot and ring),
// so importing a newer export updates the events instead of adding copies.
func WriteICS(w io.Writer, c ICS) error {
	b := &icsBuilder{}
	scope := "portfolio"
	if c.Scope != "" {
		scope = "pilot " + CleanText(c.Scope)
	}
	b.line("BEGIN:VCALENDAR")
	b.line("VERSION:2.0")
	b.line("PRODID:-//ringside//change calendar//EN")
	b.line("CALSCALE:GREGORIAN")
	b.line("METHOD:PUBLISH")
	b.prop("X-WR-CALNAME", "ringside change calendar: "+scope)
	stamp := c.Stamp.UTC().Format("20060102T150405Z")

	zones := map[string]*time.Location{}
	earliest := c.From
	var events icsBuilder
	for _, win := range c.Windows {
		loc, err := rollout.LoadZone(win.Zone)
		if err != nil {
			return fmt.Errorf("window %q: %v", win.Name, err)
		}
		from := model.DateOf(c.From.In(loc))
		if !win.Rule.DTStart.IsZero() {
			from = win.Rule.DTStart
		}
		day, ok := win.Rule.FirstDay(from)
		if !ok {
			continue // a rule that never matches; Validate reports it
		}
		hh, mm, _ := strings.Cut(win.Start, ":")
		h, _ := strconv.Atoi(hh)
		m, _ := strconv.Atoi(mm)
		y, mo, d := day.Time().Date()
		start := time.Date(y, mo, d, h, m, 0, 0, loc)
		if start.Before(earliest) {
			earliest = start
		}
		zones[win.Zone] = loc
		events.line("BEGIN:VEVENT")
		events.prop("UID", uid("window", c.Scope, win.Name))
		events.line("DTSTAMP:" + stamp)
		events.prop("SUMMARY", "Change window: "+CleanText(win.Name))
		events.line("DTSTART;TZID=" + icsParam(win.Zone) + ":" + fmt.Sprintf("%04d%02d%02dT%02d%02d00", y, mo, d, h, m))
		events.line("DURATION:" + icsDuration(win.Duration))
		events.line("RRULE:" + win.Rule.RRule())
		events.prop("DESCRIPTION", fmt.Sprintf("ringside change window of the %s: rings may move inside it unless a freeze covers it. Rule %s, %s for %s, %s.",
			scope, CleanText(win.Rule.String()), win.Start, durText(win.Duration), win.Zone))
		events.line("CATEGORIES:ringside,change window")
		events.line("TRANSP:TRANSPARENT")
		events.line("END:VEVENT")
	}
	for _, f := range c.Freezes {
		who := "every pilot of the " + scope
		if f.Pilot != "" {
			who = "pilot " + CleanText(f.Pilot) + " only"
		}
		events.line("BEGIN:VEVENT")
		events.prop("UID", uid("freeze", c.Scope, f.Pilot, f.Name, f.From.String(), f.To.String()))
		events.line("DTSTAMP:" + stamp)
		events.prop("SUMMARY", "Change freeze: "+CleanText(f.Name))
		events.line("DTSTART;VALUE=DATE:" + icsDate(f.From))
		events.line("DTEND;VALUE=DATE:" + icsDate(f.To.AddDays(1))) // exclusive
		events.prop("DESCRIPTION", fmt.Sprintf("ringside change freeze, %s to %s inclusive in %s, for %s: no ring may move.",
			f.From, f.To, CleanText(f.Zone), who))
		events.line("CATEGORIES:ringside,change freeze")
		events.line("TRANSP:TRANSPARENT")
		events.line("END:VEVENT")
	}
	for _, mv := range c.Moves {
		events.line("BEGIN:VEVENT")
		events.prop("UID", uid("move", mv.Pilot, mv.Ring))
		events.line("DTSTAMP:" + stamp)
		events.prop("SUMMARY", "Ring move: "+CleanText(mv.Pilot)+" → "+CleanText(mv.Ring))
		if o := mv.Window; o != nil {
			loc, err := rollout.LoadZone(o.Zone)
			if err != nil {
				return fmt.Errorf("move of %s %s: %v", mv.Pilot, mv.Ring, err)
			}
			zones[o.Zone] = loc
			if o.Start.Before(earliest) {
				earliest = o.Start
			}
			events.line("DTSTART;TZID=" + icsParam(o.Zone) + ":" + o.Start.In(loc).Format("20060102T150405"))
			events.line("DTEND;TZID=" + icsParam(o.Zone) + ":" + o.End.In(loc).Format("20060102T150405"))
		} else {
			events.line("DTSTART;VALUE=DATE:" + icsDate(mv.Planned))
			events.line("DTEND;VALUE=DATE:" + icsDate(mv.Planned.AddDays(1)))
		}
		events.prop("DESCRIPTION", fmt.Sprintf("ringside planned ring move: pilot %s, ring %s, planned %s. %s",
			CleanText(mv.Pilot), CleanText(mv.Ring), mv.Planned, CleanText(mv.Note)))
		events.line("CATEGORIES:ringside,ring move")
		events.line("END:VEVENT")
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		writeVTimezone(b, n, zones[n], earliest.Year()-1)
	}
	b.WriteString(events.String())
	b.line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// durText spells a duration as people write it: 2h, 1h30m, 90s.
func durText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// uid is a stable identifier made of what names the event.
func uid(kind string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(append([]string{kind}, parts...), "\x00")))
	return kind + "-" + hex.EncodeToString(h[:10]) + "@ringside"
}

func icsDate(d model.Date) string { return d.Time().Format("20060102") }

// icsDuration spells a duration as RFC 5545 does, e.g. PT2H, PT1H30M, P1DT2H.
func icsDuration(d time.Duration) string {
	s := int64(d / time.Second)
	days, s := s/86400, s%86400
	h, s := s/3600, s%3600
	m, s := s/60, s%60
	out := "P"
	if days > 0 {
		out += strconv.FormatInt(days, 10) + "D"
	}
	if h > 0 || m > 0 || s > 0 || days == 0 {
		out += "T"
		if h > 0 {
			out += strconv.FormatInt(h, 10) + "H"
		}
		if m > 0 {
			out += strconv.FormatInt(m, 10) + "M"
		}
		if s > 0 || (h == 0 && m == 0) {
			out += strconv.FormatInt(s, 10) + "S"
		}
	}
	return out
}

// icsParam quotes a parameter value when it holds a character that would
// end it (zone names never do; the quotes are a guard).
func icsParam(s string) string {
	if strings.ContainsAny(s, ";:,\"") {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(CleanText(s))
}

type icsBuilder struct{ strings.Builder }

// line writes one content line folded at 75 octets (continuation lines
// start with a space), never inside a UTF-8 sequence, ended by CRLF.
func (b *icsBuilder) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // a continuation line's leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// prop writes NAME:VALUE with the value escaped as TEXT.
func (b *icsBuilder) prop(name, value string) { b.line(name + ":" + icsText(value)) }

// writeVTimezone describes loc from year on: its yearly rules when the
// zone's transitions follow one (as in the EU and the US), else each
// transition of the next twenty years; one STANDARD block when the zone
// keeps one offset.
func writeVTimezone(b *icsBuilder, name string, loc *time.Location, year int) {
	b.line("BEGIN:VTIMEZONE")
	b.line("TZID:" + name)
	first := transitionsIn(loc, year)
	switch {
	case len(first) == 0:
		_, off := time.Date(year, 1, 1, 0, 0, 0, 0, loc).Zone()
		abbr, _ := time.Date(year, 1, 1, 0, 0, 0, 0, loc).Zone()
		b.line("BEGIN:STANDARD")
		b.line("DTSTART:19700101T000000")
		b.line("TZOFFSETFROM:" + icsOffset(off))
		b.line("TZOFFSETTO:" + icsOffset(off))
		b.prop("TZNAME", abbr)
		b.line("END:STANDARD")
	case yearlyRulesHold(loc, first, year):
		for _, t := range first {
			t.write(b, t.rrule())
		}
	default:
		for y := year; y < year+20; y++ {
			for _, t := range transitionsIn(loc, y) {
				t.write(b, "")
			}
		}
	}
	b.line("END:VTIMEZONE")
}

type transition struct {
	at       time.Time // the instant the new offset starts
	from, to int       // offsets in seconds east of UTC
	dst      bool
	abbr     string
}

// local is the wall clock just before the transition, as VTIMEZONE's
// DTSTART spells it.
func (t transition) local() time.Time { return t.at.UTC().Add(time.Duration(t.from) * time.Second) }

func (t transition) rrule() string {
	l := t.local()
	day := l.Day()
	dim := time.Date(l.Year(), l.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	n := strconv.Itoa((day-1)/7 + 1)
	if day > dim-7 {
		n = "-1"
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s%s", int(l.Month()), n, [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[l.Weekday()])
}

func (t transition) write(b *icsBuilder, rrule string) {
	kind := "STANDARD"
	if t.dst {
		kind = "DAYLIGHT"
	}
	b.line("BEGIN:" + kind)
	b.line("DTSTART:" + t.local().Format("20060102T150405"))
	if rrule != "" {
		b.line("RRULE:" + rrule)
	}
	b.line("TZOFFSETFROM:" + icsOffset(t.from))
	b.line("TZOFFSETTO:" + icsOffset(t.to))
	b.prop("TZNAME", t.abbr)
	b.line("END:" + kind)
}

// transitionsIn finds the zone's offset changes in a year, to the second.
func transitionsIn(loc *time.Location, year int) []transition {
	var out []transition
	t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	_, off := t.In(loc).Zone()
	for t.Before(end) {
		next := t.Add(time.Hour)
		_, noff := next.In(loc).Zone()
		if noff != off {
			lo, hi := t, next // offset off at lo, noff at hi
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, o := mid.In(loc).Zone(); o == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			abbr, _ := hi.In(loc).Zone()
			out = append(out, transition{at: hi, from: off, to: noff, dst: hi.In(loc).IsDST(), abbr: abbr})
			off = noff
		}
		t = next
	}
	return out
}

// yearlyRulesHold reports whether the rules read from year's transitions
// predict the next ten years' exactly.
func yearlyRulesHold(loc *time.Location, first []transition, year int) bool {
	for y := year + 1; y <= year+10; y++ {
		next := transitionsIn(loc, y)
		if len(next) != len(first) {
			return false
		}
		for i, t := range next {
			f := first[i]
			if t.rrule() != f.rrule() || t.from != f.from || t.to != f.to || t.local().Format("150405") != f.local().Format("150405") {
				return false
			}
		}
	}
	return true
}

// icsOffset spells an offset as +HHMM (or +HHMMSS when it has seconds).
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

package rollout

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ringside/model"
)

// Freq is how often a rule repeats.
type Freq string

const (
	Daily   Freq = "DAILY"
	Weekly  Freq = "WEEKLY"
	Monthly Freq = "MONTHLY"
)

// MaxInterval bounds INTERVAL: a change window repeats at least every 99
// days, weeks or months, and the bound keeps every search finite.
const MaxInterval = 99

// DayOf is one BYDAY entry: a weekday, and for MONTHLY rules an optional
// position in the month (1 = first, -1 = last; 0 = every such weekday).
type DayOf struct {
	Weekday time.Weekday
	N       int
}

// Rule is a parsed recurrence rule. Days before DTStart never match, and
// INTERVAL counts days, Monday-based weeks or months from DTStart.
type Rule struct {
	Freq       Freq
	Interval   int // ≥ 1
	ByDay      []DayOf
	ByMonthDay []int      // 1…31 or -31…-1 (from the month's end)
	DTStart    model.Date // zero: none
	Raw        string     // the text as written, for files and screens
}

// ErrRule is wrapped by every rule parse error.
var ErrRule = errors.New("invalid recurrence rule")

const ruleHelp = "write e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06 (parts: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL=1…99, BYDAY=MO,TU,… or for MONTHLY 2TU,-1FR, BYMONTHDAY=1,15,-1, DTSTART=YYYY-MM-DD)"

var weekdayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

var weekdayNames = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ParseRule reads an RFC 5545 RRULE subset: FREQ (required), INTERVAL,
// BYDAY, BYMONTHDAY and DTSTART (as YYYY-MM-DD, the anchor of INTERVAL),
// separated by ';', with an optional "RRULE:" prefix. Keys and weekday codes
// are case-insensitive.
func ParseRule(s string) (Rule, error) {
	raw := strings.TrimSpace(s)
	fail := func(format string, args ...any) (Rule, error) {
		return Rule{}, fmt.Errorf("%w %q: %s; %s", ErrRule, raw, fmt.Sprintf(format, args...), ruleHelp)
	}
	body := raw
	if len(body) >= 6 && strings.EqualFold(body[:6], "RRULE:") {
		body = body[6:]
	}
	r := Rule{Raw: raw}
	seen := map[string]bool{}
	for _, part := range strings.Split(body, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		key, val = strings.ToUpper(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok || key == "" {
			return fail("part %q is not KEY=VALUE", part)
		}
		if seen[key] {
			return fail("%q is given twice", key)
		}
		seen[key] = true
		if val == "" {
			return fail("%q has no value", key)
		}
		var err error
		switch key {
		case "FREQ":
			r.Freq = Freq(strings.ToUpper(val))
			if r.Freq != Daily && r.Freq != Weekly && r.Freq != Monthly {
				return fail("FREQ %q is not supported: use DAILY, WEEKLY or MONTHLY", val)
			}
		case "INTERVAL":
			r.Interval, err = strconv.Atoi(val)
			if err != nil || r.Interval < 1 || r.Interval > MaxInterval {
				return fail("INTERVAL %q is not a whole number from 1 to %d", val, MaxInterval)
			}
		case "BYDAY":
			for _, item := range strings.Split(val, ",") {
				d, err := parseDayOf(strings.ToUpper(strings.TrimSpace(item)))
				if err != nil {
					return fail("BYDAY entry %q %v", item, err)
				}
				r.ByDay = append(r.ByDay, d)
			}
		case "BYMONTHDAY":
			for _, item := range strings.Split(val, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(item))
				if err != nil || n == 0 || n < -31 || n > 31 {
					return fail("BYMONTHDAY entry %q is not a day 1…31 or -31…-1 (-1 is the last day)", item)
				}
				r.ByMonthDay = append(r.ByMonthDay, n)
			}
		case "DTSTART":
			if len(val) != 10 {
				return fail("DTSTART %q is not a date YYYY-MM-DD", val)
			}
			d, err := model.ParseDate(val)
			if err != nil || d <= 0 {
				return fail("DTSTART %q is not a date YYYY-MM-DD after 1970-01-01", val)
			}
			r.DTStart = d
		default:
			return fail("%q is not supported", key)
		}
	}
	if r.Freq == "" {
		return fail("FREQ is required")
	}
	if r.Interval == 0 {
		r.Interval = 1
	}
	if err := r.check(); err != nil {
		return fail("%v", err)
	}
	return r, nil
}

// parseDayOf reads "TU", "2TU" or "-1FR".
func parseDayOf(s string) (DayOf, error) {
	if len(s) < 2 {
		return DayOf{}, errors.New("is not a weekday code: use MO, TU, WE, TH, FR, SA or SU")
	}
	wd, ok := weekdayCodes[s[len(s)-2:]]
	if !ok {
		return DayOf{}, errors.New("is not a weekday code: use MO, TU, WE, TH, FR, SA or SU")
	}
	d := DayOf{Weekday: wd}
	if num := s[:len(s)-2]; num != "" {
		n, err := strconv.Atoi(num)
		if err != nil || n == 0 || n < -5 || n > 5 {
			return DayOf{}, errors.New("has a position that is not 1…5 or -1…-5 (e.g. 2TU, -1FR)")
		}
		d.N = n
	}
	return d, nil
}

// check rejects combinations that do not make sense together.
func (r Rule) check() error {
	if r.Interval > 1 && r.DTStart.IsZero() {
		return fmt.Errorf("INTERVAL=%d needs DTSTART=YYYY-MM-DD to know which %s counts first", r.Interval, r.unit())
	}
	for _, d := range r.ByDay {
		if d.N != 0 && r.Freq != Monthly {
			return fmt.Errorf("a numbered BYDAY such as %s works only with FREQ=MONTHLY", d)
		}
	}
	if r.Freq == Weekly && len(r.ByMonthDay) > 0 {
		return errors.New("BYMONTHDAY does not combine with FREQ=WEEKLY: use FREQ=MONTHLY")
	}
	if r.Freq == Weekly && len(r.ByDay) == 0 && r.DTStart.IsZero() {
		return errors.New("FREQ=WEEKLY needs BYDAY or DTSTART to know the weekday")
	}
	if r.Freq == Monthly && len(r.ByDay) == 0 && len(r.ByMonthDay) == 0 && r.DTStart.IsZero() {
		return errors.New("FREQ=MONTHLY needs BYDAY, BYMONTHDAY or DTSTART to know the day")
	}
	if _, ok := r.firstMatch(r.anchor(), searchDays); !ok {
		return errors.New("it matches no day in the 400 years after its start: check that BYDAY, BYMONTHDAY and INTERVAL can meet")
	}
	return nil
}

func (r Rule) unit() string {
	switch r.Freq {
	case Weekly:
		return "week"
	case Monthly:
		return "month"
	}
	return "day"
}

// IsZero reports whether the rule is unset.
func (r Rule) IsZero() bool { return r.Freq == "" }

// String returns the rule as written, or its canonical form.
func (r Rule) String() string {
	if r.Raw != "" {
		return r.Raw
	}
	return r.Canonical()
}

// Canonical spells the rule in a fixed order, e.g.
// FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06.
func (r Rule) Canonical() string {
	if r.IsZero() {
		return ""
	}
	parts := []string{"FREQ=" + string(r.Freq)}
	if r.Interval > 1 {
		parts = append(parts, "INTERVAL="+strconv.Itoa(r.Interval))
	}
	if len(r.ByDay) > 0 {
		days := make([]string, len(r.ByDay))
		for i, d := range r.ByDay {
			days[i] = d.String()
		}
		parts = append(parts, "BYDAY="+strings.Join(days, ","))
	}
	if len(r.ByMonthDay) > 0 {
		days := make([]string, len(r.ByMonthDay))
		for i, d := range r.ByMonthDay {
			days[i] = strconv.Itoa(d)
		}
		parts = append(parts, "BYMONTHDAY="+strings.Join(days, ","))
	}
	if !r.DTStart.IsZero() {
		parts = append(parts, "DTSTART="+r.DTStart.String())
	}
	return strings.Join(parts, ";")
}

// String spells a BYDAY entry, e.g. TU, 2TU, -1FR.
func (d DayOf) String() string {
	code := weekdayNames[int(d.Weekday)%7]
	if d.N == 0 {
		return code
	}
	return strconv.Itoa(d.N) + code
}

// Package model holds ringside's domain types and its pure engines. It does
// no I/O and imports only the standard library, so every rule in it can be
// tested with plain values.
package model

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day counted from 1970-01-01. Days are what the domain
// reasons in (windows, staleness, due dates), and an integer makes window
// arithmetic exact and cheap. The zero value means "not set": no real pilot
// date is 1970-01-01.
type Date int32

const dateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads an ISO date (2026-01-31) or an RFC 3339 timestamp, whose
// day is taken as written (its own offset), so a reading logged at 23:30
// local time counts for that local day.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 {
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			return 0, fmt.Errorf("%q is not a date: use YYYY-MM-DD, e.g. 2026-01-31", s)
		}
		return DateOf(t), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date: use YYYY-MM-DD or an RFC 3339 timestamp", s)
	}
	return DateOf(t), nil
}

// MustDate parses s or panics; for tests and built-in defaults only.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(dateLayout)
}

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

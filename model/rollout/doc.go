// Package rollout decides when a ring may move: recurring change windows
// (a subset of RFC 5545 recurrence rules, in a named time zone) and freeze
// periods. It is pure: the only outside knowledge it uses is the time-zone
// database, read through time.LoadLocation.
//
// Local times follow RFC 5545 §3.3.5: a window start that falls in a
// spring-forward gap (02:30 in Europe/Berlin on 2026-03-29) is read with the
// offset in force before the gap, so it opens at 03:30 local; a start that
// occurs twice on a fall-back night opens at its first occurrence. A window
// lasts its Duration of elapsed time.
package rollout

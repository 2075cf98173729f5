package store

import "time"

// testClock is the clock of every database a test opens: the afternoon of
// the demo's evaluation day, so no test depends on today's date.
func testClock() time.Time { return time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC) }

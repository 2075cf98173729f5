package rollout

import (
	"strings"
	"testing"

	"ringside/model"
)

// matchDays lists the first n days on or after from that r selects.
func matchDays(t *testing.T, r Rule, from model.Date, n int) string {
	t.Helper()
	var out []string
	for d := from; len(out) < n; d++ {
		next, ok := r.firstMatch(d, searchDays)
		if !ok {
			break
		}
		out = append(out, next.String())
		d = next
	}
	return strings.Join(out, " ")
}

func TestRuleMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rule, from string
		want             string
	}{
		// February has 29 days in 2024 (divisible by 4, not by 100).
		{"last day, leap year", "FREQ=MONTHLY;BYMONTHDAY=-1", "2024-01-15",
			"2024-01-31 2024-02-29 2024-03-31"},
		// 2025 is not a leap year: February ends on the 28th.
		{"last day, common year", "FREQ=MONTHLY;BYMONTHDAY=-1", "2025-01-15",
			"2025-01-31 2025-02-28 2025-03-31"},
		// Only months with 31 days: February, April and June are skipped.
		{"31st skips short months", "FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-01",
			"2026-01-31 2026-03-31 2026-05-31 2026-07-31 2026-08-31"},
		// DTSTART's day of the month repeats; 31 Feb does not exist.
		{"anchor day 31", "FREQ=MONTHLY;DTSTART=2026-01-31", "2026-01-01",
			"2026-01-31 2026-03-31 2026-05-31"},
		// Tuesdays 2026-01-06, 13, 20, 27, 02-03, 10, 17: every second from the 6th.
		{"every second Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06", "2026-01-01",
			"2026-01-06 2026-01-20 2026-02-03 2026-02-17"},
		// Starting mid-cycle keeps the anchor's rhythm: the 13th is an off week.
		{"every second Tuesday, mid-cycle", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-01-06", "2026-01-07",
			"2026-01-20 2026-02-03"},
		// Weeks run Monday to Sunday: an anchor on Sunday 01-11 puts Monday 01-12
		// in the next (off) week, Monday 01-19 in the one after.
		{"week boundary is Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;DTSTART=2026-01-11", "2026-01-01",
			"2026-01-11 2026-01-19 2026-01-25 2026-02-02"},
		// Last Fridays: Jan 30, Feb 27, Mar 27, Apr 24 (April's Fridays: 3, 10, 17, 24).
		{"last Friday", "FREQ=MONTHLY;BYDAY=-1FR", "2026-01-01",
			"2026-01-30 2026-02-27 2026-03-27 2026-04-24"},
		// Second Tuesdays: Jan 13, Feb 10, Mar 10.
		{"second Tuesday", "FREQ=MONTHLY;BYDAY=2TU", "2026-01-01",
			"2026-01-13 2026-02-10 2026-03-10"},
		// A fifth Monday only in months with five: March (30th) and June (29th).
		{"fifth Monday", "FREQ=MONTHLY;BYDAY=5MO", "2026-01-01",
			"2026-03-30 2026-06-29"},
		// BYDAY and BYMONTHDAY intersect: Friday the 13th.
		{"Friday the 13th", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2026-01-01",
			"2026-02-13 2026-03-13 2026-11-13"},
		// Every third month from January: Jan, Apr, Jul.
		{"quarterly", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;DTSTART=2026-01-01", "2026-01-01",
			"2026-01-01 2026-04-01 2026-07-01"},
		// 30 Jan + 3 = 2 Feb (January has 31 days) + 3 = 5 Feb.
		{"every third day", "FREQ=DAILY;INTERVAL=3;DTSTART=2026-01-30", "2026-01-01",
			"2026-01-30 2026-02-02 2026-02-05"},
		// 2026-01-01 is a Thursday: next Monday is the 5th.
		{"daily on weekdays", "FREQ=DAILY;BYDAY=MO,WE", "2026-01-01",
			"2026-01-05 2026-01-07 2026-01-12"},
		// DTSTART 2026-01-08 is a Thursday.
		{"weekly on the anchor's weekday", "FREQ=WEEKLY;DTSTART=2026-01-08", "2026-01-01",
			"2026-01-08 2026-01-15"},
		{"nothing before DTSTART", "FREQ=DAILY;DTSTART=2026-03-01", "2026-01-01",
			"2026-03-01 2026-03-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			n := len(strings.Fields(tt.want))
			if got := matchDays(t, r, model.MustDate(tt.from), n); got != tt.want {
				t.Errorf("%s from %s:\n got %s\nwant %s", tt.rule, tt.from, got, tt.want)
			}
		})
	}
}

func TestWeekIndexBeforeEpoch(t *testing.T) {
	t.Parallel()
	// Monday 1969-12-29 (day -3) opens week 0; Sunday 1969-12-28 (day -4)
	// closes week -1.
	for _, tt := range []struct {
		day  model.Date
		want int
	}{{-4, -1}, {-3, 0}, {3, 0}, {4, 1}, {-10, -1}, {-11, -2}} {
		if got := weekIndex(tt.day); got != tt.want {
			t.Errorf("weekIndex(%d) = %d, want %d", tt.day, got, tt.want)
		}
	}
}

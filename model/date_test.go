package model

import (
	"testing"
	"time"
)

// TestDateStringIsTimeFormat: the day written by hand is what time writes
// for every day from 3000 years before 1970 to 8000 after, across the
// years 1 and 9999 where String hands over to time: leap days, century
// years (1900 not leap, 2000 leap), the eras' edges.
func TestDateStringIsTimeFormat(t *testing.T) {
	for d := Date(-1_100_000); d <= 2_950_000; d++ {
		if d == 0 {
			continue
		}
		if got, want := d.String(), d.Time().Format(dateLayout); got != want {
			t.Fatalf("day %d: %q, want %q", d, got, want)
		}
	}
	// Worked by hand: day 1 is 1970-01-02; 2000-02-29 is day 11,016
	// (30 years of 365 days, 7 leap days, 59 days of 2000 before it);
	// 1900-03-01 is day -25,508 (1900 has no February 29).
	for d, want := range map[Date]string{0: "", 1: "1970-01-02", 11016: "2000-02-29", -25508: "1900-03-01", -719162: "0001-01-01", 2932896: "9999-12-31"} {
		if got := d.String(); got != want {
			t.Errorf("day %d: %q, want %q", d, got, want)
		}
	}
}

// FuzzDateString: any day reads as time writes it.
func FuzzDateString(f *testing.F) {
	for _, d := range []int32{1, -1, 11016, -719162, -719163, 2932896, 2932897, 1 << 30, -1 << 31} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, n int32) {
		d := Date(n)
		want := ""
		if d != 0 {
			want = time.Unix(int64(n)*86400, 0).UTC().Format(dateLayout)
		}
		if got := d.String(); got != want {
			t.Fatalf("day %d: %q, want %q", n, got, want)
		}
		if got := string(d.AppendTo([]byte("day "))); got != "day "+want {
			t.Fatalf("AppendTo of day %d: %q, want %q", n, got, "day "+want)
		}
	})
}

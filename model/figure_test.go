package model

import "testing"

func TestFigures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v                float64
		num, signed, pct string
	}{
		{6.63, "6.63", "+6.63", "+6.63 %"},
		{12, "12", "+12", "+12 %"},
		{-33.1666666667, "-33.17", "-33.17", "-33.17 %"}, // two decimals, rounded half away as FormatFloat does
		{-0.001, "0", "0", "0 %"},                        // never "-0"
		{8.5700000001, "8.57", "+8.57", "+8.57 %"},
		{-3.125, "-3.12", "-3.12", "-3.12 %"}, // binary -3.125 is exact: round half to even gives -3.12
		{0, "0", "0", "0 %"},
	}
	for _, tt := range tests {
		if got := Num(tt.v); got != tt.num {
			t.Errorf("Num(%v) = %q, want %q", tt.v, got, tt.num)
		}
		if got := Signed(tt.v); got != tt.signed {
			t.Errorf("Signed(%v) = %q, want %q", tt.v, got, tt.signed)
		}
		if got := PctChange(tt.v); got != tt.pct {
			t.Errorf("PctChange(%v) = %q, want %q", tt.v, got, tt.pct)
		}
	}
}

// Decimals per unit, each case worked by hand: a mean of 12.6 users shows
// as 13 (whole people), 245.37 ms as 245, 3.46 h as 3.5, 6.634 min as
// 6.63, 99.954 % as 99.95 (an SLO needs both decimals), 386856.004 USD as
// 386856, -0.4 users as 0 (never "-0"), 1.25 days as 1.2 (binary 1.25 is
// exact: half to even).
func TestFiguresInUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v           float64
		unit        string
		decimals    int
		num, signed string
	}{
		{12.6, "users", 0, "13", "+13"},
		{12.4, "Accounts", 0, "12", "+12"},
		{1, "ticket", 0, "1", "+1"},
		{245.37, "ms", 0, "245", "+245"},
		{-0.4, "users", 0, "0", "0"},
		{3.46, "h", 1, "3.5", "+3.5"},
		{1.25, "days", 1, "1.2", "+1.2"},
		{6.634, "min", 2, "6.63", "+6.63"},
		{0.854, "s", 2, "0.85", "+0.85"},
		{99.954, "%", 2, "99.95", "+99.95"},
		{386856.004, "USD", 2, "386856", "+386856"},
		{-12.345, "EUR", 2, "-12.35", "-12.35"}, // binary -12.345 is -12.34500000000000064: rounds away to -12.35
		{4.256, "score 1-5", 2, "4.26", "+4.26"},
		{7.125, "", 2, "7.12", "+7.12"},
	}
	for _, tt := range tests {
		if got := Decimals(tt.unit); got != tt.decimals {
			t.Errorf("Decimals(%q) = %d, want %d", tt.unit, got, tt.decimals)
		}
		if got := NumIn(tt.v, tt.unit); got != tt.num {
			t.Errorf("NumIn(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.num)
		}
		if got := SignedIn(tt.v, tt.unit); got != tt.signed {
			t.Errorf("SignedIn(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.signed)
		}
	}
}

package model

import "testing"

func TestFigures(t *testing.T) {
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

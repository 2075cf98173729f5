package model

import (
	"strconv"
	"strings"
)

// The one rounding rule for figures shown as text (docs/numbers.md): at
// most two decimals, trailing zeros dropped, never "-0"; a change signed;
// a percent change as "+8.57 %". JSON keeps full precision, and a figure
// shown in two places (the health table, a gate's evidence, a checklist,
// the cockpit) is written by these, so it reads the same in both.

// Num formats a figure: 6.63, 12, -0.1.
func Num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// Signed is Num with a + for a rise: +0.16, -2.81, 0.
func Signed(v float64) string {
	s := Num(v)
	if v > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// PctChange is a percent change: "+8.57 %", "-33.17 %".
func PctChange(v float64) string { return Signed(v) + " %" }

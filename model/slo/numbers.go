package slo

import (
	"math"
	"strconv"
	"strings"
)

// roundTo rounds x to the given decimals; huge or non-finite x come back as is.
func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(x*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// judged is the value an alert is decided on: nine decimals, so float noise
// (13.439999999 against 13.44) never flips it.
func judged(x float64) float64 { return roundTo(x, 9) }

// reported is a number as it appears in results: six decimals.
func reported(x float64) float64 { return roundTo(x, 6) }

func reportedPtr(x float64) *float64 {
	r := reported(x)
	return &r
}

// show formats x for a sentence: at most dec decimals, trailing zeros dropped.
func show(x float64, dec int) string {
	s := strconv.FormatFloat(roundTo(x, dec), 'f', dec, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// count formats an event count: whole numbers without decimals.
func count(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return show(x, 2)
}

// nDays spells a number of days, "day" or "days".
func nDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

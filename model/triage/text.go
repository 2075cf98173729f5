package triage

import (
	"strconv"
	"strings"
	"unicode"
)

// clean replaces control characters in text that came from a file or a
// user, so evidence cannot steer the terminal it is printed on.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return '?'
		}
		return r
	}, s)
}

// money formats an amount (already rounded to cents by payback) without
// trailing zeros: 60000, 4075.33.
func money(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// percent formats a fraction as a percentage with one decimal: 0.035 → 3.5.
func percent(fraction float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(fraction*100, 'f', 1, 64), ".0")
}

package payback

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// roundTo rounds x to the given number of decimals. Values too large to
// carry decimals are returned as they are, and −0 becomes 0 so JSON never
// shows "-0".
func roundTo(x float64, decimals int) float64 {
	if !finite(x) || math.Abs(x) > 1e15 {
		return x
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// cents rounds money for output.
func cents(x float64) float64 { return roundTo(x, 2) }

// hundredths rounds a month count for output.
func hundredths(x float64) float64 { return roundTo(x, 2) }

// hundredthsPtr rounds an optional month count, keeping null as null.
func hundredthsPtr(x *float64) *float64 {
	if x == nil {
		return nil
	}
	v := hundredths(*x)
	return &v
}

// money formats an amount to cents without trailing zeros: 361584, 4075.33.
func money(x float64) string { return strconv.FormatFloat(cents(x), 'f', -1, 64) }

// num formats a driver, rate or share with up to six decimals: 0.9, 0.00797414.
func num(x float64) string { return strconv.FormatFloat(roundTo(x, 6), 'f', -1, 64) }

// months formats a month count to hundredths.
func months(x float64) string { return strconv.FormatFloat(hundredths(x), 'f', -1, 64) }

// clean replaces control characters in text that came from a file or a
// user, so it cannot steer the terminal it is printed on.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return '?'
		}
		return r
	}, s)
}

// Grouped writes a whole amount with thousands separators, e.g.
// -209,992: how the command line and the cockpit show money.
func Grouped(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	if neg && s != "0" {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

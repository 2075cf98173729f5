package health

import (
	"bytes"
	"math"
	"strconv"
)

// roundTo rounds x to the given number of decimals; values too large for
// that precision to matter (or non-finite) come back unchanged.
func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(x*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// judged is the value verdicts are taken on: nine decimals, so float noise
// (6.9999999999 against `<= 7`) never flips a boundary.
func judged(x float64) float64 {
	r := math.Round(x*1e9) / 1e9 // roundTo(x, 9): math.Pow10(9) is 1e9
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// reported is a number as it appears in JSON: the very figure the verdict
// was judged on (nine decimals, which only sheds float noise such as
// -0.8700000000000001), so whatever is computed from it (a payback
// reduction from a KPI's pct, a recomputation by hand) starts from full
// precision; null when it is not a finite number (JSON cannot carry
// those). Text rounds at the very end, with model.Figure.
func reported(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	r := judged(x)
	return &r
}

// show formats x for a sentence: two decimals, trailing zeros dropped, but
// as many more as it takes (up to nine) to tell x apart from near, the
// number it is being compared with, so "7 misses <= 7" never appears.
func show(x, near float64) string { return showFrom(x, near, 2) }

// showFrom is show starting at the given number of decimals.
func showFrom(x, near float64, decimals int) string {
	var buf [32]byte
	return string(appendShowFrom(buf[:0], x, near, decimals))
}

// tenth[p] is 10^-p, the step of a figure written to p decimals.
var tenth = [...]float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9}

// appendShowFrom appends showFrom(x, near, decimals). A figure written to
// p decimals is within half a step of x, and what it reads back as within
// 2^-53 of it relatively: when x is more than a whole step from near and
// more than 1e-15 of itself, it cannot read back as near, so the first
// precision is the one without reading it back (a NaN near, the common
// case, never is what it reads back as either). Only a near within a step
// of x costs a ParseFloat.
func appendShowFrom(b []byte, x, near float64, decimals int) []byte {
	start := len(b)
	for prec := decimals; prec <= 9; prec++ {
		b = strconv.AppendFloat(b[:start], x, 'f', prec, 64)
		if firstPrecision(x, near, prec) {
			break
		}
		if v, _ := strconv.ParseFloat(string(b[start:]), 64); v != near {
			break
		}
	}
	if bytes.IndexByte(b[start:], '.') >= 0 {
		b = bytes.TrimRight(bytes.TrimRight(b, "0"), ".")
	}
	if len(b)-start == 2 && b[start] == '-' && b[start+1] == '0' {
		b = append(b[:start], '0')
	}
	return b
}

// firstPrecision reports whether x written to prec decimals is
// showFrom's without reading it back: x is near, or near is NaN, or x is
// more than a step from near and more than 1e-15 of itself.
func firstPrecision(x, near float64, prec int) bool {
	d := math.Abs(x - near)
	return x == near || near != near || d > tenth[prec] && d > math.Abs(x)*1e-15
}

// appendCents appends show(x, NaN) (x to two decimals, trailing zeros
// dropped) without strconv when x is the double nearest a whole number n
// of billionths below 10¹⁵ (a figure judged, as almost every one shown
// is): x is then within 2⁻³³ of n × 10⁻⁹, and a half cent it could be
// rounded across is a whole billionth away unless n ends in 5000000, so
// rounding n at the cent is rounding x. ok is false for any other x, and
// for n on a half cent, which x may be just above or below.
func appendCents(b []byte, x float64) (_ []byte, ok bool) {
	a := math.Abs(x)
	if !(a < 1e6) {
		return b, false
	}
	n := math.Round(a * 1e9)
	if n/1e9 != a {
		return b, false
	}
	cents, rest := uint64(n)/1e7, uint64(n)%1e7
	switch {
	case rest == 5e6:
		return b, false
	case rest > 5e6:
		cents++
	}
	if cents == 0 {
		return append(b, '0'), true // and -0.001 is "0", not "-0"
	}
	if x < 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, cents/100, 10)
	if c := cents % 100; c != 0 {
		b = append(b, '.', byte('0'+c/10))
		if c%10 != 0 {
			b = append(b, byte('0'+c%10))
		}
	}
	return b, true
}

// appendSigned appends signed(x, near).
func appendSigned(b []byte, x, near float64) []byte {
	start := len(b)
	b = appendShowFrom(b, x, near, 2)
	if x > 0 && (len(b)-start != 1 || b[start] != '0') {
		b = append(b, 0)
		copy(b[start+1:], b[start:])
		b[start] = '+'
	}
	return b
}

// signed is show with an explicit + for positive changes.
func signed(x, near float64) string {
	var buf [32]byte
	return string(appendSigned(buf[:0], x, near))
}

// withUnit appends the KPI's unit, if any.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

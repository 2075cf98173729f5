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
func judged(x float64) float64 { return roundTo(x, 9) }

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

func judgedPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := judged(*p)
	return &v
}

func reportedPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return reported(*p)
}

// show formats x for a sentence: two decimals, trailing zeros dropped, but
// as many more as it takes (up to nine) to tell x apart from near, the
// number it is being compared with, so "7 misses <= 7" never appears.
func show(x, near float64) string { return showFrom(x, near, 2) }

// showFrom is show starting at the given number of decimals.
// It formats into a buffer on the stack and makes one string of what is
// kept; a NaN near (the common case: nothing to tell x apart from) is
// never what the text reads back as, so the first precision is the one.
func showFrom(x, near float64, decimals int) string {
	var buf [32]byte
	var b []byte
	for prec := decimals; prec <= 9; prec++ {
		b = strconv.AppendFloat(buf[:0], x, 'f', prec, 64)
		if x == near || near != near {
			break
		}
		if v, _ := strconv.ParseFloat(string(b), 64); v != near {
			break
		}
	}
	if bytes.IndexByte(b, '.') >= 0 {
		b = bytes.TrimRight(bytes.TrimRight(b, "0"), ".")
	}
	if len(b) == 2 && b[0] == '-' && b[1] == '0' {
		return "0"
	}
	return string(b)
}

// signed is show with an explicit + for positive changes.
func signed(x, near float64) string {
	s := show(x, near)
	if x > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// withUnit appends the KPI's unit, if any.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

package payback

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Chart glyphs: plain Unicode, no colour, so the chart survives a pipe,
// a log file and a no-colour theme.
const (
	glyphCurve     = '•'
	glyphBreakEven = '◆'
	glyphZero      = '─'
)

// Smallest chart that still shows a curve, a zero line and labels.
const (
	minChartWidth  = 24
	minChartHeight = 6
)

// Chart draws the cumulative net curve of r as plain text, width columns
// by height lines: a y axis labelled with the top, zero and bottom values,
// a zero line, the break-even month marked ◆ on it, an x axis in months
// and a legend line. Sizes below 24×6 are raised to it.
func Chart(r Result, width, height int) string {
	if len(r.Months) < 2 {
		return "no monthly curve to chart\n"
	}
	width, height = max(width, minChartWidth), max(height, minChartHeight)
	horizon := r.Months[len(r.Months)-1].Month
	rows := height - 3 // x axis, x labels, legend

	lo, hi := 0.0, 0.0 // the range always holds the zero line
	for _, m := range r.Months {
		lo, hi = math.Min(lo, m.Cumulative), math.Max(hi, m.Cumulative)
	}
	if hi == lo {
		hi = lo + 1
	}
	top, zero, bottom := compact(hi), "0", compact(lo)
	labelWidth := max(len(top), len(zero), len(bottom))
	cols := width - labelWidth - 2 // label, space, axis
	rowOf := func(v float64) int {
		// halves, so a range near the float limit cannot overflow
		share := (hi/2 - v/2) / (hi/2 - lo/2)
		return min(max(int(math.Round(share*float64(rows-1))), 0), rows-1)
	}
	colOf := func(month float64) int {
		return int(math.Round(month * float64(cols-1) / float64(horizon)))
	}
	zeroRow := rowOf(0)

	grid := make([][]rune, rows)
	for i := range grid {
		fill := ' '
		if i == zeroRow {
			fill = glyphZero
		}
		grid[i] = []rune(strings.Repeat(string(fill), cols))
	}
	for c := 0; c < cols; c++ {
		month := float64(c) * float64(horizon) / float64(cols-1)
		grid[rowOf(cumulativeAt(r.Months, month))][c] = glyphCurve
	}
	if r.BreakEvenMonth != nil {
		grid[zeroRow][min(colOf(*r.BreakEvenMonth), cols-1)] = glyphBreakEven
	}

	var b strings.Builder
	for i, line := range grid {
		label, axis := "", '│'
		switch i {
		case 0:
			label, axis = top, '┤'
		case rows - 1:
			label, axis = bottom, '┤'
		}
		if i == zeroRow {
			label, axis = zero, '┼'
		}
		fmt.Fprintf(&b, "%*s %c%s\n", labelWidth, label, axis, strings.TrimRight(string(line), " "))
	}
	ticks := tickMonths(horizon, cols)
	axis := []rune(strings.Repeat("─", cols))
	labels := []rune(strings.Repeat(" ", cols))
	free := 0 // first label column not yet taken
	for _, m := range ticks {
		c := colOf(float64(m))
		axis[c] = '┬'
		text := strconv.Itoa(m)
		at := min(c, cols-len(text)) // the last label may lean left to fit
		if at >= free {
			copy(labels[at:], []rune(text))
			free = at + len(text) + 1
		}
	}
	fmt.Fprintf(&b, "%*s └%s\n", labelWidth, "", string(axis))
	fmt.Fprintf(&b, "%*s  %s\n", labelWidth, "", strings.TrimRight(string(labels), " "))
	b.WriteString(fit(legend(r, horizon), width))
	b.WriteByte('\n')
	return b.String()
}

// legend says where the curve breaks even and what it shows.
func legend(r Result, horizon int) string {
	mark := fmt.Sprintf("no break-even within %d months", horizon)
	if r.BreakEvenMonth != nil {
		mark = fmt.Sprintf("%c break-even month %s", glyphBreakEven, months(*r.BreakEvenMonth))
	}
	return mark + "; cumulative net by month" // the mark first: it survives a narrow chart
}

// cumulativeAt interpolates the cumulative curve at a fractional month.
func cumulativeAt(ms []Month, month float64) float64 {
	i := int(math.Floor(month))
	if i >= len(ms)-1 {
		return ms[len(ms)-1].Cumulative
	}
	frac := month - float64(i)
	return (1-frac)*ms[i].Cumulative + frac*ms[i+1].Cumulative
}

// tickMonths picks round month steps whose labels fit side by side.
func tickMonths(horizon, cols int) []int {
	labelRoom := len(strconv.Itoa(horizon)) + 4 // digits and some air
	step := horizon
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200} {
		if float64(s)*float64(cols-1)/float64(horizon) >= float64(labelRoom) {
			step = s
			break
		}
	}
	var ticks []int
	for m := 0; m <= horizon; m += step {
		ticks = append(ticks, m)
	}
	return ticks
}

// compact writes an axis amount briefly: 950, 8.5k, 180k, 1.2M, 3.4e+15.
func compact(v float64) string {
	a := math.Abs(v)
	var s string
	switch {
	case a >= 1e12:
		s = strconv.FormatFloat(v, 'g', 2, 64)
	case a >= 1e9:
		s = trimZero(strconv.FormatFloat(v/1e9, 'f', 1, 64)) + "B"
	case a >= 1e6:
		s = trimZero(strconv.FormatFloat(v/1e6, 'f', 1, 64)) + "M"
	case a >= 1e4:
		s = strconv.FormatFloat(v/1e3, 'f', 0, 64) + "k"
	case a >= 1e3:
		s = trimZero(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + "k"
	default:
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	return s
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// fit cuts s to at most width runes.
func fit(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	return string(r[:width-1]) + "…"
}

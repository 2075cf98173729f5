package widgets

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// RefLine is a horizontal reference drawn across a chart, such as a
// baseline or a target, with its own glyph so it reads without colour.
type RefLine struct {
	Label string
	Value float64
	Glyph rune
}

// PointGlyph marks a value in a line chart.
const PointGlyph = '•'

// LineChart plots values (oldest first) in width×height cells: a y axis
// labelled with the top and bottom of the range, one column per value (the
// series is resampled to fit), reference lines across, and a legend as the
// last line. NaN values leave a gap. Sizes below 20×5 are raised to it.
func LineChart(values []float64, refs []RefLine, width, height int) []string {
	return LineChartDays(values, nil, refs, width, height)
}

// LineChartDays is LineChart with the x axis labelled by days (one per
// value, oldest first): the first and last under the axis's ends, and the
// day at the middle column when the axis has room for three labels. The
// labelled columns get a tick (┬). Without days it is LineChart.
func LineChartDays(values []float64, days []string, refs []RefLine, width, height int) []string {
	width, height = max(width, 20), max(height, 5)
	if len(days) != len(values) {
		days = nil
	}
	if days != nil {
		height = max(height, 6)
	}
	rows := height - 2 // x axis and legend
	if days != nil {
		rows-- // the dates under the axis
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, r := range refs {
		if finite(r.Value) {
			lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
		}
	}
	if math.IsInf(lo, 1) {
		return []string{"no values to chart"}
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	top, bottom := shortNum(hi), shortNum(lo)
	lw := max(len(top), len(bottom))
	cols := width - lw - 2
	rowOf := func(v float64) int {
		return Clamp(int(math.Round((hi-v)/(hi-lo)*float64(rows-1))), 0, rows-1)
	}
	grid := make([][]rune, rows)
	for i := range grid {
		grid[i] = []rune(strings.Repeat(" ", cols))
	}
	for _, r := range refs {
		if !finite(r.Value) {
			continue
		}
		row := grid[rowOf(r.Value)]
		for c := range row {
			row[c] = r.Glyph
		}
	}
	sampled := Resample(values, cols)
	for c, v := range sampled {
		if finite(v) {
			grid[rowOf(v)][c] = PointGlyph
		}
	}
	out := make([]string, 0, height)
	for i, row := range grid {
		label := ""
		switch i {
		case 0:
			label = top
		case rows - 1:
			label = bottom
		}
		out = append(out, fmt.Sprintf("%*s │%s", lw, label, string(row)))
	}
	if len(days) == 0 { // no days to label (a KPI with no observation yet): a bare axis
		out = append(out, strings.Repeat(" ", lw)+" └"+strings.Repeat("─", cols))
	} else {
		axis, labels := xAxis(days, cols)
		out = append(out, strings.Repeat(" ", lw)+" └"+axis, strings.Repeat(" ", lw+2)+labels)
	}
	legend := []string{string(PointGlyph) + " value"}
	for _, r := range refs {
		legend = append(legend, string(r.Glyph)+" "+r.Label)
	}
	out = append(out, Cut(strings.Join(legend, "  "), width))
	return out
}

// xAxis is the axis line with ticks and the line of day labels under it,
// cols wide: the first day flush left, the last flush right, the middle
// column's day centred on it when all three fit with two spaces between.
// The middle column's day is the one Resample draws there.
func xAxis(days []string, cols int) (axis, labels string) {
	line := []rune(strings.Repeat(" ", cols))
	tick := []rune(strings.Repeat("─", cols))
	put := func(at int, s string) {
		for i, r := range []rune(s) {
			line[at+i] = r
		}
	}
	n := len(days)
	first, last := days[0], days[n-1]
	fw, lw := Width(first), Width(last)
	if n == 1 || fw+2+lw > cols {
		if fw <= cols {
			put(0, first)
			tick[0] = '┬'
		}
		return string(tick), string(line)
	}
	put(0, first)
	put(cols-lw, last)
	tick[0], tick[cols-1] = '┬', '┬'
	mid := cols / 2
	md := days[mid*n/cols]
	if n > 2 && md != first && md != last {
		mw := Width(md)
		at := mid - mw/2
		if at >= fw+2 && at+mw+2 <= cols-lw {
			put(at, md)
			tick[mid] = '┬'
		}
	}
	return string(tick), string(line)
}

// Resample maps values onto n columns: bucket means when there are more
// values than columns, repeats when fewer. NaN values are skipped inside a
// bucket; an all-NaN bucket stays NaN.
func Resample(values []float64, n int) []float64 {
	if n <= 0 || len(values) == 0 {
		return nil
	}
	out := make([]float64, n)
	if len(values) <= n {
		for c := range out {
			out[c] = values[c*len(values)/n]
		}
		return out
	}
	for c := range out {
		from, to := c*len(values)/n, (c+1)*len(values)/n
		sum, k := 0.0, 0
		for _, v := range values[from:to] {
			if finite(v) {
				sum += v
				k++
			}
		}
		if k == 0 {
			out[c] = math.NaN()
		} else {
			out[c] = sum / float64(k)
		}
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// shortNum formats a chart label: at most two decimals, no trailing zeros,
// thousands as k and millions as M.
func shortNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return strconv.FormatFloat(math.Round(v/1e5)/10, 'f', -1, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(math.Round(v/100)/10, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

package widgets

import (
	"math"
	"strings"
)

var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the last width values as Unicode blocks from ▁ (the
// smallest shown) to █ (the largest). A flat series draws at ▄ height; NaN
// draws a gap. It returns "" for no values.
func Sparkline(values []float64, width int) string {
	if width <= 0 || len(values) == 0 {
		return ""
	}
	if len(values) > width {
		values = values[len(values)-width:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(sparkLevels[3])
		default:
			i := int(math.Round((v - lo) / (hi - lo) * float64(len(sparkLevels)-1)))
			b.WriteRune(sparkLevels[Clamp(i, 0, len(sparkLevels)-1)])
		}
	}
	return b.String()
}

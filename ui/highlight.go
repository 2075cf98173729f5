package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"ringside/ui/widgets"
)

// highlight renders s with the characters a fuzzy filter q matched in the
// theme's match style; s unchanged when q is empty or does not match. s
// must already be cut to its cell: styling adds no width.
func highlight(match lipgloss.Style, s, q string) string {
	pos := widgets.FuzzyPositions(q, s)
	if len(pos) == 0 {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	p := 0
	for i := 0; i < len(rs); {
		if p < len(pos) && pos[p] == i {
			j := i
			for p < len(pos) && pos[p] == j {
				p++
				j++
			}
			b.WriteString(match.Render(string(rs[i:j])))
			i = j
			continue
		}
		j := i
		for j < len(rs) && (p >= len(pos) || pos[p] != j) {
			j++
		}
		b.WriteString(string(rs[i:j]))
		i = j
	}
	return b.String()
}

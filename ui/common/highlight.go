package common

import (
	"strings"

	"charm.land/lipgloss/v2"

	"ringside/ui/widgets"
)

// highlight renders s with the characters a fuzzy filter q matched in the
// theme's match style; s unchanged when q is empty or does not match. s
// must already be cut to its cell: styling adds no width.
func Highlight(match lipgloss.Style, s, q string) string {
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

// lineMatches is the filter of a line of text: the query as a substring
// (any case), else as a fuzzy subsequence tight enough to mean it — in a
// long line almost any few letters appear in order somewhere.
func LineMatches(q, s string) bool {
	if q == "" {
		return true
	}
	if strings.Contains(strings.ToLower(s), strings.ToLower(q)) {
		return true
	}
	score, ok := widgets.FuzzyScore(q, s)
	return ok && score >= 4*len([]rune(q))
}

// highlightLine is highlight for a line the filter matched: the substring
// when the query is one, else the fuzzy positions.
func HighlightLine(match lipgloss.Style, s, q string) string {
	ls, lq := strings.ToLower(s), strings.ToLower(q)
	if i := strings.Index(ls, lq); i >= 0 && len(ls) == len(s) {
		return s[:i] + match.Render(s[i:i+len(q)]) + s[i+len(q):]
	}
	return Highlight(match, s, q)
}

// SelectRow draws a whole table row as the selected one: the selected
// style's colours under every cell, with the cells' own colours (a status,
// a warning) kept on top, padded to width cells (0: the row's own width).
// Styling only the name cell left the rest of the row unmarked.
func SelectRow(sel lipgloss.Style, row string, width int) string {
	if pad := width - widgets.Width(row); pad > 0 {
		row += strings.Repeat(" ", pad)
	}
	r := sel.Render("x")
	pre, _, _ := strings.Cut(r, "x")
	if pre == "" {
		return row
	}
	// every cell's reset would end the row's colours: start them again
	row = strings.ReplaceAll(row, "\x1b[0m", "\x1b[m")
	return pre + strings.ReplaceAll(row, "\x1b[m", "\x1b[m"+pre) + "\x1b[m"
}

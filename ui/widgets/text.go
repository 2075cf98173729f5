// Package widgets holds the cockpit's small drawing parts: fitting text to
// a width, sparklines, line charts, fuzzy matching, a Markdown renderer and
// scrolling windows. They return plain or styled strings and know nothing
// of screens, so each is tested on its own.
package widgets

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks text cut to fit.
const Ellipsis = "…"

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return false
		}
	}
	return true
}

// Width is the display width of s in cells, ANSI sequences ignored.
func Width(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// Cut truncates s to at most w cells, ending in … when it had to cut.
// ANSI sequences in s are kept intact.
func Cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if isASCII(s) {
		if len(s) <= w {
			return s
		}
		return s[:w-1] + Ellipsis
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Fit cuts or pads s to exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Cut(s, w)
	if n := Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// FitLeft cuts s or pads it on the left to exactly w cells (numbers).
func FitLeft(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Cut(s, w)
	if n := Width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// Wrap breaks text into lines of at most w cells. It breaks only at
// spaces, and never inside a figure: a number keeps its unit ("12.5 min",
// "-30 %", "17.9 mo"), a sign or comparison keeps its number ("≤ 60 ms",
// "- 3"), and a hyphen never breaks ("2026-01-31", "SHA256:…" are words).
// A word wider than w is cut where it must. ANSI sequences are kept and
// not counted; each paragraph's leading indent is kept.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapPara(para, w)...)
	}
	return out
}

// chunk is a run of text that stays on one line, and the spaces before it.
type chunk struct{ space, text string }

func wrapPara(para string, w int) []string {
	chunks := glueFigures(splitWords(para))
	if len(chunks) == 0 {
		return []string{""}
	}
	var out []string
	line, lw := "", 0
	start := func(c chunk, indent bool) {
		text := c.text
		if indent {
			text = c.space + text
		}
		if tw := Width(text); tw > w {
			parts := strings.Split(ansi.Hardwrap(text, w, true), "\n")
			out = append(out, parts[:len(parts)-1]...)
			text = parts[len(parts)-1]
		}
		line, lw = text, Width(text)
	}
	for i, c := range chunks {
		switch {
		case i == 0:
			start(c, true)
		case lw+Width(c.space)+Width(c.text) <= w:
			line += c.space + c.text
			lw += Width(c.space) + Width(c.text)
		default:
			out = append(out, line)
			start(c, false)
		}
	}
	return append(out, line)
}

// splitWords cuts a paragraph at its spaces, each word with the spaces
// before it; trailing spaces are dropped.
func splitWords(para string) []chunk {
	var out []chunk
	for para != "" {
		j := 0
		for j < len(para) && para[j] == ' ' {
			j++
		}
		space := para[:j]
		para = para[j:]
		if para == "" {
			break
		}
		k := strings.IndexByte(para, ' ')
		if k < 0 {
			k = len(para)
		}
		out = append(out, chunk{space, para[:k]})
		para = para[k:]
	}
	return out
}

// glueFigures joins a figure to the unit after it and a sign to the
// figure after it, so no line ends between them.
func glueFigures(words []chunk) []chunk {
	var out []chunk
	for _, c := range words {
		if n := len(out); n > 0 && c.space == " " {
			prev, cur := ansi.Strip(out[n-1].text), ansi.Strip(c.text)
			if (isFigure(prev) && isUnit(cur)) || (isSign(prev) && isFigure(cur)) {
				out[n-1].text += c.space + c.text
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// isFigure: the word ends in a digit, or in a unit glued to its digits
// ("12.5", "(-33.2", "-8%", "5,315.83/month", "2026-01-31", "83.33").
func isFigure(s string) bool {
	s = strings.TrimRight(s, "),.;:!?]%")
	for i := len(s) - 1; i >= 0; i-- {
		if b := s[i]; b >= '0' && b <= '9' {
			return true
		} else if b < 'a' || b > 'z' {
			break
		}
	}
	return false
}

// units a figure keeps on its line.
var units = map[string]bool{
	"%": true, "‰": true, "pp": true, "ms": true, "s": true, "sec": true, "min": true, "mins": true, "minutes": true,
	"h": true, "hr": true, "hrs": true, "hours": true, "d": true, "day": true, "days": true, "wk": true, "weeks": true,
	"mo": true, "month": true, "months": true, "yr": true, "years": true, "x": true, "×": true, "pt": true, "pts": true,
	"points": true, "kB": true, "MB": true, "GB": true, "MiB": true, "EUR": true, "USD": true, "GBP": true, "CHF": true,
	"€": true, "$": true, "£": true, "°C": true, "UTC": true,
}

func isUnit(s string) bool {
	s = strings.TrimRight(s, "),.;:!?]")
	return units[s]
}

// isSign: a word that only qualifies the figure after it.
func isSign(s string) bool {
	switch strings.TrimLeft(s, "([") {
	case "-", "−", "+", "±", "≤", "≥", "<", ">", "<=", ">=", "=", "≈", "~", "€", "$", "£":
		return true
	}
	return false
}

// OptionsLine lays out options on one line of at most w cells: the chosen
// one as chosen(o) (which draws "[o]", as wide as o + 2), the others as
// " o ". When they do not all fit, it shows a run of options around the
// chosen one, always including it, with ‹ where options are hidden to the
// left and › where they are hidden to the right.
func OptionsLine(options []string, choice, w int, chosen func(string) string) string {
	if len(options) == 0 || w <= 0 {
		return ""
	}
	choice = Clamp(choice, 0, len(options)-1)
	cell := func(i int) int { return Width(options[i]) + 2 }
	total := 0
	for i := range options {
		total += cell(i)
	}
	lo, hi := 0, len(options)-1
	if total > w {
		marks := func(lo, hi int) int {
			n := 0
			if lo > 0 {
				n++
			}
			if hi < len(options)-1 {
				n++
			}
			return n
		}
		lo, hi = choice, choice
		used := cell(choice)
		for grew := true; grew; {
			grew = false
			if hi+1 < len(options) && used+cell(hi+1)+marks(lo, hi+1) <= w {
				hi++
				used += cell(hi)
				grew = true
			}
			if lo > 0 && used+cell(lo-1)+marks(lo-1, hi) <= w {
				lo--
				used += cell(lo)
				grew = true
			}
		}
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("‹")
	}
	room := w // for the chosen one when it alone is too wide
	if lo > 0 {
		room--
	}
	if hi < len(options)-1 {
		room--
	}
	for i := lo; i <= hi; i++ {
		if i == choice {
			o := options[i]
			if cell(i) > room { // the chosen one alone is too wide: cut it
				o = Cut(o, max(room-2, 1))
			}
			b.WriteString(chosen(o))
		} else {
			b.WriteString(" " + options[i] + " ")
		}
	}
	if hi < len(options)-1 {
		b.WriteString("›")
	}
	return b.String()
}

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

// Wrap breaks plain text into lines of at most w cells, at spaces where it
// can and inside long words where it must.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		wrapped := ansi.Wrap(para, w, " ")
		out = append(out, strings.Split(wrapped, "\n")...)
	}
	return out
}

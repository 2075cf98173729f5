package importers

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from a file or a user safe to print on a terminal:
// C0 and C1 control characters, ESC, DEL, bidirectional overrides and
// bytes that are not UTF-8 become visible escapes (`\x1b`, `\u009b`), so
// no escape sequence in a CSV can move the cursor, recolour the screen or
// hide text.
func Sanitize(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isUnsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isUnsafeRune reports the non-ASCII runes a terminal may act on: C1
// controls (U+0080–U+009F, CSI among them) and bidirectional embeddings,
// overrides and isolates, which can make text read differently than it is.
func isUnsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) ||
		(r >= 0x2066 && r <= 0x2069)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// echoLimit is how many characters of a bad value an error message repeats.
const echoLimit = 40

// echo quotes a value from a file for an error message: sanitized and cut
// to echoLimit characters, so one bad megabyte field cannot flood a screen.
func echo(s string) string { return `"` + clip(s, echoLimit) + `"` }

// clip sanitizes s and cuts it to n characters, marking the cut with "…".
func clip(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return Sanitize(s[:i]) + "…"
		}
		count++
	}
	return Sanitize(s)
}

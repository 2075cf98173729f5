package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable makes text from files and users safe to show in a terminal:
// C0 and C1 control characters, ESC, DEL, bidirectional overrides and
// bytes that are not UTF-8 become visible escapes (`\x1b`, `\u009b`,
// `\xff`), so no escape sequence can move the cursor, recolour the screen
// or make text read differently than it is. Newlines and tabs are kept
// when keepNewlines is true (multi-line bodies), otherwise escaped too.
func Printable(s string, keepNewlines bool) string {
	if isPlain(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNewlines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
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

// Line is Printable for single-line text: newlines and tabs escaped too.
func Line(s string) string { return Printable(s, false) }

// UnsafeRune reports a rune a terminal may act on: C0 controls (newline
// and tab included), DEL, C1 controls (U+0080–U+009F, CSI among them) and
// bidirectional embeddings, overrides and isolates. Keys holding one are
// refused.
func UnsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || isUnsafeRune(r)
}

func isUnsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) ||
		(r >= 0x2066 && r <= 0x2069)
}

// isPlain is the fast path: printable ASCII (and newlines and tabs when
// kept) needs no work.
func isPlain(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keepNewlines && (c == '\n' || c == '\t') {
			continue
		}
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// HasControl reports whether s holds a control character (other than
// newline and tab) or a bidirectional override: text a terminal would act
// on rather than show.
func HasControl(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || isUnsafeRune(r)) {
			return true
		}
	}
	return false
}

package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable makes text from files and users safe to show in a terminal:
// control characters (C0, C1, DEL, and so every escape sequence's ESC)
// become a visible escape such as \x1b, and invalid UTF-8 becomes U+FFFD.
// Newlines and tabs are kept when keepNewlines is true (multi-line bodies),
// otherwise they too are escaped.
func Printable(s string, keepNewlines bool) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) && !(keepNewlines && (r == '\n' || r == '\t')) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case keepNewlines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x80 && unicode.IsControl(r):
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		case unicode.IsControl(r):
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[(r>>4)&0xf])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// Line is Printable for single-line text: newlines and tabs escaped too.
func Line(s string) string { return Printable(s, false) }

// HasControl reports whether s holds a control character other than
// newline and tab; keys and slugs with one are refused.
func HasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return true
		}
	}
	return false
}

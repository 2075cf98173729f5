package exporters

import (
	"regexp"
	"strings"
	"sync"

	"ringside/model"
)

// CleanText makes text from users or files safe to put in any export: line
// breaks and tabs become single spaces (every export shows a field on one
// line), other control characters (C0, DEL, C1, which includes the escape
// that starts terminal sequences) and bidirectional overrides (which can
// make a line read differently from what it says) are dropped, and invalid
// UTF-8 becomes U+FFFD.
func CleanText(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case model.UnsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var plainNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`) })

// CSVSafe neutralises a spreadsheet cell against formula injection (OWASP):
// a cell that starts with = + - @, a tab or a carriage return and is not a
// plain number gets a leading apostrophe, so spreadsheets show it as text.
func CSVSafe(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || plainNumber().MatchString(s) {
		return s
	}
	return "'" + s
}

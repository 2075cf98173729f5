package exporters

import (
	"strings"
	"unicode/utf8"
)

// htmlPage builds a printable HTML export. Markup is written as it is; every
// field goes through the escaper of the context it sits in: htmlEscape for
// element text, quoted attribute values and the <title>, cssEscape inside
// the style sheet's CSS strings. These are the escapers html/template chose
// for the same places when the exports were templates; the binary no longer
// links html/template because its executor calls reflect's MethodByName
// with a computed name, which makes the linker keep every exported method
// of every type in the program (2.8 MB of text, paid in page faults at
// every start). TestHTMLExportsMatchTheTemplates and FuzzHTMLEscapers hold
// the writers to html/template's output.
type htmlPage struct{ strings.Builder }

// raw writes markup.
func (h *htmlPage) raw(markup string) { h.WriteString(markup) }

// put writes markup with each "{}" in it replaced by the next field,
// escaped for HTML text and quoted attribute values.
func (h *htmlPage) put(markup string, fields ...string) { h.fill(markup, htmlEscape, fields) }

// css writes style-sheet text with each "{}" replaced by the next field,
// escaped for a CSS string.
func (h *htmlPage) css(sheet string, fields ...string) { h.fill(sheet, cssEscape, fields) }

func (h *htmlPage) fill(markup string, escape func(string) string, fields []string) {
	for _, f := range fields {
		i := strings.Index(markup, "{}")
		if i < 0 {
			break
		}
		h.WriteString(markup[:i])
		h.WriteString(escape(f))
		markup = markup[i+2:]
	}
	h.WriteString(markup)
}

// htmlEscape escapes s for HTML text, RCDATA (<title>) and quoted attribute
// values, as html/template does for a plain string in those contexts: NUL
// becomes U+FFFD, and " & ' + < > become character references. Everything
// else, invalid UTF-8 included, passes through.
func htmlEscape(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue // every other byte, a multi-byte rune's included
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// cssReplacement is html/template's escaping table for text inside a CSS
// string: HTML's specials as hex too, so the sheet may sit in an attribute.
var cssReplacement = [...]string{
	0: `\0`, '\t': `\9`, '\n': `\a`, '\f': `\c`, '\r': `\d`,
	'"': `\22`, '&': `\26`, '\'': `\27`, '(': `\28`, ')': `\29`, '+': `\2b`, '/': `\2f`,
	':': `\3a`, ';': `\3b`, '<': `\3c`, '>': `\3e`, '\\': `\\`, '{': `\7b`, '}': `\7d`,
}

// cssEscape escapes s for a CSS string as html/template does: the
// characters of cssReplacement become escapes, and a hex escape is followed
// by a space when the next character is a hex digit, CSS white space or the
// end of the text, so it cannot run on into what follows.
func cssEscape(s string) string {
	var b strings.Builder
	written := 0
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		if int(r) >= len(cssReplacement) || cssReplacement[r] == "" {
			continue
		}
		repl := cssReplacement[r]
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + w
		if repl != `\\` && (written == len(s) || isHexDigit(s[written]) || isCSSSpace(s[written])) {
			b.WriteByte(' ')
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isCSSSpace(c byte) bool {
	switch c {
	case '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

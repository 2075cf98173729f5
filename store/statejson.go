package store

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// encodeState is json.Marshal of a state map, byte for byte (an audit
// entry's hash covers it), without Marshal's buffers: an import of 100,000
// series records 100,000 digests, about 10 MB of JSON, and Marshal held
// twice that in growing buffers plus the copy into a string. Here the keys
// are sorted as Marshal sorts them (by the key's text; a key that is not
// valid UTF-8 is sorted by Marshal itself) and the text is written once
// into a buffer of its exact size.
func encodeState(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if !utf8.ValidString(k) {
			b, _ := json.Marshal(m)
			return string(b)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	quote := func(s string) string {
		if plainJSON(s) {
			return `"` + s + `"`
		}
		b, _ := json.Marshal(s)
		return string(b)
	}
	size := 2
	for _, k := range keys {
		size += len(k) + len(m[k]) + 6 // "k":"v",
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quote(k))
		b.WriteByte(':')
		b.WriteString(quote(m[k]))
	}
	b.WriteByte('}')
	return b.String()
}

// plainJSON: s needs no escape in JSON as Marshal writes it (printable
// ASCII but for ", \, <, > and &).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

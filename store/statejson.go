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

// changesState is stateJSON of an import's state, byte for byte: importKey
// with its digest, and "series/<slug>/<ring>/<metric>" with the new digest
// of every change (changes[i].delta). It writes the text once at its exact
// size from the changes themselves, without a map of 100,000 keys and
// digest texts beside it (about 13 MB at 100,000 series). spelled holds
// the key (after "series/") of a change whose row spells it otherwise.
// Keys sort as encodeState sorts them, by their text; two changes of one
// key (a ring or metric holding "/") keep the later, as a map would.
// Anything that is not plain printable ASCII goes the map's way.
func changesState(importKey, importDigest string, changes []seriesChange, spelled map[int]string) string {
	type entry struct {
		parts [5]string // the key after "series/", in pieces
		i     int       // index into changes
	}
	plain := plainJSON(importKey) && plainJSON(importDigest)
	order := make([]int32, len(changes))
	for i := range changes {
		order[i] = int32(i)
		if k, ok := spelled[i]; ok {
			plain = plain && plainJSON(k)
		} else {
			c := &changes[i]
			plain = plain && plainJSON(c.pilot.slug) && plainJSON(c.name.ring) && plainJSON(c.name.metric)
		}
	}
	key := func(i int32) [5]string {
		if k, ok := spelled[int(i)]; ok {
			return [5]string{k}
		}
		c := &changes[i]
		return [5]string{c.pilot.slug, "/", c.name.ring, "/", c.name.metric}
	}
	if !plain {
		m := map[string]string{importKey: importDigest}
		for _, i := range order {
			k := key(i)
			m[keySeries+strings.Join(k[:], "")] = changes[i].delta.V3()
		}
		return stateJSON(m)
	}
	// Stable: of two changes of one key, the later (by id) ends up last.
	slices.SortStableFunc(order, func(a, b int32) int { return comparePieces(key(a), key(b)) })
	keep := order[:0]
	for n, i := range order {
		if n+1 < len(order) && comparePieces(key(i), key(order[n+1])) == 0 {
			continue // the next one has the same key and replaces it
		}
		keep = append(keep, i)
	}
	order = keep
	var scratch [64]byte
	size := 2 + len(importKey) + len(importDigest) + 5 // {"k":"v"}
	for _, i := range order {
		k := key(i)
		size += 1 + 2 + len(keySeries) + len(k[0]) + len(k[1]) + len(k[2]) + len(k[3]) + len(k[4]) + 1 + 2 + len(changes[i].delta.appendV3(scratch[:0]))
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(`{"`)
	b.WriteString(importKey)
	b.WriteString(`":"`)
	b.WriteString(importDigest)
	b.WriteByte('"')
	for _, i := range order {
		b.WriteString(`,"` + keySeries)
		for _, p := range key(i) {
			b.WriteString(p)
		}
		b.WriteString(`":"`)
		b.Write(changes[i].delta.appendV3(scratch[:0]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// comparePieces compares the concatenations of a's and b's pieces, as
// strings.Compare would the joined texts.
func comparePieces(a, b [5]string) int {
	i, j := 0, 0   // the piece
	ai, bj := 0, 0 // the offset in it
	for {
		for i < len(a) && ai == len(a[i]) {
			i, ai = i+1, 0
		}
		for j < len(b) && bj == len(b[j]) {
			j, bj = j+1, 0
		}
		switch {
		case i == len(a) && j == len(b):
			return 0
		case i == len(a):
			return -1
		case j == len(b):
			return 1
		}
		n := min(len(a[i])-ai, len(b[j])-bj)
		if c := strings.Compare(a[i][ai:ai+n], b[j][bj:bj+n]); c != 0 {
			return c
		}
		ai, bj = ai+n, bj+n
	}
}

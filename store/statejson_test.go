package store

import (
	"encoding/json"
	"testing"
)

// FuzzEncodeState: encodeState is json.Marshal of the map, byte for byte
// (an audit entry's hash covers the text), for any keys and values.
func FuzzEncodeState(f *testing.F) {
	f.Add("series/claims-triage/pilot/triage_min", "v2:3:00ff", "import/1", "ab", "k<&>\u2028", "\x00\"\\\xff")
	f.Add("a", "", "b", "\xed\xa0\x80", "\xff", "x")
	f.Add("é", "1", "z", "2", "ß", "\x7f")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		m := map[string]string{k1: v1, k2: v2, k3: v3}
		want, err := json.Marshal(m)
		if err != nil {
			t.Skip()
		}
		if got := encodeState(m); got != string(want) {
			t.Errorf("encodeState(%q)\n= %s\nwant %s", m, got, want)
		}
	})
}

package store

import (
	"encoding/json"
	"strings"
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

// FuzzChangesState: an import's state written from its changes is
// stateJSON of the map the import used to build, byte for byte (the
// entry's hash covers it): keys that sort differently in pieces than
// joined ("a" and "a-x" before "/"), one key reached by two series (a
// ring or metric holding "/": the later id wins, as in the map), a row
// that spells its key otherwise, and text that JSON escapes.
func FuzzChangesState(f *testing.F) {
	f.Add("a", "pilot", "m", "a-x", "pilot", "m", "b", "c/d", "e", uint64(1), int64(3), false)
	f.Add("p", "a/b", "c", "p", "a", "b/c", "p", "a", "b", uint64(0xffffffffffffffff), int64(-2), true)
	f.Add("p<", "r", "m&", "é", "r", "m", "p", "r", "\x00", uint64(7), int64(0), false)
	f.Fuzz(func(t *testing.T, s1, r1, m1, s2, r2, m2, s3, r3, m3 string, hi uint64, n int64, spell bool) {
		pilots := map[string]*pilotInfo{}
		pilot := func(slug string) *pilotInfo {
			if pilots[slug] == nil {
				pilots[slug] = &pilotInfo{slug: slug}
			}
			return pilots[slug]
		}
		changes := []seriesChange{
			{id: 1, pilot: pilot(s1), name: &seriesName{r1, m1}, delta: obsDigest{n: n, hi: hi, lo: 1}},
			{id: 2, pilot: pilot(s2), name: &seriesName{r2, m2}, delta: obsDigest{n: n + 1, hi: hi >> 3, lo: hi}},
			{id: 3, pilot: pilot(s3), name: &seriesName{r3, m3}, delta: obsDigest{n: 10 * n, hi: ^hi, lo: 0}},
		}
		var spelled map[int]string
		if spell {
			spelled = map[int]string{1: s1 + "/" + r3}
		}
		want := map[string]string{"import/9": "v2:abc"}
		for i, c := range changes {
			k := c.pilot.slug + "/" + c.name.ring + "/" + c.name.metric
			if s, ok := spelled[i]; ok {
				k = s
			}
			want[keySeries+k] = c.delta.V3()
			if got, spelled := c.delta.V3(), digestV3+c.delta.String(); got != spelled || string(c.delta.appendV3(nil)) != spelled {
				t.Fatalf("V3 = %q, appendV3 = %q, want %q", got, c.delta.appendV3(nil), spelled)
			}
			if got := string(c.delta.appendV2(nil)); got != c.delta.V2() {
				t.Fatalf("appendV2 = %q, V2 = %q", got, c.delta.V2())
			}
		}
		if got := changesState("import/9", "v2:abc", changes, spelled); got != stateJSON(want) {
			t.Errorf("changesState\n= %s\nwant %s", got, stateJSON(want))
		}
	})
}

// FuzzComparePieces: pieces compare as their joined texts do.
func FuzzComparePieces(f *testing.F) {
	f.Add("a", "/", "b", "a-x", "/", "b")
	f.Add("", "ab", "c", "a", "", "bc")
	f.Fuzz(func(t *testing.T, a0, a1, a2, b0, b1, b2 string) {
		a, b := [5]string{a0, a1, a2}, [5]string{b0, b1, b2}
		if got, want := comparePieces(a, b), strings.Compare(a0+a1+a2, b0+b1+b2); got != want {
			t.Errorf("comparePieces(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

// TestSeriesChangeSpells: a row's key is the change's own only when it is
// slug/ring/metric exactly.
func TestSeriesChangeSpells(t *testing.T) {
	c := seriesChange{pilot: &pilotInfo{slug: "claims"}, name: &seriesName{"pilot", "triage_min"}}
	for key, want := range map[string]bool{
		"claims/pilot/triage_min":  true,
		"claims/pilot/triage_mi":   false,
		"claims/pilot/Triage_min":  false,
		"claims/pilot/triage_minx": false,
		"claims-pilot/triage_min":  false,
		"claims/pilot-triage_min":  false,
		"claimspilot//triage_min":  false,
		"":                         false,
	} {
		if got := c.spells([]byte(key)); got != want {
			t.Errorf("spells(%q) = %v, want %v", key, got, want)
		}
	}
}

package store

import (
	"math"
	"testing"
)

// plainKey reads every key it takes as recordKeyAny does: integers of
// every width and sign, 0 and 1 in no bytes; a record it leaves is one
// recordKeyAny reads or refuses, as before.
func TestPlainKeyAsKeyAny(t *testing.T) {
	ints := []int64{0, 1, -1, 2, 127, -128, 128, 32767, -32768, 32768, 1 << 23, -(1 << 23), 1 << 31, -(1 << 31) - 1, 1 << 47, -(1 << 47), 1 << 62, math.MinInt64, math.MaxInt64}
	plain := 0
	for _, small := range []bool{true, false} {
		for _, id := range ints {
			for _, day := range ints {
				rec := plainRecord(small, id, day, 7.5, int64(1), nil, nil, nil, nil, nil, nil)
				k, ok := plainKey(rec)
				want, err := recordKeyAny(rec)
				if !ok || err != nil || k != want || k != (key{id, day}) {
					t.Fatalf("% x: plain %v %v, any %v %v, want %d %d", rec, k, ok, want, err, id, day)
				}
				plain++
			}
		}
	}
	if plain != 2*19*19 { // each worked out above: a loop that read none would pass no record
		t.Fatalf("%d keys read, want %d", plain, 2*19*19)
	}
	for name, rec := range map[string][]byte{
		"a real series_id":  plainRecord(true, 3.0, int64(20000)),
		"a real day":        plainRecord(true, int64(3), 1.5),
		"a NULL day":        plainRecord(true, int64(3), nil),
		"text for the day":  plainRecord(true, int64(3), "x"),
		"one column":        plainRecord(true, int64(3)),
		"a body cut short":  plainRecord(true, int64(3), int64(20000))[:4],
		"a header cut":      {11, 1},
		"a two-byte header": {0x81, 0x00, 1, 2, 3, 4, 5},
		"empty":             {},
	} {
		if k, ok := plainKey(rec); ok {
			t.Errorf("%s (% x): read as a plain key %v", name, rec, k)
		}
	}
}

// FuzzRecordKey: whatever the bytes, recordKey (the plain form first)
// gives what recordKeyAny gives, its errors included.
func FuzzRecordKey(f *testing.F) {
	f.Add(plainRecord(true, int64(27324), int64(20400), 7.25, int64(1), nil, nil, nil, nil, nil, nil))
	f.Add(plainRecord(false, int64(-5), int64(1<<40)))
	f.Add([]byte{3, 8, 9})
	f.Add([]byte{0x81, 0x03, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, rec []byte) {
		k, err := recordKey(rec)
		want, werr := recordKeyAny(rec)
		if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) || k != want {
			t.Fatalf("% x: recordKey %v %v, recordKeyAny %v %v", rec, k, err, want, werr)
		}
	})
}

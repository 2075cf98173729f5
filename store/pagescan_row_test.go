package store

import (
	"encoding/binary"
	"math"
	"reflect"
	"testing"
)

// plainRecord encodes a record as SQLite writes one: a one-byte header
// size, the serial types, the body. Each field is an int64 (stored in the
// smallest integer type, or as 8 or 9 for 0 and 1 when small is set, as
// SQLite does from schema format 4), a float64 (type 7), nil (type 0), or a
// string (text).
func plainRecord(small bool, fields ...any) []byte {
	var hdr, body []byte
	for _, f := range fields {
		switch x := f.(type) {
		case nil:
			hdr = append(hdr, 0)
		case float64:
			hdr = append(hdr, 7)
			body = binary.BigEndian.AppendUint64(body, math.Float64bits(x))
		case string:
			hdr = append(hdr, byte(13+2*len(x)))
			body = append(body, x...)
		case int64:
			switch {
			case small && x == 0:
				hdr = append(hdr, 8)
			case small && x == 1:
				hdr = append(hdr, 9)
			default:
				for t, n := range []int{1, 2, 3, 4, 6, 8} {
					if n == 8 || (x >= -(1<<(8*n-1)) && x < 1<<(8*n-1)) {
						hdr = append(hdr, byte(t+1))
						for i := n - 1; i >= 0; i-- {
							body = append(body, byte(x>>(8*i)))
						}
						break
					}
				}
			}
		}
	}
	return append(append([]byte{byte(len(hdr) + 1)}, hdr...), body...)
}

// The plain form reads as decodeRowAny reads it, for every integer width
// and sign, integral and real values, rows of four columns (before schema
// v8) and of ten; every other record is left to decodeRowAny.
func TestPlainRowAsAnyRow(t *testing.T) {
	nulls := []any{nil, nil, nil, nil, nil, nil}
	ints := []int64{0, 1, -1, 2, 127, -128, 128, 32767, -32768, 32768, 1 << 23, -(1 << 23), 1 << 31, -(1 << 31) - 1, 1 << 47, -(1 << 47), 1 << 62, math.MinInt64, math.MaxInt64}
	plain := 0
	for _, small := range []bool{true, false} {
		for _, x := range ints {
			for _, v := range []any{x, float64(x) + 0.5, math.Inf(-1), math.NaN(), -0.0} {
				for _, tail := range [][]any{nil, nulls} {
					rec := plainRecord(small, append([]any{x, -x, v, x}, tail...)...)
					id, day, val, imp, ok := decodePlainRow(rec)
					if !ok {
						t.Fatalf("% x: not read as a plain row", rec)
					}
					plain++
					var cols obsCols
					var want obsImport
					wid, wday, wval, err := decodeRowAny(rec, &cols, &want)
					if err != nil || id != wid || day != wday || math.Float64bits(val) != math.Float64bits(wval) || !want.isInt || want.id != imp || !cols.none() {
						t.Fatalf("% x: plain %d %d %v %d, any %d %d %v %+v %v", rec, id, day, val, imp, wid, wday, wval, want, err)
					}
				}
			}
		}
	}
	// 19 integers × 2 encodings × 5 values × 2 lengths, each worked out
	// above: a loop that read none would pass no row.
	if plain != 19*2*5*2 {
		t.Fatalf("%d plain rows read, want 380", plain)
	}
	for name, rec := range map[string][]byte{
		"a per-day column set": plainRecord(true, int64(3), int64(20000), 7.5, int64(1), int64(3), 22.5, nil, nil, nil, nil),
		"a real series_id":     plainRecord(true, 3.0, int64(20000), 7.5, int64(1)),
		"a real day":           plainRecord(true, int64(3), 1.5, 7.5, int64(1)),
		"a real import_id":     plainRecord(true, int64(3), int64(20000), 7.5, 2.5),
		"a NULL import_id":     plainRecord(true, int64(3), int64(20000), 7.5, nil),
		"a NULL value":         plainRecord(true, int64(3), int64(20000), nil, int64(1)),
		"text for the value":   plainRecord(true, int64(3), int64(20000), "7.5", int64(1)),
		"three columns":        plainRecord(true, int64(3), int64(20000), 7.5),
		"five columns":         plainRecord(true, int64(3), int64(20000), 7.5, int64(1), nil),
		"a body cut short":     plainRecord(true, int64(3), int64(20000), 7.5, int64(300))[:13],
		"a body one byte long": append(plainRecord(true, int64(3), int64(20000), 7.5, int64(1)), 0),
		"reserved serial type": {5, 1, 10, 7, 1, 3, 1, 2, 3, 4, 5, 6, 7, 8, 1},
		"cut in the header":    {11, 1, 2, 7, 1},
		"empty":                {},
	} {
		if _, _, _, _, ok := decodePlainRow(rec); ok {
			t.Errorf("%s (% x): read as a plain row", name, rec)
		}
	}
}

// FuzzPlainRow: whatever the bytes, a record decodePlainRow takes reads as
// decodeRowAny reads it, without an error; and decodeRowImport, which
// tries the plain form first, agrees with decodeRowAny on every record,
// its errors included.
func FuzzPlainRow(f *testing.F) {
	f.Add(plainRecord(true, int64(27324), int64(20400), 7.25, int64(1), nil, nil, nil, nil, nil, nil))
	f.Add(plainRecord(false, int64(-5), int64(1<<40), int64(3), int64(0)))
	f.Add(plainRecord(true, int64(3), int64(20000), 7.5, int64(1), int64(3), 22.5, "x", nil, nil, nil))
	f.Add([]byte{11, 1, 2, 7, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 9})
	f.Fuzz(func(t *testing.T, rec []byte) {
		var anyCols, cols obsCols
		var anyImp, imp obsImport
		wid, wday, wval, werr := decodeRowAny(rec, &anyCols, &anyImp)
		if id, day, v, x, ok := decodePlainRow(rec); ok {
			if werr != nil || id != wid || day != wday || math.Float64bits(v) != math.Float64bits(wval) || anyImp != (obsImport{id: x, isInt: true}) || !anyCols.none() {
				t.Fatalf("% x: plain %d %d %v %d, any %d %d %v %+v %v %v", rec, id, day, v, x, wid, wday, wval, anyImp, anyCols, werr)
			}
		}
		id, day, v, err := decodeRowImport(rec, &cols, &imp)
		if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
			t.Fatalf("% x: decodeRowImport says %v, decodeRowAny %v", rec, err, werr)
		}
		if err == nil && (id != wid || day != wday || math.Float64bits(v) != math.Float64bits(wval) || !sameValue(imp.other, anyImp.other) || imp.id != anyImp.id || imp.isInt != anyImp.isInt || !sameCols(cols, anyCols)) {
			t.Fatalf("% x: decodeRowImport %d %d %v %+v %v, decodeRowAny %d %d %v %+v %v", rec, id, day, v, imp, cols, wid, wday, wval, anyImp, anyCols)
		}
	})
}

// sameValue is reflect.DeepEqual but for a NaN, which equals itself here
// (the digests hash a real's bits).
func sameValue(a, b any) bool {
	if x, ok := a.(float64); ok {
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	}
	return reflect.DeepEqual(a, b)
}

func sameCols(a, b obsCols) bool {
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

// plainRows are records as an import writes them for days of one reading:
// series ids and days of every width the bench's data has, values real and
// integral.
func plainRows() [][]byte {
	var out [][]byte
	for id := int64(1); id <= 300; id += 7 {
		for day := int64(20000); day < 20100; day++ {
			var v any = float64(day%97) / 10
			if day%3 == 0 {
				v = day % 50 // stored as an integer, as SQLite stores an integral real
			}
			out = append(out, plainRecord(true, id, day, v, int64(1), nil, nil, nil, nil, nil, nil))
		}
	}
	return out
}

// The plain form against the column loop, per row (go test ./store -run X
// -bench DecodeRow).
func BenchmarkDecodeRow(b *testing.B) {
	recs := plainRows()
	for _, c := range []struct {
		name string
		read func([]byte, *obsCols, *obsImport) (int64, int64, float64, error)
	}{{"plain", decodeRowImport}, {"any", decodeRowAny}} {
		b.Run(c.name, func(b *testing.B) {
			var cols obsCols
			var imp obsImport
			for i := 0; b.Loop(); i++ {
				if _, _, _, err := c.read(recs[i%len(recs)], &cols, &imp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package store

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Series digest version 3 covers, beside each day's value and per-day
// columns (version 2), which import wrote the day: observations.import_id,
// the imports row id that the import's audit entry names in its state key
// ("import/<id>") and in its after ("import_id"), both under the entry's
// hash. The id is stable across everything ringside does: imports rows are
// never deleted or renumbered (an INTEGER PRIMARY KEY survives VACUUM and
// every migration), and an import that fails rolls its row back with its
// observations. A day reassigned to another import beside ringside would
// make a later import name the wrong one as replaced; version 3 names it.

// digestV3 prefixes a version-3 digest's text: "v3:<n>:<32 hex digits>",
// inside the text an entry's hash covers, like digestV2.
const digestV3 = "v3:"

// obsImport is a row's import_id as stored: an integer (isInt, in id) as
// ringside writes it, or, edited beside ringside, whatever the driver reads
// (nil for NULL, float64, string, []byte) in other. Not boxed in the usual
// case: the page scan reads a million of them.
type obsImport struct {
	id    int64
	other any
	isInt bool
}

func importOf(v any) obsImport {
	if i, ok := v.(int64); ok {
		return obsImport{id: i, isInt: true}
	}
	return obsImport{other: v}
}

// v3 is the row hash of digest version 3. A row as ringside writes it (an
// integer import_id, its six per-day columns NULL, a day within int32) is
// two AES-128 blocks under obsKey, chained:
//
//	e1 = AES(day (int32, big-endian) ‖ value (IEEE 754 bits) ‖ "obs3")
//	h  = AES(e1 XOR (import_id (int64, big-endian) ‖ "import3!"))
//
// Any other row is rowHashV3's SHA-256. A fixed tail in each block keeps a
// crafted compensating row as hard to find as in version 1 or harder: it
// takes a block whose AES output matches 64 fixed bits.
func (h *rowHasher) v3(day int64, value float64, imp obsImport, c *obsCols) (hi, lo uint64) {
	if !imp.isInt || !c.none() || int64(int32(day)) != day {
		return rowHashV3(day, value, imp, c)
	}
	return h.v3Plain(day, value, imp.id)
}

// v3Plain is v3 of a row of one reading with an integer import_id and a
// day within int32.
func (h *rowHasher) v3Plain(day int64, value float64, imp int64) (hi, lo uint64) {
	b := h.b[:]
	binary.BigEndian.PutUint32(b[0:4], uint32(int32(day)))
	binary.BigEndian.PutUint64(b[4:12], math.Float64bits(value))
	copy(b[12:], "obs3")
	obsCipher.Encrypt(b, b)
	hi = binary.BigEndian.Uint64(b[0:8]) ^ uint64(imp)
	lo = binary.BigEndian.Uint64(b[8:16]) ^ binary.BigEndian.Uint64([]byte("import3!"))
	binary.BigEndian.PutUint64(b[0:8], hi)
	binary.BigEndian.PutUint64(b[8:16], lo)
	obsCipher.Encrypt(b, b)
	return binary.BigEndian.Uint64(b[0:8]), binary.BigEndian.Uint64(b[8:16])
}

// v3Row is v3 of a row the importer writes: its import's id and the
// per-day columns of a day of several readings (nil for one reading).
func (h *rowHasher) v3Row(day int64, value float64, imp int64, c *obsCols) (hi, lo uint64) {
	return h.v3(day, value, obsImport{id: imp, isInt: true}, c)
}

// rowHashV3 hashes any other row: the first 16 bytes of SHA-256 over
// "obs3" ‖ day (int64, big-endian) ‖ value (IEEE 754 bits) ‖ import_id ‖
// each per-day column in turn, each of the last seven typed as rowHashV2
// types a column ("N" for NULL, "I" and 8 bytes for an integer, "F" and 8
// bytes for a real, "T" or "B", a uint32 length and the bytes).
func rowHashV3(day int64, value float64, imp obsImport, c *obsCols) (hi, lo uint64) {
	b := make([]byte, 0, 4+8+8+7*9)
	b = append(b, "obs3"...)
	b = binary.BigEndian.AppendUint64(b, uint64(day))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(value))
	if imp.isInt {
		b = appendTyped(b, imp.id)
	} else {
		b = appendTyped(b, imp.other)
	}
	var none obsCols
	if c == nil {
		c = &none
	}
	for _, v := range c {
		b = appendTyped(b, v)
	}
	sum := sha256.Sum256(b)
	return binary.BigEndian.Uint64(sum[0:8]), binary.BigEndian.Uint64(sum[8:16])
}

// appendTyped appends one column value as rowHashV2 encodes it.
func appendTyped(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, 'N')
	case int64:
		return binary.BigEndian.AppendUint64(append(b, 'I'), uint64(x))
	case float64:
		return binary.BigEndian.AppendUint64(append(b, 'F'), math.Float64bits(x))
	case string:
		return append(binary.BigEndian.AppendUint32(append(b, 'T'), uint32(len(x))), x...)
	case []byte:
		return append(binary.BigEndian.AppendUint32(append(b, 'B'), uint32(len(x))), x...)
	}
	return append(b, fmt.Sprintf("?%T:%v", v, v)...)
}

// V3 is the text of a version-3 digest: "v3:" and String's text (as
// appendV3 writes it, without fmt: verify writes one per series).
func (d obsDigest) V3() string { return string(d.appendV3(make([]byte, 0, 64))) }

// appendV3 appends V3's text to b.
func (d obsDigest) appendV3(b []byte) []byte {
	b = append(b, digestV3...)
	b = strconv.AppendInt(b, d.n, 10)
	b = append(b, ':')
	return appendHex16(appendHex16(b, d.hi), d.lo)
}

// digestVersion is the version a series digest's text was written in: 3,
// 2, or 1 for the bare "<n>:<sum>" of entries before schema v14.
func digestVersion(s string) int {
	switch {
	case strings.HasPrefix(s, digestV3):
		return 3
	case strings.HasPrefix(s, digestV2):
		return 2
	}
	return 1
}

package store

import (
	"encoding/binary"
	"math"
)

// The record nearly every observation is stored as, read without a loop
// over its columns. decodeRowAny reads every record column by column; at
// ten million rows that loop (a branch per column, the state of ten
// columns kept across it) cost a third of verify's time. The row ringside
// writes for a day of one reading has a one-byte header of five or eleven
// bytes: series_id, day and import_id as integers, value as an integer or
// a real, and (from schema v8) the six per-day columns NULL. Such a record
// reads here, straight from the page; any other (a per-day column set, a
// value edited beside ringside, a header of another size) goes to
// decodeRowAny, which reads it as before. Both give the same result for a
// record this one takes (TestPlainRowAsAnyRow, FuzzPlainRow).

// numberSize is the body size of serial types 1 to 9 (numbers), -1 for
// any other type: NULL, text, a blob, or a type SQLite never writes.
var numberSize = func() (n [256]int8) {
	for t := range n {
		n[t] = -1
	}
	copy(n[1:10], []int8{1, 2, 3, 4, 6, 8, 8, 0, 0})
	return n
}()

// decodePlainRow reads a record of the plain form (above): ok is false for
// any other record, which decodeRowAny then reads.
func decodePlainRow(rec []byte) (id, day int64, v float64, imp int64, ok bool) {
	if len(rec) < 5 {
		return 0, 0, 0, 0, false
	}
	switch rec[0] {
	case 5: // a row from before schema v8: no per-day columns
	case 11:
		if len(rec) < 11 || rec[5]|rec[6]|rec[7]|rec[8]|rec[9]|rec[10] != 0 {
			return 0, 0, 0, 0, false
		}
	default:
		return 0, 0, 0, 0, false
	}
	t0, t1, t2, t3 := rec[1], rec[2], rec[3], rec[4]
	n0, n1, n2, n3 := numberSize[t0], numberSize[t1], numberSize[t2], numberSize[t3]
	// series_id, day and import_id integers (a real in any of them is
	// decodeRowAny's to name or keep), value any number.
	if n0 < 0 || n1 < 0 || n2 < 0 || n3 < 0 || t0 == 7 || t1 == 7 || t3 == 7 {
		return 0, 0, 0, 0, false
	}
	body := rec[rec[0]:]
	if len(body) != int(n0)+int(n1)+int(n2)+int(n3) {
		return 0, 0, 0, 0, false
	}
	id = serialInt(t0, body)
	body = body[n0:]
	day = serialInt(t1, body)
	body = body[n1:]
	if t2 == 7 {
		v = math.Float64frombits(binary.BigEndian.Uint64(body))
	} else {
		v = float64(serialInt(t2, body))
	}
	body = body[n2:]
	return id, day, v, serialInt(t3, body), true
}

// serialInt is the integer of serial type t (1 to 6, 8 or 9) at the start
// of b, which holds at least its numberSize bytes: big-endian, two's
// complement, 1, 2, 3, 4, 6 or 8 bytes; 8 and 9 are 0 and 1 in no bytes.
func serialInt(t byte, b []byte) int64 {
	n := numberSize[t]
	if n <= 0 {
		return int64(t) - 8
	}
	var x uint64
	for _, c := range b[:n] {
		x = x<<8 | uint64(c)
	}
	shift := 64 - 8*uint(n)
	return int64(x<<shift) >> shift
}

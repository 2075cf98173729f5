package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wholeEntryHash is entryHash as it was before it streamed: the whole
// encoding in one buffer, then SHA-256.
func wholeEntryHash(prev string, e AuditEntry, withOrigin bool) string {
	var b []byte
	field := func(s string) { b = append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...) }
	for _, f := range []string{prev, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Pilot, e.Entity, e.Summary, e.Before, e.After} {
		field(f)
	}
	switch {
	case withOrigin:
		field(e.State)
		field(string(e.Origin))
	case e.State != "":
		field(e.State)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestEntryHashStreamsTheSameBytes: fields around and well past the piece
// size hash as the whole encoding does, with one hasher reused entry after
// entry (as verify's chain walk reuses it) and a fresh one alike.
func TestEntryHashStreamsTheSameBytes(t *testing.T) {
	var reused chainHasher
	at := time.Date(2026, 12, 1, 15, 4, 5, 123456000, time.UTC)
	for _, n := range []int{0, 1, hashPiece - 40, hashPiece - 1, hashPiece, hashPiece + 1, 3*hashPiece + 17, 10 << 20} {
		for _, withOrigin := range []bool{false, true} {
			e := AuditEntry{Seq: int64(n + 1), At: at, Actor: "tester", Action: "metrics.import", Pilot: "p", Entity: "metrics x.csv",
				Summary: strings.Repeat("s", n%97), Before: strings.Repeat("b", n/3), After: strings.Repeat("a", n%hashPiece), State: strings.Repeat("{", n), Origin: OriginFile}
			want := wholeEntryHash(genesisHash, e, withOrigin)
			if got := entryHash(genesisHash, e, withOrigin); got != want {
				t.Errorf("n=%d withOrigin=%v: entryHash %s, want %s", n, withOrigin, got, want)
			}
			if got := reused.hash(genesisHash, &e, withOrigin); got != want {
				t.Errorf("n=%d withOrigin=%v: reused hasher %s, want %s", n, withOrigin, got, want)
			}
		}
	}
}

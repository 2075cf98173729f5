package model

import (
	"strings"
	"testing"
	"time"
)

// FuzzSplitCheckpoint: splitting any text never panics, a statement and
// its signature put back together give the text again, and every
// statement CheckpointStatement writes splits back to itself unsigned.
func FuzzSplitCheckpoint(f *testing.F) {
	stmt := CheckpointStatement(Checkpoint{Seq: 42, Head: strings.Repeat("ab", 32), At: time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC),
		Pilots: 4, Signoffs: 9, Observations: 1234, AuditEntries: 42})
	f.Add(stmt)
	f.Add(stmt + "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n")
	f.Add("no checkpoint\n")
	f.Fuzz(func(t *testing.T, text string) {
		s, sig, ok := SplitCheckpoint(text)
		if !ok {
			if strings.HasPrefix(text, CheckpointHeader+"\n") {
				t.Fatalf("a text starting with the header is no checkpoint: %q", text)
			}
			return
		}
		if s+sig != text || strings.Contains(s, "-----BEGIN SSH SIGNATURE-----") {
			t.Fatalf("split %q into %q and %q", text, s, sig)
		}
	})
}

func TestCheckpointStatementSplitsBackUnsigned(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 15, 4, 5, 0, time.FixedZone("CET", 3600))
	stmt := CheckpointStatement(Checkpoint{Seq: 42, Head: strings.Repeat("ab", 32), At: at, Pilots: 4, Signoffs: 9, Observations: 1234, AuditEntries: 42})
	want := "ringside checkpoint v1\nringside-anchor seq=42 head=" + strings.Repeat("ab", 32) +
		"\ntime: 2026-11-20T14:04:05Z\npilots: 4\nsignoffs: 9\nobservations: 1234\naudit_entries: 42\n" // 15:04 CET is 14:04 UTC
	if stmt != want {
		t.Fatalf("statement:\n%s\nwant:\n%s", stmt, want)
	}
	if s, sig, ok := SplitCheckpoint(stmt); !ok || s != stmt || sig != "" {
		t.Errorf("SplitCheckpoint(statement) = %q, %q, %v", s, sig, ok)
	}
}

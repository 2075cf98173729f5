package model

import (
	"strings"
	"testing"
	"time"
)

func TestSignoffStatementIsCanonicalAndReadsItsTimeBack(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 16, 4, 5, 900, time.FixedZone("CET", 3600))
	so := Signoff{Gate: GateG3, Role: RoleSecurity, Person: "Lee Park", Decision: DecisionApprove,
		Meaning: "Security controls verified", ChecklistHash: "abc123", At: at}
	got, err := SignoffStatement("claims-triage", so)
	if err != nil {
		t.Fatal(err)
	}
	// The time is in UTC to the second: 16:04:05 CET is 15:04:05Z.
	want := "ringside sign-off statement v1\npilot: claims-triage\ngate: G3\nrole: security\nperson: Lee Park\n" +
		"decision: approve\nmeaning: Security controls verified\ncomment: \nchecklist: abc123\ntime: 2026-11-20T15:04:05Z\n"
	if got != want {
		t.Fatalf("statement:\n%s\nwant:\n%s", got, want)
	}
	back, err := StatementTime(got)
	if err != nil || !back.Equal(time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)) {
		t.Errorf("StatementTime = %v, %v", back, err)
	}
	so.Meaning = "line one\ntime: 2020-01-01T00:00:00Z"
	if _, err := SignoffStatement("claims-triage", so); err == nil || !strings.Contains(err.Error(), "meaning") {
		t.Errorf("a meaning with a line break was stated: %v", err)
	}
	for _, bad := range []string{"", "hello\ntime: x\n", "pilot: x\n"} {
		if _, err := StatementTime(bad); err == nil {
			t.Errorf("StatementTime(%q) accepted", bad)
		}
	}
}

// FuzzStatementTime: reading a statement's time never panics, and a
// statement SignoffStatement writes always reads its own time back, whatever
// the texts in it (a text that could forge a time line is refused).
func FuzzStatementTime(f *testing.F) {
	f.Add("claims-triage", "Lee Park", "Security controls verified", int64(1790000000))
	f.Add("x", "a\ntime: 2020-01-01T00:00:00Z", "", int64(0))
	f.Fuzz(func(t *testing.T, pilot, person, meaning string, unix int64) {
		StatementTime(pilot + "\n" + person + meaning) // arbitrary text: no panic
		at := time.Unix(unix%(1<<34), 0).UTC()
		so := Signoff{Gate: GateG3, Role: RoleLegal, Person: person, Decision: DecisionApprove, Meaning: meaning, At: at}
		stmt, err := SignoffStatement(pilot, so)
		if err != nil {
			return
		}
		back, err := StatementTime(stmt)
		if at.Year() < 0 || at.Year() > 9999 {
			return // RFC 3339 has four-digit years
		}
		if err != nil || !back.Equal(at) {
			t.Fatalf("statement %q reads back %v, %v; want %v", stmt, back, err, at)
		}
	})
}

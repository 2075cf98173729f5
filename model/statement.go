package model

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// SignoffNamespace is the SSHSIG namespace sign-off statements are signed
// in (ssh-keygen -Y sign -n ringside-signoff).
const SignoffNamespace = "ringside-signoff"

// statementHead is the first line of every sign-off statement.
const statementHead = "ringside sign-off statement v1"

// statementFields are the statement's lines after the head, in order.
var statementFields = []string{"pilot", "gate", "role", "person", "decision", "meaning", "comment", "checklist", "time"}

// SignoffStatement is the canonical text a signer signs for a sign-off:
// the head line, then one "field: value" line each for the pilot, gate,
// role, person, decision, meaning, comment, checklist hash and time (RFC
// 3339, UTC, to the second), each ending in "\n". docs/audit.md shows one.
// A value with a control character (a line break) cannot be stated.
func SignoffStatement(pilot string, so Signoff) (string, error) {
	values := []string{pilot, string(so.Gate), string(so.Role), so.Person, string(so.Decision), so.Meaning, so.Comment,
		so.ChecklistHash, so.At.UTC().Truncate(time.Second).Format(time.RFC3339)}
	var b strings.Builder
	b.WriteString(statementHead + "\n")
	for i, f := range statementFields {
		if strings.IndexFunc(values[i], unicode.IsControl) >= 0 {
			return "", fmt.Errorf("the %s %q has a control character (a line break?): a signed statement holds one line a field", f, values[i])
		}
		b.WriteString(f + ": " + values[i] + "\n")
	}
	return b.String(), nil
}

// StatementTime reads the time line back from a sign-off statement: the
// time a sign-off signed from that statement is recorded at.
func StatementTime(text string) (time.Time, error) {
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || lines[0] != statementHead {
		return time.Time{}, fmt.Errorf("not a ringside sign-off statement: its first line is not %q", statementHead)
	}
	for _, l := range lines[1:] {
		if v, ok := strings.CutPrefix(l, "time: "); ok {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return time.Time{}, fmt.Errorf("the statement's time %q is not RFC 3339: %v", v, err)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("the statement has no time line")
}

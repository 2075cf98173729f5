package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CheckpointNamespace is the SSH signature namespace a checkpoint is
// signed in (ssh-keygen -Y sign -n ringside-checkpoint).
const CheckpointNamespace = "ringside-checkpoint"

// CheckpointHeader is the first line of every checkpoint statement.
const CheckpointHeader = "ringside checkpoint v1"

// Checkpoint is a statement of the audit chain's head kept outside the
// database: the newest entry's sequence number and hash, when it was
// taken, and how much the database held then.
type Checkpoint struct {
	Seq          int64
	Head         string
	At           time.Time
	Pilots       int64
	Signoffs     int64
	Observations int64
	AuditEntries int64
}

// CheckpointStatement is the checkpoint's canonical text, the bytes a
// signature covers: one line each, every line ending in a newline, the
// time in UTC to the second. The second line is the anchor token
// `verify --anchor` reads from any export.
func CheckpointStatement(c Checkpoint) string {
	var b strings.Builder
	b.WriteString(CheckpointHeader + "\n")
	b.WriteString("ringside-anchor seq=" + strconv.FormatInt(c.Seq, 10) + " head=" + c.Head + "\n")
	fmt.Fprintf(&b, "time: %s\n", c.At.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "pilots: %d\nsignoffs: %d\nobservations: %d\naudit_entries: %d\n",
		c.Pilots, c.Signoffs, c.Observations, c.AuditEntries)
	return b.String()
}

// SplitCheckpoint separates a checkpoint file into its statement and its
// armored SSH signature ("" when unsigned). ok is false when the text is
// no checkpoint (it does not start with CheckpointHeader).
func SplitCheckpoint(text string) (statement, signature string, ok bool) {
	if !strings.HasPrefix(text, CheckpointHeader+"\n") {
		return "", "", false
	}
	i := strings.Index(text, "-----BEGIN SSH SIGNATURE-----")
	if i < 0 {
		return text, "", true
	}
	return text[:i], text[i:], true
}

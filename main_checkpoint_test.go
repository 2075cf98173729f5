package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// checkpointHead reads verify --json's head and counts of a database.
func checkpointHead(t *testing.T, db string) (seq int64, hash string) {
	t.Helper()
	_, out, _ := ringside(t, db, "verify", "--json")
	var r struct {
		HeadSeq  int64  `json:"head_seq"`
		HeadHash string `json:"head_hash"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.HeadSeq == 0 {
		t.Fatalf("verify --json: %v %s", err, out)
	}
	return r.HeadSeq, r.HeadHash
}

// A signed checkpoint states the head and the counts, verifies with the
// real ssh-keygen in the ringside-checkpoint namespace, anchors verify,
// and is refused (exit 2) once one byte of its statement changes.
func TestSignedCheckpointAnchorsVerifyAndRefusesAnEditedOne(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	key := newKey(t, dir, "auditor")
	seq, hash := checkpointHead(t, db)
	cp := filepath.Join(dir, "checkpoint.txt")
	if code, _, errs := ringside(t, db, "checkpoint", "--key", key, "-o", cp); code != 0 {
		t.Fatalf("checkpoint: exit %d %s", code, errs)
	}
	b, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	stmt, sig, ok := strings.Cut(text, "-----BEGIN SSH SIGNATURE-----")
	if !ok {
		t.Fatalf("the checkpoint carries no SSH signature:\n%s", text)
	}
	// Sequence numbers run 1, 2, 3… without gaps, so the log holds as many
	// entries as the head's number; the demo has pilots and observations.
	n := strconv.FormatInt(seq, 10)
	want := regexp.MustCompile(`^ringside checkpoint v1\nringside-anchor seq=` + n + ` head=` + hash +
		`\ntime: 20[0-9-]+T[0-9:]+Z\npilots: [1-9][0-9]*\nsignoffs: [0-9]+\nobservations: [1-9][0-9]*\naudit_entries: ` + n + `\n$`)
	if !want.MatchString(stmt) {
		t.Errorf("checkpoint statement:\n%s\nwant it to match %s", stmt, want)
	}
	if code, out, errs := ringside(t, db, "verify", "--anchor", cp); code != 0 || !strings.Contains(out, "chain intact") {
		t.Errorf("verify --anchor checkpoint: exit %d %s %s", code, out, errs)
	}
	_, out, _ := ringside(t, db, "verify", "--json", "--anchor", cp)
	if !strings.Contains(out, "signed with key SHA256:") {
		t.Errorf("verify --json does not name the checkpoint's signing key:\n%s", out)
	}
	// An auditor checks the signature with ssh-keygen alone.
	os.WriteFile(filepath.Join(dir, "s.txt"), []byte(stmt), 0o600)
	os.WriteFile(filepath.Join(dir, "s.txt.sig"), []byte("-----BEGIN SSH SIGNATURE-----"+sig), 0o600)
	check := exec.Command("ssh-keygen", "-Y", "check-novalidate", "-n", "ringside-checkpoint", "-s", filepath.Join(dir, "s.txt.sig"))
	check.Stdin = strings.NewReader(stmt)
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("ssh-keygen -Y check-novalidate: %v\n%s", err, out)
	}
	// One byte of the statement changed: the signature no longer verifies.
	edited := filepath.Join(dir, "edited.txt")
	os.WriteFile(edited, []byte(strings.Replace(text, "pilots: ", "pilots: 1", 1)), 0o600)
	if code, _, errs := ringside(t, db, "verify", "--anchor", edited); code != 2 || !strings.Contains(errs, "edited after it was signed") {
		t.Errorf("verify --anchor edited signed checkpoint: exit %d %s, want 2", code, errs)
	}
	// A passphrase-protected key is refused, nothing written.
	locked := filepath.Join(dir, "locked")
	sshKeygen(t, "-q", "-t", "ed25519", "-N", "secret", "-f", locked)
	if code, _, errs := ringside(t, db, "checkpoint", "--key", locked, "-o", filepath.Join(dir, "no.txt")); code != 2 || !strings.Contains(errs, "passphrase") {
		t.Errorf("checkpoint --key with a passphrase: exit %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "no.txt")); err == nil {
		t.Error("a refused checkpoint wrote its file")
	}
}

// After a checkpoint, the log cut back with sqlite3, or its head entry's
// hash rewritten, no longer matches: verify --anchor exits 1 naming it.
// An unsigned checkpoint whose head hash was edited does not match either.
func TestCheckpointCatchesTruncationAndRewrite(t *testing.T) {
	for _, tc := range []struct {
		name, script, want string
	}{
		{"truncated", "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);", "cut off the end"},
		{"rewritten", "DROP TRIGGER audit_no_update; UPDATE audit SET hash = '" + strings.Repeat("ab", 32) + "' WHERE seq = (SELECT max(seq) FROM audit);", "rewritten and rechained"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := demoDB(t)
			cp := filepath.Join(t.TempDir(), "cp.txt")
			if code, _, errs := ringside(t, db, "checkpoint", "-o", cp); code != 0 {
				t.Fatal(errs)
			}
			if code, out, errs := ringside(t, db, "verify", "--anchor", cp); code != 0 {
				t.Fatalf("verify --anchor before the edit: exit %d %s %s", code, out, errs)
			}
			sqlite3(t, db, tc.script)
			code, out, _ := ringside(t, db, "verify", "--anchor", cp)
			if code != 1 || !strings.Contains(out, tc.want) || !strings.Contains(out, "checkpoint") {
				t.Errorf("verify --anchor after %s: exit %d\n%s", tc.name, code, out)
			}
		})
	}
	db := demoDB(t)
	cp := filepath.Join(t.TempDir(), "cp.txt")
	if code, _, errs := ringside(t, db, "checkpoint", "-o", cp); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(cp)
	forged := regexp.MustCompile(`head=[0-9a-f]{64}`).ReplaceAllString(string(b), "head="+strings.Repeat("cd", 32))
	os.WriteFile(cp, []byte(forged), 0o600)
	if code, out, _ := ringside(t, db, "verify", "--anchor", cp); code != 1 || !strings.Contains(out, "rewritten and rechained") {
		t.Errorf("verify --anchor edited unsigned checkpoint: exit %d\n%s", code, out)
	}
}

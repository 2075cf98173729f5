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
// and is refused (exit 1: the evidence does not hold) once one byte of its
// statement changes.
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
	if code, out, errs := ringside(t, db, "verify", "--anchor", cp, "--key", key+".pub"); code != 0 || !strings.Contains(out, "chain intact") {
		t.Errorf("verify --anchor checkpoint: exit %d %s %s", code, out, errs)
	}
	_, out, _ := ringside(t, db, "verify", "--json", "--anchor", cp, "--key", key+".pub")
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
	// The evidence does not hold: exit 1, named among the findings.
	if code, out, _ := ringside(t, db, "verify", "--anchor", edited, "--key", key+".pub"); code != 1 || !strings.Contains(out, "edited after it was signed") {
		t.Errorf("verify --anchor edited signed checkpoint: exit %d %s, want 1", code, out)
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

// A checkpoint must be signed by a key you trust: --key KEY.pub or an
// allowed_signers file, else one of the owner keys the database holds.
// One signed by another key (say, by someone who rechained the log and took
// a fresh checkpoint), an edited one, or an unsigned one when --key asks
// for a signature is exit 1; a --key that is no SSH public key is exit 2.
func TestCheckpointMustBeSignedByAKeyYouTrust(t *testing.T) {
	dir, db, lee := signedDemo(t)
	auditor, eve := newKey(t, dir, "auditor"), newKey(t, dir, "eve")
	fp := func(key string) string {
		out, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", key+".pub").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Fields(string(out))[1]
	}
	take := func(name string, key ...string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		args := append([]string{"checkpoint", "-o", path}, key...)
		if code, _, errs := ringside(t, db, args...); code != 0 {
			t.Fatalf("checkpoint %v: %s", key, errs)
		}
		return path
	}
	byAuditor, byLee, byEve, unsigned := take("auditor.txt", "--key", auditor), take("lee.txt", "--key", lee), take("eve.txt", "--key", eve), take("plain.txt")
	pub, _ := os.ReadFile(auditor + ".pub")
	allowed := filepath.Join(dir, "allowed_signers")
	os.WriteFile(allowed, []byte("# the auditors\n\"Ana Auditor\" namespaces=\"ringside-checkpoint\" "+string(pub)), 0o600)
	signoffOnly := filepath.Join(dir, "signoff_signers")
	os.WriteFile(signoffOnly, []byte("auditor namespaces=\"ringside-signoff\" "+string(pub)), 0o600)
	garbage := filepath.Join(dir, "garbage.pub")
	os.WriteFile(garbage, []byte("ssh-ed25519 not-base64 x\n"), 0o600)
	edited := filepath.Join(dir, "edited.txt")
	b, _ := os.ReadFile(byAuditor)
	os.WriteFile(edited, []byte(strings.Replace(string(b), "signoffs: ", "signoffs: 9", 1)), 0o600)

	for _, c := range []struct {
		name string
		args []string
		code int
		want string // in stdout (exit 0, 1) or stderr (exit 2)
	}{
		{"the right key", []string{"--anchor", byAuditor, "--key", auditor + ".pub"}, 0,
			"checkpoint " + byAuditor + ": signature verified against key " + fp(auditor) + " (auditor, from --key " + auditor + ".pub)"},
		{"an allowed_signers file", []string{"--anchor", byAuditor, "--key", allowed}, 0, "verified against key " + fp(auditor) + " (Ana Auditor, from --key"},
		{"an owner key in the database", []string{"--anchor", byLee}, 0,
			"signature verified against key " + fp(lee) + " (Lee Park, the security owner of claims-triage, from the owner keys in the database)"},
		{"unsigned, no --key", []string{"--anchor", unsigned}, 0, "checkpoint " + unsigned + ": unsigned"},
		{"another key", []string{"--anchor", byEve, "--key", auditor + ".pub"}, 1, "signed with key " + fp(eve) + ", which is not a key you trust"},
		{"another key, no --key", []string{"--anchor", byEve}, 1, "checked against the owner keys in the database"},
		{"the owner's key is not the auditor's", []string{"--anchor", byLee, "--key", allowed}, 1, "not a key you trust"},
		{"edited after signing", []string{"--anchor", edited, "--key", auditor + ".pub"}, 1, "edited after it was signed"},
		{"unsigned with --key", []string{"--anchor", unsigned, "--key", auditor + ".pub"}, 1, "it is unsigned, but --key"},
		{"a key that does not parse", []string{"--anchor", byAuditor, "--key", garbage}, 2, "the key does not parse"},
		{"no key for checkpoints", []string{"--anchor", byAuditor, "--key", signoffOnly}, 2, "limited to other namespaces"},
		{"no such key file", []string{"--anchor", byAuditor, "--key", filepath.Join(dir, "none.pub")}, 2, "no such file"},
		{"--key without a checkpoint", []string{"--anchor", "1:" + strings.Repeat("ab", 32), "--key", auditor + ".pub"}, 2, "give the checkpoint with --anchor FILE"},
	} {
		code, out, errs := ringside(t, db, append([]string{"verify"}, c.args...)...)
		got := out
		if c.code == 2 {
			got = errs
		}
		if code != c.code || !strings.Contains(got, c.want) {
			t.Errorf("%s: exit %d\n%s%s\nwant %d and %q", c.name, code, out, errs, c.code, c.want)
		}
	}
	// --json lists what each checkpoint was checked against.
	if _, out, _ := ringside(t, db, "verify", "--json", "--anchor", byAuditor, "--key", auditor+".pub"); !strings.Contains(out, "signature verified against key "+fp(auditor)) {
		t.Errorf("verify --json does not say which key the checkpoint verified against:\n%s", out)
	}
}

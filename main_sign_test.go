package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sshKeygen runs the real ssh-keygen (Debian's openssh-client, installed
// by .ci/run) and fails the test when it fails.
func sshKeygen(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
}

// newKey writes an unencrypted ed25519 key pair dir/name, dir/name.pub.
func newKey(t *testing.T, dir, name string) string {
	t.Helper()
	key := filepath.Join(dir, name)
	sshKeygen(t, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key)
	return key
}

// signedDemo is the demo with claims-triage's security owner, Lee Park,
// given the public key of dir/lee, applied from a portfolio file.
func signedDemo(t *testing.T) (dir, db, lee string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "d.db")
	lee = newKey(t, dir, "lee")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatal(errs)
	}
	exported := filepath.Join(dir, "p.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", exported); code != 0 {
		t.Fatal(errs)
	}
	pub, _ := os.ReadFile(lee + ".pub")
	y, _ := os.ReadFile(exported)
	at := strings.Index(string(y), "  - slug: claims-triage\n")
	line := "      security: Lee Park\n"
	i := strings.Index(string(y)[at:], line)
	if at < 0 || i < 0 {
		t.Fatalf("the demo export has no claims-triage security owner Lee Park")
	}
	i += at
	keyed := string(y)[:i] + "      security: {name: Lee Park, key: \"" + strings.TrimSpace(string(pub)) + "\"}\n" + string(y)[i+len(line):]
	withKey := filepath.Join(dir, "keyed.yaml")
	os.WriteFile(withKey, []byte(keyed), 0o600)
	if code, out, errs := ringside(t, db, "apply", "-f", withKey); code != 0 || !strings.Contains(out, "updated 1: claims-triage") {
		t.Fatalf("apply the key: %d %s %s", code, out, errs)
	}
	return dir, db, lee
}

// pinned is pinnedNow in RFC 3339.
const pinned = "2026-11-20T15:04:05Z"

var signArgs = []string{"signoff", "--pilot", "claims-triage", "--gate", "G3", "--role", "security", "--decision", "approve", "--meaning", "Security controls verified"}

func TestOwnerKeyRoundTripsThroughExportAndApply(t *testing.T) {
	dir, db, lee := signedDemo(t)
	pub, _ := os.ReadFile(lee + ".pub")
	out := filepath.Join(dir, "back.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	y, _ := os.ReadFile(out)
	want := "      security:\n        name: Lee Park\n        key: " + strings.TrimSpace(string(pub)) + "\n"
	if !strings.Contains(string(y), want) {
		t.Fatalf("the export does not carry the owner's key as\n%s", want)
	}
	if code, stdout, errs := ringside(t, db, "apply", "-f", out); code != 0 || !strings.Contains(stdout, "unchanged 8") {
		t.Errorf("re-applying the export: %d %q %s; want all 8 unchanged", code, stdout, errs)
	}
}

func TestSignoffSignedAwayFromRingsideWithSSHKeygen(t *testing.T) {
	dir, db, lee := signedDemo(t)
	before := fileSum(t, db)
	code, stmt, errs := runSignAt(t, db, pinned, append(signArgs, "--statement")...)
	if code != 0 || !strings.HasPrefix(stmt, "ringside sign-off statement v1\npilot: claims-triage\ngate: G3\nrole: security\nperson: Lee Park\n") ||
		!strings.HasSuffix(stmt, "time: 2026-11-20T15:04:05Z\n") {
		t.Fatalf("--statement: %d %q %s", code, stmt, errs)
	}
	if fileSum(t, db) != before {
		t.Fatal("--statement changed the database")
	}
	s := filepath.Join(dir, "s.txt")
	os.WriteFile(s, []byte(stmt), 0o600)
	sshKeygen(t, "-Y", "sign", "-q", "-f", lee, "-n", "ringside-signoff", s)

	// Refused, nothing written: a signature by another key, a statement
	// changed by one byte after signing, a signature in another namespace.
	eve := newKey(t, dir, "eve")
	forged := filepath.Join(dir, "forged.txt")
	os.WriteFile(forged, []byte(stmt), 0o600)
	sshKeygen(t, "-Y", "sign", "-q", "-f", eve, "-n", "ringside-signoff", forged)
	edited := filepath.Join(dir, "edited.txt")
	os.WriteFile(edited, []byte(strings.Replace(stmt, "approve", "approvE", 1)), 0o600)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte(stmt), 0o600)
	sshKeygen(t, "-Y", "sign", "-q", "-f", lee, "-n", "git", other)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--signature", forged + ".sig"}, "not the role owner's key"},
		{[]string{"--signature", s + ".sig", "--statement-file", edited}, "is not the statement of this sign-off"},
		{[]string{"--signature", other + ".sig"}, "namespace \"git\""},
		{[]string{"--key", eve}, "is not the security owner's key"},
		{[]string{"--signature", s}, "does not end in .sig"},
	} {
		code, _, errs := runSignAt(t, db, pinned, append(signArgs, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "nothing recorded") && !strings.Contains(errs, ".sig") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
	if fileSum(t, db) != before {
		t.Fatal("a refused signature changed the database")
	}
	// The owner's own signature is recorded, once.
	code, out, errs := runSignAt(t, db, "2026-11-20T15:30:00Z", append(signArgs, "--signature", s+".sig")...)
	if code != 0 || !strings.Contains(out, "recorded: G3 security approve by Lee Park at 2026-11-20T15:04:05Z") || !strings.Contains(out, "signed with key SHA256:") {
		t.Fatalf("--signature: %d %q %s", code, out, errs)
	}
	if code, _, errs := runSignAt(t, db, pinned, append(signArgs, "--signature", s+".sig")...); code != 2 || !strings.Contains(errs, "already recorded") {
		t.Errorf("a replayed signature: exit %d %q; want 2, already recorded", code, errs)
	}
	// In process with the key file.
	if code, out, errs := runSignAt(t, db, pinned, append(signArgs, "--key", lee)...); code != 0 || !strings.Contains(out, "signed with key SHA256:") {
		t.Errorf("--key: %d %q %s", code, out, errs)
	}
}

// runSignAt is ringside with the clock at the RFC 3339 time at.
func runSignAt(t *testing.T, db, at string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	now, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code = runAt(func() time.Time { return now }, append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// The bundle verifies with ssh-keygen alone, and stops verifying when one
// byte of a statement changes.
func TestBundleVerifiesWithSSHKeygenAlone(t *testing.T) {
	dir, db, lee := signedDemo(t)
	if code, _, errs := runSignAt(t, db, pinned, append(signArgs, "--key", lee)...); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(dir, "evidence")
	code, _, errs := ringside(t, db, "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "bundle", "-o", out)
	if code != 0 {
		t.Fatalf("bundle: %d %s", code, errs)
	}
	md, _ := os.ReadFile(filepath.Join(out, "checklist.md"))
	if !strings.Contains(string(md), "**Lee Park** (security): approve at 2026-11-20T15:04:05Z; signed with SSH key SHA256:") {
		t.Errorf("checklist.md does not show the signed sign-off with its key:\n%s", md)
	}
	stmts, _ := filepath.Glob(filepath.Join(out, "*-security.txt"))
	if len(stmts) != 1 {
		t.Fatalf("want one security statement in the bundle, got %v", stmts)
	}
	verify := func(stmt string) error {
		f, err := os.Open(stmt)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", filepath.Join(out, "allowed_signers"), "-I", "Lee Park",
			"-n", "ringside-signoff", "-s", stmts[0]+".sig")
		cmd.Stdin = f
		b, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, b)
		}
		return nil
	}
	if err := verify(stmts[0]); err != nil {
		t.Fatalf("ssh-keygen -Y verify refused the bundle's statement: %v", err)
	}
	text, _ := os.ReadFile(stmts[0])
	changed := filepath.Join(dir, "changed.txt")
	os.WriteFile(changed, []byte(strings.Replace(string(text), "approve", "approvf", 1)), 0o600)
	if err := verify(changed); err == nil {
		t.Error("ssh-keygen -Y verify accepted a statement changed by one byte")
	}
}

// A gate that requires signed sign-offs counts an unsigned one as missing;
// requiring it of a role whose owner has no key is refused at its line.
func TestRequireSignedCountsAnUnsignedSignoffAsMissing(t *testing.T) {
	dir, db, lee := signedDemo(t)
	exported := filepath.Join(dir, "keyed-back.yaml")
	if code, _, errs := ringside(t, db, "export", "portfolio", "-o", exported); code != 0 {
		t.Fatal(errs)
	}
	y, _ := os.ReadFile(exported)
	at := strings.Index(string(y), "  - slug: claims-triage\n")
	g3 := strings.Index(string(y)[at:], "      G3:\n")
	if at < 0 || g3 < 0 {
		t.Fatal("the export has no claims-triage G3 plan")
	}
	cut := at + g3 + len("      G3:\n")
	with := func(roles string) string {
		f := filepath.Join(dir, "require-"+roles+".yaml")
		os.WriteFile(f, []byte(string(y)[:cut]+"        require_signed: ["+roles+"]\n"+string(y)[cut:]), 0o600)
		return f
	}
	before := fileSum(t, db)
	bad := with("security, legal")
	if code, _, errs := ringside(t, db, "apply", "-f", bad); code != 2 || !strings.Contains(errs, bad+":") || !strings.Contains(errs, "the legal owner has no SSH key") {
		t.Errorf("require_signed legal without a key: exit %d %q; want 2 naming FILE:LINE", code, errs)
	}
	if fileSum(t, db) != before {
		t.Fatal("a refused require_signed changed the database")
	}
	if code, out, errs := ringside(t, db, "apply", "-f", with("security")); code != 0 || !strings.Contains(out, "updated 1: claims-triage") {
		t.Fatalf("apply require_signed: %d %s %s", code, out, errs)
	}
	criterion := func() string {
		_, out, _ := ringside(t, db, "gate", "--pilot", "claims-triage", "--gate", "G3", "--json")
		i := strings.Index(out, `"id": "g3-security-approved"`)
		if i < 0 {
			t.Fatalf("no g3-security-approved criterion in\n%s", out)
		}
		return out[i : i+strings.Index(out[i:], "}")]
	}
	if code, _, errs := runSignAt(t, db, pinned, signArgs...); code != 0 {
		t.Fatal(errs)
	}
	if c := criterion(); !strings.Contains(c, `"status": "unknown"`) || !strings.Contains(c, "not signed with the owner's SSH key") {
		t.Errorf("an unsigned security approval on a gate requiring it signed counts: %s", c)
	}
	if code, _, errs := runSignAt(t, db, "2026-11-20T15:05:00Z", append(signArgs, "--key", lee)...); code != 0 {
		t.Fatal(errs)
	}
	if c := criterion(); !strings.Contains(c, `"status": "met"`) {
		t.Errorf("a signed security approval does not meet the criterion: %s", c)
	}
}

// --agent signs with the owner's key held by a real ssh-agent, and refuses
// when the agent holds only other keys.
func TestSignoffSignedThroughTheSSHAgent(t *testing.T) {
	dir, db, lee := signedDemo(t)
	short, err := os.MkdirTemp("", "ag") // a unix socket path must be short
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(short) })
	sock := filepath.Join(short, "s")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	add := func(key string) {
		cmd := exec.Command("ssh-add", "-q", key)
		cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ssh-add: %v %s", err, out)
		}
	}
	t.Setenv("SSH_AUTH_SOCK", sock)
	add(newKey(t, dir, "eve"))
	before := fileSum(t, db)
	if code, _, errs := runSignAt(t, db, pinned, append(signArgs, "--agent")...); code != 2 || !strings.Contains(errs, "holds no key of the security owner") {
		t.Errorf("--agent without the owner's key: exit %d %q; want 2", code, errs)
	}
	if fileSum(t, db) != before {
		t.Fatal("a refused --agent changed the database")
	}
	add(lee)
	if code, out, errs := runSignAt(t, db, pinned, append(signArgs, "--agent")...); code != 0 || !strings.Contains(out, "signed with key SHA256:") {
		t.Errorf("--agent: %d %q %s", code, out, errs)
	}
}

// verify re-checks every stored signature: a signed field edited with the
// sqlite3 CLI is named as a signature that no longer verifies.
func TestVerifyNamesASignedSignoffEditedBehindRingsidesBack(t *testing.T) {
	_, db, lee := signedDemo(t)
	if code, _, errs := runSignAt(t, db, pinned, append(signArgs, "--key", lee)...); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := ringside(t, db, "verify"); code != 0 {
		t.Fatalf("verify before the edit: %d %s %s", code, out, errs)
	}
	sqlite3(t, db, "UPDATE signoffs SET decision = 'reject' WHERE signature != '';")
	code, out, _ := ringside(t, db, "verify")
	if code != 1 || !strings.Contains(out, "SSH signature does not verify over the sign-off as stored") {
		t.Errorf("verify after editing a signed decision: exit %d\n%s\nwant 1 naming the signature", code, out)
	}
}

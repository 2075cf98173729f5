package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// signedBlock is the sign-off item of a portfolio export that carries a
// signature: from its "- gate:" line to the end of its signature block.
func signedBlock(t *testing.T, y string) (block string, sigLine int) {
	t.Helper()
	at := strings.Index(y, "signature: |")
	if at < 0 {
		t.Fatalf("the export carries no signature: |\n%s", y)
	}
	start := strings.LastIndex(y[:at], "- gate:")
	end := strings.Index(y[at:], "-----END SSH SIGNATURE-----\n")
	if start < 0 || end < 0 {
		t.Fatalf("no whole signed sign-off around the signature in\n%s", y[at-500:at+500])
	}
	return y[start : at+end+len("-----END SSH SIGNATURE-----\n")], strings.Count(y[:at], "\n") + 1
}

// withoutAnchor is an export without its leading # ringside-anchor line.
func withoutAnchor(t *testing.T, y string) string {
	t.Helper()
	first, rest, _ := strings.Cut(y, "\n")
	if !strings.HasPrefix(first, "# ringside-anchor seq=") {
		t.Fatalf("the export does not start with its anchor line: %q", first)
	}
	return rest
}

// A sign-off signed with the owner's key travels in the portfolio file:
// export writes its signature, apply into another database verifies it
// against the owner's key and records it as the person's own, signed, and
// the round trip holds byte for byte apart from the anchor line. One byte
// changed in the signature or in what was signed, or a signed sign-off
// whose owner has no key, is refused with FILE:LINE, exit 2, nothing written.
func TestSignedSignoffsTravelInPortfolioFiles(t *testing.T) {
	dir, db, lee := signedDemo(t)
	if code, _, errs := runSignAt(t, db, pinned, append(signArgs, "--key", lee)...); code != 0 {
		t.Fatal(errs)
	}
	export := func(db, name string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if code, _, errs := ringside(t, db, "export", "portfolio", "-o", path); code != 0 {
			t.Fatalf("export %s: %s", name, errs)
		}
		b, _ := os.ReadFile(path)
		return string(b)
	}
	a := export(db, "a.yaml")
	blockA, _ := signedBlock(t, a)
	if strings.Contains(blockA, "on_behalf") || strings.Contains(blockA, "entered_by") || !strings.Contains(blockA, "person: Lee Park") {
		t.Fatalf("the signed sign-off is not exported as Lee Park's own:\n%s", blockA)
	}

	// Into a fresh database: recorded signed, by the person, not on behalf.
	b1 := filepath.Join(dir, "b.db")
	code, out, errs := ringside(t, b1, "apply", "-f", filepath.Join(dir, "a.yaml"))
	if code != 0 || !strings.Contains(out, "1 signed sign-off(s) from the file verified against the role owner's SSH key (G3 security approve by Lee Park, SHA256:") {
		t.Fatalf("apply the signed export: %d %q %s", code, out, errs)
	}
	b := export(b1, "b.yaml")
	if blockB, _ := signedBlock(t, b); blockB != blockA {
		t.Errorf("the signed sign-off changed through export → apply → export:\n%s\nwant\n%s", blockB, blockA)
	}
	code, md, errs := ringside(t, b1, "export", "checklist", "--pilot", "claims-triage", "--gate", "G3", "--format", "md")
	if code != 0 || !strings.Contains(md, "**Lee Park** (security): approve at 2026-11-20T15:04:05Z; signed with SSH key SHA256:") {
		t.Errorf("the checklist of the applied file does not show Lee Park's signed sign-off: %d %s\n%s", code, errs, md)
	}
	if code, out, errs := ringside(t, b1, "verify"); code != 0 {
		t.Errorf("verify after applying the signed file: %d %s %s", code, out, errs)
	}
	// The second trip is byte-identical apart from the anchor line (the
	// first trip turns the demo's own unsigned sign-offs into sign-offs
	// entered on behalf by the applying actor, as for any file).
	c1 := filepath.Join(dir, "c.db")
	if code, _, errs := ringside(t, c1, "apply", "-f", filepath.Join(dir, "b.yaml")); code != 0 {
		t.Fatalf("apply b.yaml: %s", errs)
	}
	if c := export(c1, "c.yaml"); withoutAnchor(t, c) != withoutAnchor(t, b) {
		t.Errorf("export → apply → export is not byte-identical apart from the anchor line")
	}
	// Re-applying the export into the database it came from changes nothing.
	if code, out, errs := ringside(t, db, "apply", "-f", filepath.Join(dir, "a.yaml")); code != 0 || !strings.Contains(out, "unchanged 8") {
		t.Errorf("re-apply into the source database: %d %q %s", code, out, errs)
	}

	sigStart := strings.Index(a, "-----BEGIN SSH SIGNATURE-----\n") + len("-----BEGIN SSH SIGNATURE-----\n")
	endAt := strings.Index(a, "-----END SSH SIGNATURE-----")
	lastB64 := strings.LastIndex(a[:strings.LastIndex(a[:endAt], "\n")], "\n") + 1 // the last base64 line
	for lastB64 < len(a) && a[lastB64] == ' ' {
		lastB64++
	}
	if lastB64 <= sigStart {
		t.Fatal("cannot find the signature's last base64 line")
	}
	flip := func(c byte) string { // another base64 digit: the signature still parses, but no longer verifies
		if c == 'A' {
			return "B"
		}
		return "A"
	}
	pub, _ := os.ReadFile(lee + ".pub")
	keyed := "        key: " + strings.TrimSpace(string(pub)) + "\n"
	if !strings.Contains(a, keyed) {
		t.Fatal("the export does not carry Lee Park's key")
	}
	eveKey := newKey(t, dir, "eve")
	evePub, _ := os.ReadFile(eveKey + ".pub")
	for _, c := range []struct {
		name, file string
		want       string
	}{
		{"one byte of the signature", a[:lastB64] + flip(a[lastB64]) + a[lastB64+1:], "does not verify"},
		{"one byte of the meaning", strings.Replace(a, "meaning: Security controls verified\n", "meaning: Security controls verifiee\n", 1), "does not verify"},
		{"the owner without a key", strings.Replace(a, keyed, "", 1), "has no SSH key, in the file or the database"},
		{"someone else's name", strings.Replace(a, blockA, strings.Replace(blockA, "person: Lee Park", "person: Kim Weber", 1), 1), "it names Kim Weber, but the security owner is Lee Park"},
		{"another key in the file", strings.Replace(a, keyed, "        key: "+strings.TrimSpace(string(evePub))+"\n", 1), "not the role owner's key"},
	} {
		path := filepath.Join(dir, "bad.yaml")
		os.WriteFile(path, []byte(c.file), 0o600)
		fresh := filepath.Join(dir, "fresh-"+strings.ReplaceAll(c.name, " ", "-")+".db")
		if code, _, errs := ringside(t, fresh, "export", "portfolio"); code != 0 { // an empty database, to leave untouched
			t.Fatal(errs)
		}
		before := fileSum(t, fresh)
		_, sigLine := signedBlock(t, c.file)
		code, out, errs := ringside(t, fresh, "apply", "-f", path)
		if want := fmt.Sprintf("%s:%d: ", path, sigLine); code != 2 || !strings.Contains(errs, want) || !strings.Contains(errs, c.want) ||
			!strings.Contains(errs, "nothing was changed") {
			t.Errorf("%s: exit %d, stderr %q %q; want 2 naming %s and %q", c.name, code, errs, out, want, c.want)
		}
		if fileSum(t, fresh) != before {
			t.Errorf("%s: the refused file changed the database", c.name)
		}
	}
	// Into the database it came from, whose stored key the file cannot swap:
	// another key in the file is still checked against the stored one.
	before := fileSum(t, db)
	path := filepath.Join(dir, "swap.yaml")
	os.WriteFile(path, []byte(strings.Replace(strings.Replace(a, "meaning: Security controls verified\n", "meaning: Security controls verifiee\n", 1),
		keyed, "        key: "+strings.TrimSpace(string(evePub))+"\n", 1)), 0o600)
	if code, _, errs := ringside(t, db, "apply", "-f", path); code != 2 || !strings.Contains(errs, "the database's key") || !strings.Contains(errs, "apply the new key first") {
		t.Errorf("a file swapping the owner's key: exit %d %q; want 2, checked against the database's key", code, errs)
	}
	if fileSum(t, db) != before {
		t.Error("the refused file changed the source database")
	}
}

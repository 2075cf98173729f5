package exporters

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"ringside/model"
)

// SignatureKey is the SHA256:… fingerprint of the key an armored SSH
// signature was made with, as ssh-keygen -l shows it; "" when unsigned or
// not a signature.
func SignatureKey(armored string) string {
	if armored == "" {
		return ""
	}
	sig, err := sshsig.Unarmor([]byte(armored))
	if err != nil {
		return ""
	}
	return ssh.FingerprintSHA256(sig.PublicKey)
}

// BundleSignoff is one signed sign-off of a bundle: its statement (as
// model.SignoffStatement writes it) and the armored signature over it.
type BundleSignoff struct {
	Role, Person         string
	Statement, Signature string
}

// WriteBundle writes an auditor's evidence bundle into dir (created when
// missing): checklist.md, then for the n-th signed sign-off NN-role.txt
// (the statement) and NN-role.txt.sig (its signature), and allowed_signers
// naming each signer's key for the ringside-signoff namespace, so that
//
//	ssh-keygen -Y verify -f allowed_signers -I "Lee Park" -n ringside-signoff -s 01-security.txt.sig < 01-security.txt
//
// checks each without ringside. It returns the files written, in order.
func WriteBundle(dir string, c Checklist, signed []BundleSignoff) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %v", dir, err)
	}
	var files []string
	put := func(name, text string) error {
		path := filepath.Join(dir, name)
		files = append(files, path)
		return WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, text); return err })
	}
	if err := WriteFileAtomic(filepath.Join(dir, "checklist.md"), func(w io.Writer) error { return WriteChecklist(w, c, "md") }); err != nil {
		return nil, err
	}
	files = append(files, filepath.Join(dir, "checklist.md"))
	var allowed strings.Builder
	seen := map[string]bool{}
	for i, s := range signed {
		sig, err := sshsig.Unarmor([]byte(s.Signature))
		if err != nil {
			return nil, fmt.Errorf("the %s sign-off's signature does not parse: %v (run ringside verify)", s.Role, err)
		}
		if strings.ContainsAny(s.Person, "\"\\") || strings.IndexFunc(s.Person, model.UnsafeRune) >= 0 {
			return nil, fmt.Errorf("the %s signer's name %q cannot be an allowed_signers principal (a quote, backslash or control character)", s.Role, model.Line(s.Person))
		}
		base := fmt.Sprintf("%02d-%s.txt", i+1, s.Role)
		if err := put(base, s.Statement); err != nil {
			return nil, err
		}
		if err := put(base+".sig", strings.TrimSpace(s.Signature)+"\n"); err != nil {
			return nil, err
		}
		line := fmt.Sprintf("%q namespaces=%q %s", s.Person, model.SignoffNamespace, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sig.PublicKey))))
		if !seen[line] {
			seen[line] = true
			allowed.WriteString(line + "\n")
		}
	}
	if err := put("allowed_signers", allowed.String()); err != nil {
		return nil, err
	}
	return files, nil
}

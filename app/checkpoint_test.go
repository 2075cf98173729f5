package app

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// A public key line and an allowed_signers file read the same key; a
// namespaces= option without ringside-checkpoint leaves the key out.
func TestParseTrustedKeys(t *testing.T) {
	const pub = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl auditor@example"
	for _, tc := range []struct {
		name, text, want string // want: the key's name, or the error
	}{
		{"a .pub line", pub + "\n", "auditor@example"},
		{"allowed_signers", "# auditors\n\n\"Ana Auditor\" namespaces=\"ringside-checkpoint,git\" " + pub + "\n", "Ana Auditor"},
		{"allowed_signers with options", "ana cert-authority,namespaces=\"ringside-checkpoint\" " + pub, "ana"},
		{"another namespace", "ana namespaces=\"ringside-signoff\" " + pub, "limited to other namespaces"},
		{"not a key", "hello world\n", "line 1 holds no SSH public key"},
		{"bad base64", "ssh-ed25519 not-base64", "line 1: the key does not parse"},
		{"empty", "\n# nothing\n", "holds no SSH public key"},
	} {
		keys, err := ParseTrustedKeys([]byte(tc.text))
		got := ""
		if err != nil {
			got = err.Error()
		} else if len(keys) == 1 {
			got = keys[0].Name
			if ssh.FingerprintSHA256(keys[0].Key) == "" {
				t.Errorf("%s: no key", tc.name)
			}
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// ParseTrustedKeys reads any --key file without panicking: keys, or a KeyError.
func FuzzParseTrustedKeys(f *testing.F) {
	f.Add([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a\n"))
	f.Add([]byte("\"Lee Park\" namespaces=\"ringside-checkpoint\" ssh-ed25519 AAAA\n"))
	f.Add([]byte("a \"unterminated ssh-rsa x"))
	f.Fuzz(func(t *testing.T, text []byte) {
		keys, err := ParseTrustedKeys(text)
		if err == nil && len(keys) == 0 {
			t.Fatal("no keys and no error")
		}
		if _, ok := err.(*KeyError); err != nil && !ok {
			t.Fatalf("error %T, want *KeyError", err)
		}
	})
}

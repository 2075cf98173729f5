package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"ringside/model"
)

// Checkpoint writes a statement of the audit chain's head as it stands
// now (seq, hash, time, counts), signed with signer in the namespace
// ringside-checkpoint when signer is not nil: the armored signature
// follows the statement in the same text.
func (a *App) Checkpoint(ctx context.Context, now time.Time, signer ssh.Signer) (string, error) {
	seq, head, err := a.store.Head(ctx)
	if err != nil {
		return "", err
	}
	n, err := a.store.Counts(ctx)
	if err != nil {
		return "", err
	}
	stmt := model.CheckpointStatement(model.Checkpoint{Seq: seq, Head: head, At: now.UTC().Truncate(time.Second),
		Pilots: n.Pilots, Signoffs: n.Signoffs, Observations: n.Observations, AuditEntries: n.AuditEntries})
	if signer == nil {
		return stmt, nil
	}
	sig, err := sshsig.Sign(strings.NewReader(stmt), signer, sshsig.HashSHA512, model.CheckpointNamespace)
	if err != nil {
		return "", sigErr("signing the checkpoint failed: %v", err)
	}
	return stmt + string(sshsig.Armor(sig)), nil
}

// TrustedKey is a public key a checkpoint may be signed with, and who it
// is: the principal of an allowed_signers line, a .pub file's comment, or
// the pilot and role of an owner key in the database.
type TrustedKey struct {
	Key  ssh.PublicKey
	Name string
}

// KeyError is a --key file that holds no SSH public key ringside can use.
type KeyError struct{ Msg string }

func (e *KeyError) Error() string { return e.Msg }

// ParseTrustedKeys reads a public key file (the line of a .pub file, or
// several authorized_keys lines) or an allowed_signers file (ssh-keygen
// ALLOWED SIGNERS: principals, options, key). An allowed_signers line whose
// namespaces="…" leaves out ringside-checkpoint is not trusted for
// checkpoints, as ssh-keygen -Y verify would not. Lines starting with #
// and blank lines are skipped; a KeyError names the first line that holds
// no key, or says the file holds none for checkpoints.
func ParseTrustedKeys(text []byte) ([]TrustedKey, error) {
	var out []TrustedKey
	skipped := 0
	for i, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := splitQuoted(line)
		at := -1
		for j, f := range fields {
			if isKeyType(f) {
				at = j
				break
			}
		}
		if at < 0 || at+1 >= len(fields) {
			return nil, &KeyError{fmt.Sprintf("line %d holds no SSH public key (want \"ssh-ed25519 AAAA… comment\", or an allowed_signers line \"PRINCIPAL ssh-ed25519 AAAA…\")", i+1)}
		}
		pub, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.Join(fields[at:], " ")))
		if err != nil {
			return nil, &KeyError{fmt.Sprintf("line %d: the key does not parse: %v", i+1, err)}
		}
		name := comment
		if at > 0 { // allowed_signers: principals, then options
			name = strings.Trim(fields[0], `"`)
			if ns, ok := optionValue(fields[1:at], "namespaces"); ok && !slices.Contains(strings.Split(ns, ","), model.CheckpointNamespace) {
				skipped++
				continue
			}
		}
		out = append(out, TrustedKey{Key: pub, Name: name})
	}
	if len(out) == 0 {
		if skipped > 0 {
			return nil, &KeyError{fmt.Sprintf("its %d key(s) are each limited to other namespaces (namespaces=\"…\" without %s)", skipped, model.CheckpointNamespace)}
		}
		return nil, &KeyError{"it holds no SSH public key"}
	}
	return out, nil
}

// splitQuoted splits a line at spaces outside double quotes.
func splitQuoted(line string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case (r == ' ' || r == '\t') && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func isKeyType(f string) bool {
	return strings.HasPrefix(f, "ssh-") || strings.HasPrefix(f, "ecdsa-sha2-") || strings.HasPrefix(f, "sk-")
}

// optionValue finds name="value" among an allowed_signers line's
// comma-separated options.
func optionValue(fields []string, name string) (string, bool) {
	for _, f := range fields {
		for _, opt := range splitOptions(f) {
			if v, ok := strings.CutPrefix(opt, name+"="); ok {
				return strings.Trim(v, `"`), true
			}
		}
	}
	return "", false
}

// splitOptions splits options at commas outside double quotes.
func splitOptions(s string) []string {
	var out []string
	start, quoted := 0, false
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// OwnerKeys are the owner keys the database holds, each named by its
// pilot, role and person: what a checkpoint is checked against when
// verify is given no --key.
func (a *App) OwnerKeys(ctx context.Context) ([]TrustedKey, error) {
	pilots, err := a.store.Pilots(ctx)
	if err != nil {
		return nil, err
	}
	var out []TrustedKey
	for i := range pilots {
		p := &pilots[i]
		for _, role := range model.Roles {
			text := p.OwnerKeys[role]
			if text == "" {
				continue
			}
			pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(text))
			if err != nil {
				continue // verify's state check names a key changed behind ringside's back
			}
			out = append(out, TrustedKey{Key: pub, Name: fmt.Sprintf("%s, the %s owner of %s", model.Line(p.Owners[role]), role, p.Slug)})
		}
	}
	return out, nil
}

// CheckpointCheck is what VerifyCheckpoint found of a checkpoint's signature.
type CheckpointCheck struct {
	IsCheckpoint bool   // the text is a ringside checkpoint at all
	Signed       bool   // it carries a signature
	Fingerprint  string // the signing key's, when signed
	TrustedAs    string // the trusted key it verified against, by name; "" when none
	// Untrusted: the signature verifies over the statement, but with a
	// key not among those trusted (the error says so).
	Untrusted bool
}

// VerifyCheckpoint checks a checkpoint's signature, if it carries one, over
// its statement in the namespace ringside-checkpoint, and that the key it
// was made with is one of trusted. A SignatureError says why the
// checkpoint does not hold: its signature does not parse or does not
// verify (the checkpoint was edited after signing), or it was made with a
// key not in trusted (someone else's checkpoint: an attacker who rechained
// the log can sign a fresh one with their own key). An unsigned checkpoint
// is no error here: the caller decides whether it must be signed.
func VerifyCheckpoint(text []byte, trusted []TrustedKey) (CheckpointCheck, error) {
	stmt, armored, ok := model.SplitCheckpoint(string(text))
	if !ok {
		return CheckpointCheck{}, nil
	}
	c := CheckpointCheck{IsCheckpoint: true, Signed: armored != ""}
	if armored == "" {
		return c, nil
	}
	sig, err := sshsig.Unarmor([]byte(armored))
	if err != nil {
		return c, sigErr("the checkpoint's signature is not an SSH signature (-----BEGIN SSH SIGNATURE-----): %v; it was damaged or edited", err)
	}
	c.Fingerprint = ssh.FingerprintSHA256(sig.PublicKey)
	if sig.Namespace != model.CheckpointNamespace {
		return c, sigErr("the checkpoint's signature is in namespace %q, not %s", sig.Namespace, model.CheckpointNamespace)
	}
	if err := sshsig.Verify(strings.NewReader(stmt), sig, sig.PublicKey, sig.HashAlgorithm, model.CheckpointNamespace); err != nil {
		return c, sigErr("the checkpoint's signature does not verify over its statement (%v): the checkpoint was edited after it was signed", err)
	}
	for _, k := range trusted {
		if ssh.FingerprintSHA256(k.Key) == c.Fingerprint {
			c.TrustedAs = k.Name
			if c.TrustedAs == "" {
				c.TrustedAs = "the key given"
			}
			return c, nil
		}
	}
	c.Untrusted = true
	return c, sigErr("the checkpoint is signed with key %s, which is not a key you trust: not your checkpoint (a log rewritten and rechained can be given a fresh checkpoint signed with any key)", c.Fingerprint)
}

package app

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"ringside/exporters"
	"ringside/model"
	"ringside/store"
)

// SignWith says how a sign-off is signed with the role owner's SSH key.
// Exactly one of StatementOnly, Signer and Statement is used.
type SignWith struct {
	// StatementOnly builds the statement (Signed.Statement) for signing
	// away from ringside and records nothing: Sign returns ErrStatementOnly.
	StatementOnly bool
	// Signer signs the statement in process (an unencrypted key file or
	// the ssh-agent); it must be the role owner's key.
	Signer ssh.Signer
	// Agent are the keys of the running ssh-agent: the one that is the
	// role owner's signs in process.
	Agent []ssh.Signer
	// Statement and Signature are a statement written by StatementOnly and
	// its armored SSHSIG made away from ringside (ssh-keygen -Y sign). The
	// sign-off is recorded at the statement's time, and only if the
	// statement is the one the sign-off states now and the signature
	// verifies against the role owner's key.
	Statement, Signature []byte
}

// ErrStatementOnly ends a Sign asked only for its statement: nothing was recorded.
var ErrStatementOnly = errors.New("statement only: nothing recorded")

// SignatureError is a sign-off refused because it cannot be signed or its
// signature does not verify; nothing is recorded.
type SignatureError struct{ Msg string }

func (e *SignatureError) Error() string { return e.Msg }

func sigErr(format string, args ...any) error { return &SignatureError{fmt.Sprintf(format, args...)} }

// OwnerKey parses the role owner's public key; a SignatureError when the
// pilot gives the role's owner none.
func OwnerKey(p *model.Pilot, role model.Role) (ssh.PublicKey, error) {
	text := p.OwnerKeys[role]
	if text == "" {
		return nil, sigErr("pilot %s gives the %s owner no SSH key: add it to the portfolio file (owners: {%s: {name: %s, key: \"ssh-ed25519 AAAA…\"}}) and apply it",
			p.Slug, role, role, model.Line(p.Owners[role]))
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		return nil, sigErr("pilot %s: the %s owner's key does not parse: %v", p.Slug, role, err)
	}
	return pub, nil
}

// Fingerprint is a public key's SHA256:… fingerprint, as ssh-keygen -l shows it.
func Fingerprint(pub ssh.PublicKey) string { return ssh.FingerprintSHA256(pub) }

// SignatureFingerprint is the fingerprint of the key an armored signature
// was made with; "" when it does not parse.
func SignatureFingerprint(armored string) string { return exporters.SignatureKey(armored) }

// VerifySignoff checks a recorded sign-off's signature against the role
// owner's key over the statement rebuilt from the sign-off.
func VerifySignoff(p *model.Pilot, so model.Signoff) error {
	pub, err := OwnerKey(p, so.Role)
	if err != nil {
		return err
	}
	stmt, err := model.SignoffStatement(p.Slug, so)
	if err != nil {
		return sigErr("%v", err)
	}
	return verifyStatement([]byte(stmt), []byte(so.Signature), pub)
}

// VerifyFileSignoff checks the SSH signature a sign-off read from a
// portfolio file carries, over the statement rebuilt from the file's
// fields, against key (the role owner's, authorized_keys form); it returns
// the key's fingerprint. apply's check (store.SignatureCheck).
func VerifyFileSignoff(slug string, so model.Signoff, key string) (string, error) {
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
	if err != nil {
		return "", sigErr("the %s owner's key does not parse: %v", so.Role, err)
	}
	stmt, err := model.SignoffStatement(slug, so)
	if err != nil {
		return "", sigErr("%v", err)
	}
	if err := verifyStatement([]byte(stmt), []byte(so.Signature), pub); err != nil {
		return "", err
	}
	return ssh.FingerprintSHA256(pub), nil
}

func verifyStatement(stmt, armored []byte, pub ssh.PublicKey) error {
	sig, err := sshsig.Unarmor(armored)
	if err != nil {
		return sigErr("the signature is not an SSH signature (-----BEGIN SSH SIGNATURE-----): %v", err)
	}
	if got, want := ssh.FingerprintSHA256(sig.PublicKey), ssh.FingerprintSHA256(pub); got != want {
		return sigErr("the signature was made with key %s, not the role owner's key %s", got, want)
	}
	if sig.Namespace != model.SignoffNamespace {
		return sigErr("the signature is in namespace %q: sign with -n %s", sig.Namespace, model.SignoffNamespace)
	}
	if err := sshsig.Verify(bytes.NewReader(stmt), sig, pub, sig.HashAlgorithm, model.SignoffNamespace); err != nil {
		return sigErr("the signature does not verify over the statement (%v): the statement was changed after signing, or another file was signed", err)
	}
	return nil
}

// attest signs or verifies so per w; it returns the statement.
func attest(p *model.Pilot, so *model.Signoff, w *SignWith, now time.Time) (string, error) {
	if so.OnBehalf {
		return "", sigErr("a signed sign-off is the role owner's own: %s signs as %s, not %s (leave out --as)",
			model.Line(p.Owners[so.Role]), so.Role, model.Line(so.Person))
	}
	pub, err := OwnerKey(p, so.Role)
	if err != nil && !w.StatementOnly {
		return "", err
	}
	if w.Statement != nil {
		at, err := model.StatementTime(string(w.Statement))
		if err != nil {
			return "", sigErr("%v", err)
		}
		if at.After(now) {
			return "", sigErr("the statement's time %s is later than now (%s)", at.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		so.At = at
	}
	stmt, err := model.SignoffStatement(p.Slug, *so)
	if err != nil {
		return "", sigErr("%v", err)
	}
	if w.Agent != nil {
		for _, s := range w.Agent {
			if ssh.FingerprintSHA256(s.PublicKey()) == ssh.FingerprintSHA256(pub) {
				w.Signer = s
			}
		}
		if w.Signer == nil {
			return "", sigErr("the ssh-agent holds no key of the %s owner (%s): ssh-add it, or sign with --key FILE", so.Role, ssh.FingerprintSHA256(pub))
		}
	}
	switch {
	case w.StatementOnly:
		return stmt, nil
	case w.Signer != nil:
		if got, want := ssh.FingerprintSHA256(w.Signer.PublicKey()), ssh.FingerprintSHA256(pub); got != want {
			return "", sigErr("the key %s is not the %s owner's key %s", got, so.Role, want)
		}
		sig, err := sshsig.Sign(strings.NewReader(stmt), w.Signer, sshsig.HashSHA512, model.SignoffNamespace)
		if err != nil {
			return "", sigErr("signing failed: %v", err)
		}
		so.Signature = string(sshsig.Armor(sig))
	default:
		if !bytes.Equal(w.Statement, []byte(stmt)) {
			return "", sigErr("the statement file is not the statement of this sign-off now; it states:\n%s\nwhile this sign-off states:\n%s(the checklist, the flags or the owner changed since): write a new one with --statement and sign that",
				model.Printable(string(w.Statement), true), model.Printable(stmt, true))
		}
		if err := verifyStatement(w.Statement, w.Signature, pub); err != nil {
			return "", err
		}
		so.Signature = strings.TrimSpace(string(w.Signature)) + "\n"
		for _, old := range p.Signoffs {
			if old.Signature == so.Signature {
				return "", sigErr("this signature is already recorded (%s %s at %s): a signature is attached once", old.Gate, old.Role, old.At.UTC().Format(time.RFC3339))
			}
		}
	}
	return stmt, nil
}

// SignatureFindings re-verifies every signed sign-off of pilots over the
// statement rebuilt from what is stored now, with the key the signature
// names: a signed field changed behind ringside's back (or a signature
// swapped) is a finding. It returns the findings and how many it checked.
func SignatureFindings(pilots []model.Pilot) (findings []store.Finding, checked int) {
	for i := range pilots {
		p := &pilots[i]
		for _, so := range p.Signoffs {
			if so.Signature == "" {
				continue
			}
			checked++
			entity := fmt.Sprintf("pilot %s sign-off %s %s at %s", p.Slug, so.Gate, so.Role, so.At.UTC().Format(time.RFC3339))
			stmt, err := model.SignoffStatement(p.Slug, so)
			if err != nil {
				findings = append(findings, store.Finding{Entity: entity, Problem: err.Error()})
				continue
			}
			sig, err := sshsig.Unarmor([]byte(so.Signature))
			if err != nil {
				findings = append(findings, store.Finding{Entity: entity, Problem: "its signature does not parse: " + err.Error()})
				continue
			}
			if err := verifyStatement([]byte(stmt), []byte(so.Signature), sig.PublicKey); err != nil {
				findings = append(findings, store.Finding{Entity: entity, Problem: "its SSH signature does not verify over the sign-off as stored: " + err.Error()})
			}
		}
	}
	return findings, checked
}

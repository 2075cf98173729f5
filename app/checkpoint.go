package app

import (
	"context"
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

// VerifyCheckpoint checks a checkpoint file's signature, if it carries one,
// over its statement in the namespace ringside-checkpoint with the key the
// signature names. It returns that key's fingerprint ("" when unsigned)
// and whether the text is a checkpoint at all; a SignatureError when the
// signature does not parse or does not verify (the statement was edited).
func VerifyCheckpoint(text []byte) (fingerprint string, isCheckpoint bool, err error) {
	stmt, armored, ok := model.SplitCheckpoint(string(text))
	if !ok {
		return "", false, nil
	}
	if armored == "" {
		return "", true, nil
	}
	sig, err := sshsig.Unarmor([]byte(armored))
	if err != nil {
		return "", true, sigErr("the checkpoint's signature is not an SSH signature (-----BEGIN SSH SIGNATURE-----): %v", err)
	}
	if sig.Namespace != model.CheckpointNamespace {
		return "", true, sigErr("the checkpoint's signature is in namespace %q, not %s", sig.Namespace, model.CheckpointNamespace)
	}
	if err := sshsig.Verify(strings.NewReader(stmt), sig, sig.PublicKey, sig.HashAlgorithm, model.CheckpointNamespace); err != nil {
		return "", true, sigErr("the checkpoint's signature does not verify over its statement (%v): the checkpoint was edited after it was signed", err)
	}
	return ssh.FingerprintSHA256(sig.PublicKey), true, nil
}

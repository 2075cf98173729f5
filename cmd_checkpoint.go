package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
)

type checkpointOptions struct {
	App *cli
	key string
	out string
}

func newCmdCheckpoint(a *cli, runF func(*checkpointOptions) error) *cobra.Command {
	opts := &checkpointOptions{App: a}
	cmd := &cobra.Command{
		Use:   "checkpoint",
		Short: "Write a statement of the audit chain's head (seq, hash, time, counts), signed with --key, for verify --anchor",
		Long: "Write a statement of the audit chain's head: the newest entry's sequence number and hash, the time, and\n" +
			"how many pilots, sign-offs, observations and audit entries the database holds. Keep it outside the\n" +
			"database; later `ringside verify --anchor FILE` proves the log still holds that entry unchanged and\n" +
			"reaches past it. With --key the statement is signed (namespace ringside-checkpoint), so an edited\n" +
			"checkpoint is refused and a rechained log cannot match it. See docs/audit.md.",
		Example: "  ringside checkpoint -o checkpoint.txt\n  ringside checkpoint --key ~/.ssh/id_ed25519 -o checkpoint.txt\n  ringside verify --anchor checkpoint.txt",
		Args:    noArgs("checkpoint", ""),
		RunE:    func(*cobra.Command, []string) error { return runWith(runF, checkpointRun, opts) },
	}
	cmd.Flags().StringVar(&opts.key, "key", "", "sign the checkpoint with this unencrypted SSH private key")
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

func checkpointRun(o *checkpointOptions) error {
	a := o.App
	var signer ssh.Signer
	if o.key != "" {
		var err error
		if signer, err = readPrivateKey("checkpoint", o.key, "give a key without a passphrase, or write the checkpoint without --key"); err != nil {
			return err
		}
	}
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	text, err := ap.Checkpoint(context.Background(), a.now(), signer)
	if err != nil {
		return err
	}
	return writeOutput(a, o.out, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

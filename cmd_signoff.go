package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"

	"ringside/app"
	"ringside/model"
	"ringside/store"
)

type signoffOptions struct {
	App              *cli
	pilot            string
	gate             model.GateID
	role             model.Role
	decision         model.Decision
	meaning, comment string
	// SSH signing: --statement prints the statement and records
	// nothing; --signature FILE.sig attaches a signature made away from
	// ringside over --statement-file (default FILE without .sig); --key
	// signs in process.
	statement              bool
	sigFile, stmtFile, key string
	agent                  bool
	agentConn              io.Closer
}

func newCmdSignoff(a *cli, runF func(*signoffOptions) error) *cobra.Command {
	opts := &signoffOptions{App: a}
	var gate, role, decision string
	cmd := &cobra.Command{
		Use:   "signoff --pilot SLUG --gate ID --role ROLE --decision D --meaning TEXT",
		Short: "Record a sign-off as the --as person (or the role's named owner)",
		Long: "Record a sign-off of a gate as the --as person, or as the role's named owner. The sign-off binds the\n" +
			"gate's checklist as it stands now: when the checklist changes afterwards, the sign-off shows as stale.",
		Example: "  ringside signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning \"Security controls verified\"\n" +
			"  # signed with the owner's SSH key, in process or away from ringside:\n" +
			"  ringside signoff ... --key ~/.ssh/id_ed25519\n" +
			"  ringside signoff ... --statement > s.txt && ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n ringside-signoff s.txt\n" +
			"  ringside signoff ... --signature s.txt.sig",
		Args: noArgs("signoff", ""),
		RunE: func(*cobra.Command, []string) error {
			if err := refuseAsOf(a, "signoff"); err != nil {
				return err
			}
			id, err := checkGateArgs("signoff", opts.pilot, gate)
			if err != nil {
				return err
			}
			if err := model.OneOf("role", model.Role(role), model.Roles); err != nil {
				return usageErr("signoff: %v", err)
			}
			if err := model.OneOf("decision", model.Decision(decision), model.Decisions); err != nil {
				return usageErr("signoff: %v", err)
			}
			if strings.TrimSpace(opts.meaning) == "" {
				return usageErr("signoff: say what the signature attests with --meaning TEXT, e.g. --meaning \"Security controls verified\"")
			}
			ways := 0
			for _, on := range []bool{opts.statement, opts.sigFile != "", opts.key != "", opts.agent} {
				if on {
					ways++
				}
			}
			if ways > 1 {
				return usageErr("signoff: give one of --statement, --signature FILE, --key FILE and --agent")
			}
			if opts.stmtFile != "" && opts.sigFile == "" {
				return usageErr("signoff: --statement-file goes with --signature FILE.sig")
			}
			opts.gate, opts.role, opts.decision = id, model.Role(role), model.Decision(decision)
			return runWith(runF, signoffRun, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pilot, "pilot", "", "pilot slug")
	f.StringVar(&gate, "gate", "", "gate: G1, G2, G3, G4, G5 or PRG")
	f.StringVar(&role, "role", "", "role signing: "+joinRoles())
	f.StringVar(&decision, "decision", "", "approve, reject or abstain")
	f.StringVar(&opts.meaning, "meaning", "", "what the signature attests (required)")
	f.StringVar(&opts.comment, "comment", "", "optional comment")
	f.BoolVar(&opts.statement, "statement", false, "print the statement to sign (ssh-keygen -Y sign -n ringside-signoff) and record nothing")
	f.StringVar(&opts.sigFile, "signature", "", "record the sign-off signed by this SSH signature (FILE.sig from ssh-keygen -Y sign)")
	f.StringVar(&opts.stmtFile, "statement-file", "", "the statement --signature signs (default: the signature's path without .sig)")
	f.StringVar(&opts.key, "key", "", "sign with this unencrypted SSH private key (the role owner's)")
	f.BoolVar(&opts.agent, "agent", false, "sign with the role owner's key held by the running ssh-agent (SSH_AUTH_SOCK)")
	completePilotFlag(a, cmd, "pilot")
	completeGateFlag(cmd, "gate")
	completeStatic(cmd, "role", roleNames()...)
	completeStatic(cmd, "decision", "approve", "reject", "abstain")
	return cmd
}

func signoffRun(o *signoffOptions) error {
	a := o.App
	ap, err := a.openApp()
	if err != nil {
		return err
	}
	defer ap.Close()
	req := app.SignRequest{Actor: a.actor, Origin: app.OriginCLI, Pilot: o.pilot, Gate: o.gate, Role: o.role, Decision: o.decision,
		Meaning: o.meaning, Comment: o.comment, AsOf: a.asOf}
	if a.asExplicit {
		req.Person = a.actor // --as signs, on behalf unless it names the role's owner
	}
	if req.With, err = o.signWith(); err != nil {
		return err
	}
	if o.agentConn != nil {
		defer o.agentConn.Close()
	}
	// app.Sign judges the gate inside the write that records the sign-off,
	// binds that checklist's hash and marks a signature on behalf, as the
	// cockpit's review does.
	signed, err := ap.Sign(context.Background(), req)
	var se *app.SignError
	var sige *app.SignatureError
	switch {
	case errors.Is(err, app.ErrStatementOnly):
		_, err := io.WriteString(a.stdout, signed.Statement)
		return err
	case errors.As(err, &sige):
		return usageErr("signoff: %v; nothing recorded", err)
	case errors.Is(err, app.ErrNoSigner):
		return usageErr("signoff: pilot %s names nobody as %s; sign with --as NAME (recorded as signed on behalf), or name an owner in the portfolio file", o.pilot, o.role)
	case errors.As(err, &se):
		return usageErr("signoff: %v", err)
	case errors.Is(err, store.ErrNotFound):
		return badInput(err)
	case err != nil:
		return err
	}
	so := signed.Signoff
	behalf := ""
	if so.OnBehalf {
		behalf = " (on behalf: not the role's named owner)"
	}
	fmt.Fprintf(a.stdout, "recorded: %s %s %s by %s%s at %s\nsigned checklist %s\n", o.gate, so.Role, so.Decision,
		model.Line(so.Person), behalf, so.At.Format(time.RFC3339), so.ChecklistHash)
	if so.Signature != "" {
		fmt.Fprintf(a.stdout, "signed with key %s\n", app.SignatureFingerprint(so.Signature))
	}
	return nil
}

// signWith reads the signing flags; nil when the sign-off is unsigned.
func (o *signoffOptions) signWith() (*app.SignWith, error) {
	switch {
	case o.statement:
		return &app.SignWith{StatementOnly: true}, nil
	case o.agent:
		ag, err := app.DialAgent(os.Getenv("SSH_AUTH_SOCK"))
		if err != nil {
			return nil, usageErr("signoff: --agent: %v: start one and ssh-add your key, or sign with --key FILE", err)
		}
		o.agentConn = ag // closed after the sign-off is signed
		return ag.With(), nil
	case o.key != "":
		signer, err := readPrivateKey("signoff", o.key, "sign away from ringside with --statement and ssh-keygen -Y sign, then --signature")
		if err != nil {
			return nil, err
		}
		return &app.SignWith{Signer: signer}, nil
	case o.sigFile != "":
		stmtFile := o.stmtFile
		if stmtFile == "" {
			var ok bool
			if stmtFile, ok = strings.CutSuffix(o.sigFile, ".sig"); !ok {
				return nil, usageErr("signoff: --signature %s does not end in .sig: name the signed statement with --statement-file FILE", model.Line(o.sigFile))
			}
		}
		sig, err := os.ReadFile(o.sigFile)
		if err != nil {
			return nil, usageErr("signoff: --signature: %v", err)
		}
		stmt, err := os.ReadFile(stmtFile)
		if err != nil {
			return nil, usageErr("signoff: the signed statement: %v (name it with --statement-file FILE)", err)
		}
		return &app.SignWith{Statement: stmt, Signature: sig}, nil
	}
	return nil, nil
}
func joinRoles() string { return strings.Join(roleNames(), ", ") }

func roleNames() []string {
	var names []string
	for _, r := range model.Roles {
		names = append(names, string(r))
	}
	return names
}

// readPrivateKey reads an unencrypted SSH private key for --key; a key
// protected by a passphrase is refused (exit 2) saying what to do instead.
func readPrivateKey(command, file, instead string) (ssh.Signer, error) {
	path := expandHome(file)
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("%s: --key: %v", command, err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, usageErr("%s: --key %s is protected by a passphrase: %s", command, model.Line(path), instead)
	}
	if err != nil {
		return nil, usageErr("%s: --key %s is not an SSH private key: %v", command, model.Line(path), err)
	}
	return signer, nil
}

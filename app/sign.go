package app

import (
	"context"
	"errors"
	"fmt"

	"ringside/model"
	"ringside/model/gates"
	"ringside/store"
)

// SignRequest is one sign-off to record.
type SignRequest struct {
	Actor    string // who records it, for the audit log
	Origin   Origin // where it was recorded: cli or cockpit
	Pilot    string
	Gate     model.GateID
	Role     model.Role
	Decision model.Decision
	Meaning  string // what the signature attests
	Comment  string
	// Person signs; "" means the role's named owner (ErrNoSigner when the
	// pilot names nobody for the role).
	Person string
	// AsOf is the day the gate is judged as of: the checklist signed.
	AsOf model.Date
	// Where is said in the audit summary after the sign-off, e.g. "in the
	// review"; "" says nothing.
	Where string
	// Attest, when set, runs on the sign-off once it is bound to the
	// checklist and before it is written, inside the same transaction,
	// with the readiness it binds: the place to sign the sign-off's
	// canonical statement (an SSH signature, say). An error records nothing.
	Attest func(so *model.Signoff, r gates.Readiness) error
	// With, when set, signs the sign-off's statement with the role owner's
	// SSH key, or verifies a signature made away from ringside
	// (sshsign.go); nil records it unsigned.
	With *SignWith
}

// Signed is a recorded sign-off and the checklist it binds.
type Signed struct {
	Signoff   model.Signoff
	Readiness gates.Readiness // the gate as judged when signed, inside the write
	Pilot     model.Pilot     // the pilot as stored after it
	Statement string          // the signed statement; "" when unsigned
}

// ErrNoSigner is a sign-off without a person for a role the pilot names
// nobody for.
var ErrNoSigner = errors.New("the pilot names nobody for this role")

// SignError is a sign-off refused for what it says (not by the database).
type SignError struct{ Err error }

func (e *SignError) Error() string { return e.Err.Error() }
func (e *SignError) Unwrap() error { return e.Err }

// Sign records a sign-off. The gate is judged inside the write transaction
// that records the sign-off, so the checklist hash it binds is the
// checklist as it stands when written: another writer cannot change the
// pilot, its observations or its waivers in between.
func (a *App) Sign(ctx context.Context, req SignRequest) (Signed, error) {
	var out Signed
	p, err := a.store.UpdatePilotReading(ctx, Change{Actor: req.Actor, Action: model.ActionSignoff, Origin: req.Origin}, req.Pilot, func(rd store.Reader, p *model.Pilot) (string, error) {
		in, err := inputFor(ctx, rd, p, req.AsOf)
		if err != nil {
			return "", err
		}
		r, err := judgeGate(in, req.Gate)
		if err != nil {
			return "", &SignError{err}
		}
		person := req.Person
		if person == "" {
			if person = p.Owners[req.Role]; person == "" {
				return "", fmt.Errorf("pilot %s: %w (%s)", p.Slug, ErrNoSigner, req.Role)
			}
		}
		so, err := gates.Sign(p, r, req.Role, req.Decision, req.Meaning, req.Comment, person, a.now())
		if err != nil {
			return "", &SignError{err}
		}
		if req.Attest != nil {
			if err := req.Attest(&so, r); err != nil {
				return "", err
			}
		}
		if req.With != nil {
			stmt, err := attest(p, &so, req.With, a.now())
			if err != nil {
				return "", err
			}
			out.Statement = stmt
			if req.With.StatementOnly {
				out.Signoff, out.Readiness = so, r
				return "", ErrStatementOnly
			}
		}
		p.Signoffs = append(p.Signoffs, so)
		out.Signoff, out.Readiness = so, r
		summary := fmt.Sprintf("%s %s %s: %s (%s)", so.Gate, so.Role, so.Decision, so.Person, so.Meaning)
		if so.Signature != "" {
			summary += " signed with " + SignatureFingerprint(so.Signature)
		}
		if req.Where != "" {
			summary += " " + req.Where
		}
		return summary, nil
	})
	out.Pilot = p
	return out, err
}

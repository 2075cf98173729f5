package store

import "ringside/model"

// Origin says where a change came from, recorded on its audit entry (and
// part of its hash: see entryHash): triage reads it instead of matching
// summaries, and an auditor can tell a file's changes from a person's.
type Origin string

// The origins of a change.
const (
	OriginFile    Origin = "file"    // a portfolio or metrics file (apply -f, import FILE, the cockpit's import)
	OriginDemo    Origin = "demo"    // the demo portfolio and its metrics (ringside demo)
	OriginCockpit Origin = "cockpit" // an edit made in the cockpit
	OriginCLI     Origin = "cli"     // a command typed on the command line (signoff, review, ring, flag)
)

// Change is who makes a change, how the audit log names it and where it
// came from: what every write API takes in place of adjacent strings.
type Change struct {
	Actor   string
	Action  string // one of the model.Action… constants
	Summary string // one line for people; "" when the store words it
	Origin  Origin
	// Override lets the change move rings outside the change calendar,
	// for its reason (audited as a calendar.override entry); nil for none.
	Override *Override
	// Signatures verifies the SSH signature a sign-off in a portfolio
	// file carries (ApplyPortfolio); nil refuses every signed sign-off.
	Signatures SignatureCheck
}

// SignatureCheck verifies so's SSH signature over its statement (pilot
// slug, so's fields) against key, the role owner's public key in
// authorized_keys form, and returns that key's fingerprint.
type SignatureCheck func(slug string, so model.Signoff, key string) (fingerprint string, err error)

// entry is the audit entry of c about pilot's entity; the caller adds
// what changed (Before, After).
func (c Change) entry(pilot, entity string) AuditEntry {
	return AuditEntry{Actor: c.Actor, Action: c.Action, Pilot: pilot, Entity: entity, Summary: c.Summary, Origin: c.Origin}
}

// as is c under another action and summary, keeping who and where from.
func (c Change) as(action, summary string) Change {
	c.Action, c.Summary = action, summary
	return c
}

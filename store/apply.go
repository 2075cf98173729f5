package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"ringside/model"
	"ringside/model/gates"
)

// ApplyResult says what apply did with each pilot of a file.
type ApplyResult struct {
	Created, Updated, Unchanged []string
	// Notes says, per pilot, what the file told that apply recorded only as
	// told (sign-offs entered on someone's behalf, reviews added) or kept
	// (a stage the file would move without a gate decision).
	Notes     []string
	Rollbacks []RingRollback // rings the file rolled back
	// Sources names the saved import sources after the file, when it
	// changed them (empty, not nil, when it cleared them).
	Sources []string
}

// RingRollback is a ring an apply rolled back, with its flags to turn off.
type RingRollback struct {
	Pilot string
	Plan  model.RollbackPlan
}

// ApplyPilots creates or updates pilots by slug in one transaction: either
// every pilot of the file lands or none does. The file is the truth for a
// pilot's definition; sign-offs and reviews already recorded are kept (a
// file cannot unsign anything), and a locked hypothesis changes only with a
// reason, keeping the old text as a revision.
func (s *Store) ApplyPilots(ctx context.Context, actor string, pilots []model.Pilot) (ApplyResult, error) {
	return s.ApplyPilotsFrom(ctx, Change{Actor: actor, Origin: OriginFile}, "a portfolio file", pilots)
}

// DemoSource is the source the demo loader applies from (with origin
// demo, which says its entries are not activity on a pilot: LastActivity).
const DemoSource = "the demo portfolio"

// ApplyPilotsFrom is ApplyPilots by c (its actor, origin and override),
// with the source named in the audit log.
func (s *Store) ApplyPilotsFrom(ctx context.Context, c Change, source string, pilots []model.Pilot) (ApplyResult, error) {
	return s.ApplyPortfolio(ctx, c, source, model.Portfolio{Pilots: pilots})
}

// ApplyPortfolio is ApplyPilotsFrom for a whole file: the portfolio's
// change calendar (when the file has one) lands in the same transaction.
// Ring moves are checked against the calendar as stored before the file
// (store/windows.go); a pilot created by the file records its rings as
// they stand, which is not a move. c's action and summary are the
// store's to word, per pilot.
func (s *Store) ApplyPortfolio(ctx context.Context, c Change, source string, pf model.Portfolio) (ApplyResult, error) {
	return s.ApplyPortfolioEach(ctx, c, source, pf, func(fn func(model.Pilot) error) error {
		for _, p := range pf.Pilots {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	})
}

// ApplyPortfolioEach is ApplyPortfolio for pilots that come one at a
// time: each calls its fn with every pilot of the file in order, and
// returns fn's first error (or its own) without going on. pf gives the
// calendar and the sources; its Pilots are not read. Each pilot is
// applied as it comes and dropped, so memory holds one pilot whatever the
// file's size; the transaction still lands all of them or none, and an
// error from each (a problem found in the file after some pilots) rolls
// back what came before. The statements run prepared once each
// (stmtTx), the same for every pilot.
func (s *Store) ApplyPortfolioEach(ctx context.Context, c Change, source string, pf model.Portfolio, each func(fn func(model.Pilot) error) error) (ApplyResult, error) {
	var res ApplyResult
	err := s.tx(ctx, func(sqlTx *sql.Tx) error {
		tx := newStmtTx(sqlTx)
		defer tx.Close()
		now := s.Now()
		if err := each(func(in model.Pilot) error { return s.applyPilot(ctx, tx, c, source, now, in, &res) }); err != nil {
			return err
		}
		changed, err := s.applySources(ctx, sqlTx, c, source, pf.Sources) // saved import profiles
		if err != nil {
			return err
		}
		if changed {
			res.Sources = make([]string, 0, len(pf.Sources))
			for _, src := range model.CanonicalSources(pf.Sources) {
				res.Sources = append(res.Sources, src.Name)
			}
		}
		return s.applyCalendar(ctx, sqlTx, c, source, pf.Calendar) // change windows
	})
	return res, err
}

// applyPilot creates or updates one pilot of a file inside tx, with its
// audit entry, and says what it did in res.
func (s *Store) applyPilot(ctx context.Context, tx execer, c Change, source string, now time.Time, in model.Pilot, res *ApplyResult) error {
	actor := c.Actor
	// A pilot new to the database costs one lookup, not a whole load's
	// dozen queries that find nothing.
	var old model.Pilot
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM pilots WHERE slug = ?", in.Slug).Scan(&id)
	exists := err == nil
	if err == nil {
		old, err = loadPilot(ctx, tx, in.Slug)
	} else if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return err
	}
	// The demo portfolio is ringside's own; any other file's sign-offs
	// and reviews are history told by the file (see recordFromFile).
	trusted := c.Origin == OriginDemo
	next := Normalize(in)
	var notes []string
	var signed map[string]string // the file's verified signatures → key fingerprint
	if !trusted {
		if signed, err = checkFileSignatures(old, in, c.Signatures); err != nil {
			return err
		}
	}
	if !exists && !trusted {
		next, notes, err = recordFromFile(model.Pilot{Slug: in.Slug}, next, actor, now, signed)
		if err != nil {
			return err
		}
	}
	if exists {
		next, err = mergeApplied(old, in, actor, now)
		if err != nil {
			return err
		}
		if !trusted {
			if next, notes, err = recordFromFile(old, next, actor, now, signed); err != nil {
				return err
			}
		}
		if reflect.DeepEqual(old, next) {
			res.Unchanged = append(res.Unchanged, in.Slug)
			if len(notes) > 0 {
				res.Notes = append(res.Notes, in.Slug+": "+strings.Join(notes, "; "))
			}
			return nil
		}
		if err := s.checkMoves(ctx, tx, c, old, next); err != nil { // change windows
			return err
		}
	}
	if err := writePilot(ctx, tx, next, now); err != nil {
		return fmt.Errorf("pilot %s: %w", in.Slug, err)
	}
	e := c.entry(in.Slug, "pilot")
	if exists {
		e.Action, e.Summary = model.ActionPilotUpdate, "updated "+in.Slug+" from "+source
		e.Summary += rollbackSummary(&old, &next) // the flags to turn off
		for _, ring := range model.RolledBackRings(&old, &next) {
			res.Rollbacks = append(res.Rollbacks, RingRollback{in.Slug, model.RollbackPlanFor(&next, ring)})
		}
		e.Before = pilotJSON(old)
		res.Updated = append(res.Updated, in.Slug)
	} else {
		e.Action, e.Summary = model.ActionPilotCreate, "created "+in.Slug+" from "+source
		res.Created = append(res.Created, in.Slug)
	}
	if len(notes) > 0 { // sign-offs, reviews and stage moves the file told
		e.Summary += "; " + strings.Join(notes, "; ")
		res.Notes = append(res.Notes, in.Slug+": "+strings.Join(notes, "; "))
	}
	e.After = pilotJSON(next)
	if exists { // only what changed (auditdiff.go)
		e.Before, e.After = pilotDiff(e.Before, e.After)
	}
	_, err = s.appendAudit(ctx, tx, e)
	return err
}

// keepLock applies the problem-definition lock to an edit of a hypothesis,
// the same for a portfolio file and a form: history lives in the database
// and the edit cannot rewrite it; a locked text changes only with a reason,
// its old text becoming a revision by actor; a lock is never lifted. ok is
// false when a locked text changes without a reason.
func keepLock(old model.Hypothesis, next *model.Hypothesis, actor string, now time.Time) (ok bool) {
	next.Revisions = old.Revisions
	if old.Locked && next.Text != old.Text {
		if strings.TrimSpace(next.Reason) == "" {
			return false
		}
		next.Revisions = append(append([]model.HypothesisRevision(nil), old.Revisions...),
			model.HypothesisRevision{Text: old.Text, Reason: next.Reason, By: actor, At: now.UTC()})
	}
	if old.Locked {
		next.Locked = true
	}
	return true
}

// mergeApplied combines the stored pilot with the one read from a file.
func mergeApplied(old, in model.Pilot, actor string, now time.Time) (model.Pilot, error) {
	next := in // the reason is read before Normalize drops it
	if !keepLock(old.Hypothesis, &next.Hypothesis, actor, now) {
		return Normalize(next), fmt.Errorf("pilot %s: the hypothesis is locked; to change it, give a reason (hypothesis: {text: …, locked: true, reason: …}), and the old text is kept as a revision", in.Slug)
	}
	next.Signoffs = mergeSignoffs(old.Signoffs, next.Signoffs)
	next.Reviews = mergeReviews(old.Reviews, next.Reviews)
	return Normalize(next), nil
}

func mergeSignoffs(old, in []model.Signoff) []model.Signoff {
	type key struct {
		gate model.GateID
		role model.Role
		at   int64
	}
	seen := map[key]bool{}
	out := append([]model.Signoff(nil), old...)
	for _, s := range old {
		seen[key{s.Gate, s.Role, s.At.Unix()}] = true
	}
	for _, s := range in {
		if !seen[key{s.Gate, s.Role, s.At.Unix()}] {
			out = append(out, s)
		}
	}
	return out
}

func mergeReviews(old, in []model.GateReview) []model.GateReview {
	type key struct {
		gate model.GateID
		day  model.Date
	}
	byKey := map[key]int{}
	out := append([]model.GateReview(nil), old...)
	for i, r := range out {
		byKey[key{r.Gate, r.Date}] = i
	}
	for _, r := range in {
		if _, ok := byKey[key{r.Gate, r.Date}]; !ok { // a recorded review is never rewritten by a file
			out = append(out, r)
		}
	}
	return out
}

func pilotJSON(p model.Pilot) string {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Sprintf("%q", err.Error())
	}
	return string(b)
}

// UpdatePilot loads a pilot, lets change edit it, and writes it back with
// one audit entry holding the pilot before and after, all in one
// transaction. Every single-pilot edit (a sign-off, a review, a ring status
// change) goes through here, so each is atomic and audited the same way.
func (s *Store) UpdatePilot(ctx context.Context, c Change, slug string, change func(p *model.Pilot) error) (model.Pilot, error) {
	_, next, err := s.updatePilot(ctx, c, slug, func(_ Reader, p *model.Pilot) (string, error) { return c.Summary, change(p) })
	return next, err
}

// UpdatePilotReading is UpdatePilot whose change also gets a Reader on the
// write transaction itself, and words the audit summary once it knows
// what it did: what it reads to judge the change (the pilot's series, the
// audit head) is what stands when the change is written, since the
// transaction holds the write lock from its start. The summary change
// returns replaces c's.
func (s *Store) UpdatePilotReading(ctx context.Context, c Change, slug string, change func(r Reader, p *model.Pilot) (summary string, err error)) (model.Pilot, error) {
	_, next, err := s.updatePilot(ctx, c, slug, change)
	return next, err
}

// updatePilot is UpdatePilotReading that also returns the pilot as it
// stood before the change, read in the same transaction.
func (s *Store) updatePilot(ctx context.Context, c Change, slug string, change func(r Reader, p *model.Pilot) (string, error)) (old, next model.Pilot, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		old, err = loadPilot(ctx, tx, slug)
		if err != nil {
			return err
		}
		next, err = loadPilot(ctx, tx, slug) // a separate copy: change may mutate slices
		if err != nil {
			return err
		}
		summary, err := change(Reader{q: tx}, &next)
		if err != nil {
			return err
		}
		if next.Slug != slug {
			return fmt.Errorf("a pilot's slug cannot change (%s → %s)", slug, next.Slug)
		}
		next = Normalize(next)
		if reflect.DeepEqual(old, next) {
			return nil
		}
		if err := s.checkMoves(ctx, tx, c, old, next); err != nil { // change windows
			return err
		}
		if err := writePilot(ctx, tx, next, s.Now()); err != nil {
			return err
		}
		summary += rollbackSummary(&old, &next) // the flags to turn off
		e := c.entry(slug, "pilot")
		e.Summary = summary
		e.Before, e.After = pilotDiff(pilotJSON(old), pilotJSON(next)) // only what changed (auditdiff.go)
		_, err = s.appendAudit(ctx, tx, e)
		return err
	})
	return old, next, err
}

// recordFromFile applies the history rules (history is append-only) to what a portfolio file
// says about history, for a pilot as stored (old; only its slug when new)
// and as the file would make it (next, already merged):
//
//   - Sign-offs and reviews recorded in the database are kept whatever the
//     file says (mergeApplied already keeps them); an older file cannot
//     revert a later review.
//   - A sign-off only the file has is recorded as entered by the applying
//     actor on behalf of the person it names: a line in a file is no
//     signature, whatever its on_behalf says. Only one that carries an SSH
//     signature verified against the role owner's key (signed, from
//     checkFileSignatures) is recorded as the person's own, signed.
//   - A review only the file has is added, but a go or conditional over a
//     reject of its gate (as the sign-offs stood that day) is refused.
//   - The stage of a stored pilot moves only through a recorded gate
//     decision (ringside review, the cockpit): the file's stage is kept
//     only when it stops the pilot.
//
// notes say what was recorded so, for the audit summary and the output.
func recordFromFile(old, next model.Pilot, actor string, now time.Time, signed map[string]string) (model.Pilot, []string, error) {
	var notes []string
	stored := map[string]bool{}
	key := func(s model.Signoff) string {
		return string(s.Gate) + "|" + string(s.Role) + "|" + s.Person + "|" + string(s.Decision) + "|" + s.At.UTC().Format(time.RFC3339)
	}
	for _, s := range old.Signoffs {
		stored[key(s)] = true
	}
	var entered, verified []string
	for i := range next.Signoffs {
		s := &next.Signoffs[i]
		if stored[key(*s)] {
			continue
		}
		if fp, ok := signed[s.Signature]; ok && s.Signature != "" {
			s.OnBehalf, s.EnteredBy = false, "" // the person's own act, proven by their key
			verified = append(verified, fmt.Sprintf("%s %s %s by %s, %s", s.Gate, s.Role, s.Decision, s.Person, fp))
			continue
		}
		s.Signature = "" // never reached: checkFileSignatures verified every one
		s.OnBehalf = true
		if s.EnteredBy == "" || s.EnteredBy == s.Person {
			s.EnteredBy = actor
		}
		entered = append(entered, fmt.Sprintf("%s %s %s by %s", s.Gate, s.Role, s.Decision, s.Person))
	}
	if len(entered) > 0 {
		notes = append(notes, fmt.Sprintf("%d sign-off(s) from the file entered by %s on behalf of the person named (%s)", len(entered), actor, strings.Join(entered, ", ")))
	}
	if len(verified) > 0 {
		notes = append(notes, fmt.Sprintf("%d signed sign-off(s) from the file verified against the role owner's SSH key (%s)", len(verified), strings.Join(verified, "; ")))
	}
	storedReview := map[string]bool{}
	for _, r := range old.Reviews {
		storedReview[string(r.Gate)+"|"+r.Date.String()] = true
	}
	for _, r := range next.Reviews {
		if storedReview[string(r.Gate)+"|"+r.Date.String()] {
			continue
		}
		if err := gates.DecisionBlocked(&next, r.Gate, r.Decision, r.Date); err != nil {
			return next, nil, fmt.Errorf("pilot %s: the file's %s review of %s decides %w", next.Slug, r.Gate, r.Date, err)
		}
		notes = append(notes, fmt.Sprintf("%s review of %s (%s) added from the file", r.Gate, r.Date, orDash(string(r.Decision))))
	}
	if old.Stage != "" && next.Stage != old.Stage {
		if next.Stage == model.StageStopped {
			notes = append(notes, fmt.Sprintf("stage %s → stopped", old.Stage))
		} else {
			notes = append(notes, fmt.Sprintf("stage kept at %s: the file says %s, and a stage moves only through a recorded gate decision (ringside review)", old.Stage, next.Stage))
			next.Stage, next.StageSince = old.Stage, old.StageSince
		}
	}
	return Normalize(next), notes, nil
}

// SignatureRefused is a signed sign-off in a portfolio file that cannot be
// recorded as signed: its signature does not verify against the role
// owner's key, the owner has no key, or it names someone else. Nothing is
// written; Signature finds its line in the file (model.Portfolio.SignatureLines).
type SignatureRefused struct {
	Pilot     string
	Signoff   model.Signoff
	Signature string // as read from the file
	Msg       string
}

func (e *SignatureRefused) Error() string {
	return fmt.Sprintf("pilot %s: the signed %s %s sign-off of %s at %s: %s", e.Pilot, e.Signoff.Gate, e.Signoff.Role,
		model.Line(e.Signoff.Person), e.Signoff.At.UTC().Format(time.RFC3339), e.Msg)
}

// checkFileSignatures verifies every SSH signature the file's pilot (in)
// carries on a sign-off, against the role owner's key: the key stored in
// the database when it holds one (a file cannot swap the key it is
// checked against), else the file's. It returns each verified signature's
// key fingerprint. The statement is rebuilt from the file's own fields, so
// one byte changed in any of them, or in the signature, is refused.
func checkFileSignatures(old, in model.Pilot, check SignatureCheck) (map[string]string, error) {
	var out map[string]string
	for _, s := range in.Signoffs {
		if s.Signature == "" {
			continue
		}
		refuse := func(format string, args ...any) error {
			return &SignatureRefused{Pilot: in.Slug, Signoff: s, Signature: s.Signature, Msg: fmt.Sprintf(format, args...)}
		}
		const unsigned = "or leave signature: out to record it as entered on the person's behalf"
		owner := in.Owners[s.Role]
		if owner == "" {
			return nil, refuse("the file names nobody as %s: a signed sign-off is the role owner's own; name the owner with their key (owners: {%s: {name: …, key: \"ssh-ed25519 …\"}}), %s", s.Role, s.Role, unsigned)
		}
		if s.Person != owner {
			return nil, refuse("it names %s, but the %s owner is %s: a signed sign-off is the role owner's own; %s", model.Line(s.Person), s.Role, model.Line(owner), unsigned)
		}
		key, from := old.OwnerKeys[s.Role], "the database's"
		if key == "" {
			key, from = in.OwnerKeys[s.Role], "the file's"
		}
		if key == "" {
			return nil, refuse("the %s owner %s has no SSH key, in the file or the database: add it (owners: {%s: {name: %s, key: \"ssh-ed25519 …\"}}), %s", s.Role, model.Line(owner), s.Role, model.Line(owner), unsigned)
		}
		if check == nil {
			return nil, refuse("signatures are not checked here: apply the file with ringside apply")
		}
		fp, err := check(in.Slug, s, key)
		if err != nil {
			msg := fmt.Sprintf("it does not verify against %s key of the %s owner: %v; ", from, s.Role, err)
			if from == "the database's" && in.OwnerKeys[s.Role] != "" && in.OwnerKeys[s.Role] != key {
				msg += "the file also changes that key: apply the new key first without the sign-off, then the sign-off; "
			}
			return nil, refuse("%ssign the statement again (ringside signoff … --statement, ssh-keygen -Y sign -n %s), %s", msg, model.SignoffNamespace, unsigned)
		}
		if out == nil {
			out = map[string]string{}
		}
		out[s.Signature] = fp
	}
	return out, nil
}

func orDash(s string) string {
	if s == "" {
		return "no decision yet"
	}
	return s
}

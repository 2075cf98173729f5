package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ringside/model"
)

// ErrBadFlagChange is wrapped by every refusal of SetFlag that the caller
// can fix (unknown flag or ring, bad state, no reason).
var ErrBadFlagChange = errors.New("bad flag change")

// FlagChange is what SetFlag did.
type FlagChange struct {
	Before, After model.FlagState // Before is "" when the ring had no state recorded
	Changed       bool
}

// FlagSet is one flag state to record in one ring, and why.
type FlagSet struct {
	Pilot, Flag, Ring string
	State             model.FlagState
	Reason            string
}

// ErrFlagReason is a flag change without a reason; it wraps
// ErrBadFlagChange. How to give one is the front end's to say.
var ErrFlagReason = fmt.Errorf("%w: a flag change needs a reason", ErrBadFlagChange)

// SetFlag records that an operator set a flag's state in a ring, with the
// reason, as one audited change of the pilot by c (its action and summary
// are the store's). ringside calls no flag service: it records what was
// done. Setting the state a flag already has changes nothing and writes no
// audit entry.
func (s *Store) SetFlag(ctx context.Context, c Change, f FlagSet) (FlagChange, error) {
	fcs, _, _, err := s.SetFlags(ctx, c, f.Pilot, f.Ring, []string{f.Flag}, f.State, f.Reason)
	if len(fcs) == 0 {
		return FlagChange{}, err
	}
	return fcs[0], err
}

// SetFlags is SetFlag for several flags of one ring at once (the cockpit's
// flag form, a ring rolled back): one transaction, one audit entry, the
// pilot before and after returned for an undo. Setting every flag to the
// state it has writes nothing.
func (s *Store) SetFlags(ctx context.Context, c Change, slug, ring string, keys []string, state model.FlagState, reason string) (fcs []FlagChange, before, after model.Pilot, err error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadFlagChange, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(reason) == "" {
		return nil, before, after, ErrFlagReason
	}
	if err := model.OneOf("flag state", state, model.FlagStates); err != nil {
		return nil, before, after, bad("%v", err)
	}
	if len(keys) == 0 {
		return nil, before, after, bad("name at least one flag to set")
	}
	word := "flag"
	if len(keys) > 1 {
		word = "flags"
	}
	c = c.as(model.ActionFlagSet, fmt.Sprintf("%s %s in ring %s set %s: %s", word, strings.Join(keys, ", "), ring, state, reason))
	before, after, err = s.EditPilot(ctx, c, slug, func(p *model.Pilot) error {
		fcs = fcs[:0]
		if _, ok := p.Ring(ring); !ok {
			return bad("pilot %s has no ring %q: use one of %s", slug, ring, ringList(p))
		}
	keys:
		for _, key := range keys {
			for i := range p.Flags {
				fl := &p.Flags[i]
				if fl.Key != key {
					continue
				}
				fc := FlagChange{Before: fl.States[ring], After: state}
				fc.Changed = fc.Before != state
				fcs = append(fcs, fc)
				if fl.States == nil {
					fl.States = map[string]model.FlagState{}
				}
				fl.States[ring] = state
				continue keys
			}
			return bad("pilot %s has no flag %q: add it under flags: in the portfolio file (known: %s)", slug, key, flagList(p))
		}
		return nil
	})
	return fcs, before, after, err
}

func ringList(p *model.Pilot) string {
	names := make([]string, len(p.Rings))
	for i, r := range p.Rings {
		names[i] = r.Name
	}
	if len(names) == 0 {
		return "(no rings defined)"
	}
	return strings.Join(names, ", ")
}

func flagList(p *model.Pilot) string {
	keys := make([]string, len(p.Flags))
	for i, f := range p.Flags {
		keys[i] = f.Key
	}
	if len(keys) == 0 {
		return "none yet"
	}
	return strings.Join(keys, ", ")
}

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

// SetFlag records that an operator set a flag's state in a ring, with the
// reason, as one audited change of the pilot. ringside calls no flag
// service: it records what was done. Setting the state a flag already has
// changes nothing and writes no audit entry.
func (s *Store) SetFlag(ctx context.Context, actor, slug, key, ring string, state model.FlagState, reason string) (FlagChange, error) {
	var fc FlagChange
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadFlagChange, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(reason) == "" {
		return fc, bad("a flag change needs a reason (--reason TEXT): say why, e.g. \"canary FCR trigger fired\"")
	}
	if err := model.OneOf("flag state", state, model.FlagStates); err != nil {
		return fc, bad("%v", err)
	}
	summary := fmt.Sprintf("flag %s in ring %s set %s: %s", key, ring, state, reason)
	_, err := s.UpdatePilot(ctx, actor, slug, model.ActionFlagSet, summary, func(p *model.Pilot) error {
		if _, ok := p.Ring(ring); !ok {
			return bad("pilot %s has no ring %q: use one of %s", slug, ring, ringList(p))
		}
		for i := range p.Flags {
			f := &p.Flags[i]
			if f.Key != key {
				continue
			}
			fc.Before, fc.After = f.States[ring], state
			fc.Changed = fc.Before != state
			if f.States == nil {
				f.States = map[string]model.FlagState{}
			}
			f.States[ring] = state
			return nil
		}
		return bad("pilot %s has no flag %q: add it under flags: in the portfolio file (known: %s)", slug, key, flagList(p))
	})
	return fc, err
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

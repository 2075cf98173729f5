package gates

import (
	"fmt"
	"strings"
	"time"

	"ringside/model"
)

// Sign builds a sign-off of a gate's checklist as it stands in r: bound to
// r's checklist hash, stamped at (to the second, UTC), and marked on behalf
// when person is not the role's named owner. The CLI's `ringside signoff`
// and the cockpit's review both record signatures through it, so a
// signature means the same wherever it was captured.
func Sign(p *model.Pilot, r Readiness, role model.Role, decision model.Decision, meaning, comment, person string, at time.Time) (model.Signoff, error) {
	if p == nil {
		return model.Signoff{}, fmt.Errorf("no pilot to sign for: load the pilot first")
	}
	if err := model.OneOf("gate", model.GateID(r.Gate), model.GateIDs); err != nil {
		return model.Signoff{}, err
	}
	if err := model.OneOf("role", role, model.Roles); err != nil {
		return model.Signoff{}, err
	}
	if err := model.OneOf("decision", decision, model.Decisions); err != nil {
		return model.Signoff{}, err
	}
	if strings.TrimSpace(meaning) == "" {
		return model.Signoff{}, fmt.Errorf("say what the signature attests (its meaning), e.g. \"Security controls verified\"")
	}
	if strings.TrimSpace(person) == "" {
		return model.Signoff{}, fmt.Errorf("name the person signing as %s", role)
	}
	owner := p.Owners[role]
	return model.Signoff{Gate: model.GateID(r.Gate), Role: role, Person: person, Decision: decision, Meaning: meaning,
		Comment: comment, At: at.UTC().Truncate(time.Second), ChecklistHash: r.ChecklistHash,
		OnBehalf: owner == "" || owner != person}, nil
}

// Package triage classifies pilots against the four ways pilots fail
// (abandoned, zombie, cost trap, governance gap), each flag carrying the
// evidence that raised it. It takes facts other engines computed, so it
// stays decoupled from them; it is pure, standard library only.
package triage

import (
	"ringside/model"
	"ringside/model/payback"
)

// The kinds of flag, as the JSON and the screens spell them.
const (
	KindAbandoned     = "abandoned"
	KindZombie        = "zombie"
	KindCostTrap      = "cost_trap"
	KindGovernanceGap = "governance_gap"
)

// DefaultAbandonedDays is how long a pilot may go without any activity
// before it counts as abandoned.
const DefaultAbandonedDays = 30

// KPIFact is one KPI's standing in a ring.
type KPIFact struct {
	Key, Ring   string
	Improvement *float64 // against baseline, as a fraction, + = better; nil = no data or no baseline
	Critical    bool
	// Status is the ring-health verdict (pass, warn, fail, nodata; "" when
	// not known). A KPI with fresh data but no baseline has no Improvement,
	// yet it has data: it is judged on its target.
	Status string
	Target string // the KPI's target criterion, for the evidence
}

// hasData reports whether the KPI has fresh data in the ring.
func (k KPIFact) hasData() bool {
	return k.Improvement != nil || k.Status != "" && k.Status != "nodata"
}

// Facts are what triage needs to know about one pilot.
type Facts struct {
	Pilot        *model.Pilot
	AsOf         model.Date
	LastActivity model.Date // last change, import, review or sign-off
	KPIs         []KPIFact  // for the most advanced active ring
	Payback      *payback.Result
	// Guards are the production-readiness (PRG) criteria of the dimensions
	// that guard access, the audit trail, data boundaries and rollback, as
	// judged now; a governance gap is exposure beyond the pilot ring while
	// one of them is not met.
	Guards []Guard
}

// Guard is one criterion of a guarding PRG dimension and its standing.
type Guard struct {
	Dimension string // e.g. "security and access control"
	Kind      string // criterion kind: signoff, risk, runbook, manual, nfr…
	Text      string // what the criterion asks, e.g. "Security approved"
	Status    string // met, unmet, waived or unknown, as the gate engine says, or GuardStale
	Evidence  string
}

// GuardStale is the status of a guarding sign-off given against a
// checklist that has changed since: given, to be renewed, not missing.
const GuardStale = "stale"

// Missing reports whether the guard is not in place: judged unmet, or a
// sign-off not given. A manual check nobody has ticked yet is a question
// for the gate review, not evidence that a control is missing.
func (g Guard) Missing() bool {
	return g.Status == "unmet" || g.Status == "unknown" && g.Kind == string(model.KindSignoff)
}

// Flag is one way a pilot is failing, with the sentences that show it.
type Flag struct {
	Kind     string   `json:"kind"`
	Evidence []string `json:"evidence"`
}

// Options tune the classification.
type Options struct {
	AbandonedDays int // days without activity; 0 or less means DefaultAbandonedDays
	// MinImprovement is the smallest improvement (a fraction) that counts as
	// one for the zombie test; 0 or less means DefaultMinImprovement. A KPI
	// one percent off its baseline is noise, not a result.
	MinImprovement float64
}

// DefaultMinImprovement: a KPI must be at least 2 % better than its
// baseline before a rolled-out pilot counts as delivering.
const DefaultMinImprovement = 0.02

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
	Improvement *float64 // against baseline, as a fraction, + = better; nil = no data
	Critical    bool
}

// Facts are what triage needs to know about one pilot.
type Facts struct {
	Pilot        *model.Pilot
	AsOf         model.Date
	LastActivity model.Date // last change, import, review or sign-off
	KPIs         []KPIFact  // for the most advanced active ring
	Payback      *payback.Result
	// MissingSignoffs are the required sign-offs missing for the next
	// gate, e.g. "G3 security".
	MissingSignoffs []string
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

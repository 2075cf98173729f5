package model

import (
	"fmt"
	"strings"
)

// Stage is where a pilot stands on the staircase from idea to production.
type Stage string

const (
	StageIdea       Stage = "idea"
	StageMVP        Stage = "mvp"
	StagePilot      Stage = "pilot"
	StageHardening  Stage = "hardening"
	StageRollout    Stage = "rollout"
	StageProduction Stage = "production"
	StageStopped    Stage = "stopped"
)

// Stages lists every stage in staircase order.
var Stages = []Stage{StageIdea, StageMVP, StagePilot, StageHardening, StageRollout, StageProduction, StageStopped}

// Role is an owner role a pilot names a person for.
type Role string

const (
	RoleProductOwner   Role = "product_owner"
	RoleITServiceOwner Role = "it_service_owner"
	RoleSupport        Role = "support"
	RoleSecurity       Role = "security"
	RoleAdoptionLead   Role = "adoption_lead"
	RoleLegal          Role = "legal"
)

// Roles lists every owner role in display order.
var Roles = []Role{RoleProductOwner, RoleITServiceOwner, RoleSupport, RoleSecurity, RoleAdoptionLead, RoleLegal}

// RingStatus is the lifecycle state of a ring.
type RingStatus string

const (
	RingPlanned    RingStatus = "planned"
	RingActive     RingStatus = "active"
	RingPaused     RingStatus = "paused"
	RingRolledBack RingStatus = "rolled_back"
	RingComplete   RingStatus = "complete"
)

var RingStatuses = []RingStatus{RingPlanned, RingActive, RingPaused, RingRolledBack, RingComplete}

// MoveOffered says whether a ring at status from is offered a move to
// to: never to where it already is, and a planned ring only to active (a
// ring that never started has nothing to pause, roll back or complete).
func MoveOffered(from, to RingStatus) bool {
	if from == to {
		return false
	}
	return from != RingPlanned || to == RingActive
}

// Better says which direction of a KPI is an improvement.
type Better string

const (
	BetterLower  Better = "lower"
	BetterHigher Better = "higher"
)

var Betters = []Better{BetterLower, BetterHigher}

// RiskCategory classifies a risk.
type RiskCategory string

var RiskCategories = []RiskCategory{"operational", "compliance", "security", "privacy", "reputational", "model", "financial"}

// RiskStatus is where a risk stands in its treatment.
type RiskStatus string

const (
	RiskOpen       RiskStatus = "open"
	RiskMitigating RiskStatus = "mitigating"
	RiskAccepted   RiskStatus = "accepted"
	RiskClosed     RiskStatus = "closed"
)

var RiskStatuses = []RiskStatus{RiskOpen, RiskMitigating, RiskAccepted, RiskClosed}

// RunbookKind classifies a runbook.
type RunbookKind string

const (
	RunbookIncident   RunbookKind = "incident"
	RunbookRollback   RunbookKind = "rollback"
	RunbookSupportSOP RunbookKind = "support_sop"
	RunbookKnowledge  RunbookKind = "knowledge"
)

var RunbookKinds = []RunbookKind{RunbookIncident, RunbookRollback, RunbookSupportSOP, RunbookKnowledge}

// DrillOutcome is how a practice run of a runbook went.
type DrillOutcome string

const (
	DrillSuccess DrillOutcome = "success"
	DrillPartial DrillOutcome = "partial"
	DrillFailed  DrillOutcome = "failed"
)

var DrillOutcomes = []DrillOutcome{DrillSuccess, DrillPartial, DrillFailed}

// GateID names a gate: the staircase gates G1–G5 and the production-readiness gate.
type GateID string

const (
	GateG1  GateID = "G1"
	GateG2  GateID = "G2"
	GateG3  GateID = "G3"
	GateG4  GateID = "G4"
	GateG5  GateID = "G5"
	GatePRG GateID = "PRG"
)

var GateIDs = []GateID{GateG1, GateG2, GateG3, GateG4, GateG5, GatePRG}

// CriterionKind is what a gate criterion checks.
type CriterionKind string

const (
	KindKPI     CriterionKind = "kpi"
	KindSignoff CriterionKind = "signoff"
	KindRisk    CriterionKind = "risk"
	KindRunbook CriterionKind = "runbook"
	KindManual  CriterionKind = "manual"
	KindNFR     CriterionKind = "nfr" // every NFR of some categories verified or waived
)

var CriterionKinds = []CriterionKind{KindKPI, KindSignoff, KindRisk, KindRunbook, KindManual, KindNFR}

// Decision is what a person decided when signing off.
type Decision string

const (
	DecisionApprove Decision = "approve"
	DecisionReject  Decision = "reject"
	DecisionAbstain Decision = "abstain"
)

var Decisions = []Decision{DecisionApprove, DecisionReject, DecisionAbstain}

// ReviewDecision is the outcome of a gate review meeting (Stage-Gate's vocabulary).
type ReviewDecision string

const (
	ReviewGo          ReviewDecision = "go"
	ReviewConditional ReviewDecision = "conditional"
	ReviewHold        ReviewDecision = "hold"
	ReviewRecycle     ReviewDecision = "recycle"
	ReviewKill        ReviewDecision = "kill"
)

var ReviewDecisions = []ReviewDecision{ReviewGo, ReviewConditional, ReviewHold, ReviewRecycle, ReviewKill}

// OneOf checks that v is one of allowed and otherwise returns an error that
// lists what is allowed, e.g. `unknown stage "beta": use one of idea, mvp, …`.
func OneOf[T ~string](what string, v T, allowed []T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fmt.Errorf("unknown %s %q: use one of %s", what, string(v), strings.Join(names, ", "))
}

// StageIndex returns the position of s on the staircase, or -1.
func StageIndex(s Stage) int {
	for i, x := range Stages {
		if x == s {
			return i
		}
	}
	return -1
}

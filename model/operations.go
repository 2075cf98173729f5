package model

// Rollout operations: feature flags per ring, SLOs on KPIs,
// non-functional requirements, the 30/60/90-day plan and the
// post-implementation review. ringside records what operators agreed and
// did; it calls no flag service and no monitoring system.

// FlagState is whether a feature flag is on or off in a ring.
type FlagState string

const (
	FlagOn  FlagState = "on"
	FlagOff FlagState = "off"
)

var FlagStates = []FlagState{FlagOn, FlagOff}

// Flag is a feature flag that gates one of the pilot's capabilities.
type Flag struct {
	Key         string
	Description string
	Owner       string
	Runbook     string               // title of the runbook that turns it off
	States      map[string]FlagState // ring name → state; a ring left out has no state recorded
}

// KPISLO makes a KPI a service-level objective: Objective percent of the
// events counted by Total must be counted by Good too, over a rolling
// period. Good and Total are metric keys of imported daily counts.
// Zero fields take model/slo's defaults.
type KPISLO struct {
	Good       string
	Total      string
	Objective  float64 // percent, strictly between 0 and 100
	PeriodDays int     // default 28
	ShortDays  int     // default 1
	LongDays   int     // default 7
	FastBurn   float64 // default 14.4 × period ÷ 30
	SlowBurn   float64 // default 6 × period ÷ 30
}

// NFRCategory groups non-functional requirements.
type NFRCategory string

const (
	NFRSecurity       NFRCategory = "security"
	NFRPrivacy        NFRCategory = "privacy"
	NFRPerformance    NFRCategory = "performance"
	NFRAvailability   NFRCategory = "availability"
	NFRSupportability NFRCategory = "supportability"
	NFRDataBoundaries NFRCategory = "data_boundaries"
)

var NFRCategories = []NFRCategory{NFRSecurity, NFRPrivacy, NFRPerformance, NFRAvailability, NFRSupportability, NFRDataBoundaries}

// NFRStatus is where a non-functional requirement stands.
type NFRStatus string

const (
	NFROpen     NFRStatus = "open"
	NFRVerified NFRStatus = "verified"
	NFRFailed   NFRStatus = "failed"
	NFRWaived   NFRStatus = "waived"
)

var NFRStatuses = []NFRStatus{NFROpen, NFRVerified, NFRFailed, NFRWaived}

// NFR is a non-functional requirement, how it is verified and with what evidence.
type NFR struct {
	Category     NFRCategory
	Requirement  string
	Verification string // how it is verified (pen test, load test, DPIA, …)
	Evidence     string
	Status       NFRStatus
}

// Settled reports whether the NFR no longer holds a gate back.
func (n NFR) Settled() bool { return n.Status == NFRVerified || n.Status == NFRWaived }

// Milestone is one step of the pilot's 30/60/90-day plan.
type Milestone struct {
	What   string
	Owner  string
	Due    Date
	Done   Date // zero while not done
	Bucket int  // 30, 60 or 90 (days); 0 when free-standing
}

// PlanBuckets are the buckets a milestone may name.
var PlanBuckets = []int{30, 60, 90}

// PostImplementationReview is the look back after G5: what worked, what
// to tune, and the follow-up actions, which join the pilot's action list.
type PostImplementationReview struct {
	Date    Date
	Worked  []string
	Tune    []string
	Actions []ActionItem
}

// Period is the SLO's rolling period in days, defaulted.
func (s KPISLO) Period() int {
	if s.PeriodDays > 0 {
		return s.PeriodDays
	}
	return 28
}

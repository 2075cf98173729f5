package model

import "time"

// Pilot is one initiative moving through the rings, with everything agreed
// about it: the hypothesis, who owns what, the KPIs fixed before it started,
// its risks, runbooks, gate customisations, sign-offs and reviews.
type Pilot struct {
	Slug       string
	Name       string
	Stage      Stage
	StageSince Date // day the pilot entered its stage; zero when unknown
	Hypothesis Hypothesis
	Owners     map[Role]string
	// OwnerKeys is the SSH public key (authorized_keys form, "ssh-ed25519
	// AAAA…") an owner signs sign-offs with; nil when no owner has one.
	OwnerKeys map[Role]string `json:",omitempty"`
	Rings     []Ring          // in rollout order
	KPIs      []KPI
	Payback   *PaybackModel
	Risks     []Risk
	Runbooks  []Runbook
	Gates     []GatePlan // per-gate additions, drops, waivers and ticks
	Signoffs  []Signoff
	Reviews   []GateReview
	// Calendar is the pilot's own change windows and freezes; nil
	// follows the portfolio's. See EffectiveCalendar.
	Calendar *Calendar
	// Rollout operations (see operations.go).
	Flags []Flag
	NFRs  []NFR
	Plan  []Milestone
	PIR   *PostImplementationReview
}

// Hypothesis is the value hypothesis: the problem and the measurable outcome.
// Once Locked, a change keeps the old text as a revision with a reason
// (problem-definition lock), so nobody quietly moves the goalposts.
type Hypothesis struct {
	Text      string
	Locked    bool
	Revisions []HypothesisRevision // earlier texts, oldest first
	// Reason says why Text changes now. It is read from an edit (a portfolio
	// file, a form) and becomes the reason of the revision the change
	// creates; it is never stored on its own.
	Reason string
}

// HypothesisRevision is an earlier text of a locked hypothesis and why it changed.
type HypothesisRevision struct {
	Text   string    // the text as it was before the change
	Reason string    // why it was changed
	By     string    // who changed it
	At     time.Time // when
}

// Ring is one exposure step of a rollout.
type Ring struct {
	Name       string
	Population int
	Exposure   float64 // share of the whole population, 0–1; zero when not stated
	Status     RingStatus
	Start      Date
}

// SetStatus moves the ring to status on day. A ring starts the day it is
// activated, even ahead of its planned start; a paused ring resumes with
// its first start.
func (r *Ring) SetStatus(status RingStatus, day Date) {
	if status == RingActive && (r.Start.IsZero() || (r.Status == RingPlanned && r.Start > day)) {
		r.Start = day
	}
	r.Status = status
}

// KPI is a measure agreed before the pilot started, with its target,
// optional warning level and optional rollback trigger.
type KPI struct {
	Key      string
	Name     string
	Unit     string
	Better   Better
	Baseline *float64 // nil: taken from observations of ring "baseline"
	Target   Criterion
	Warning  Criterion // zero when none
	Rollback Criterion // zero when none
	Critical bool      // must-meet (true) or should-meet (false)
	Weight   *float64  // nil: DefaultWeight; 0 is a weight like any other (the KPI is shown but counts nowhere in the score)
	Window   int       // days in the current-value window; 0 means DefaultWindow
	SLO      *KPISLO   // the KPI is an SLO over good and total counts; nil when not
	// Confidence, when above 0, asks how sure the verdict is: a target met
	// by the point estimate but not over the whole interval at this level
	// (e.g. 0.95) is warn, "inconclusive". 0: verdicts on the point
	// estimate alone (the interval is still shown, at 95 %).
	Confidence float64
	// Aggregation says how readings of one day combine into the day's
	// value: "" (mean, the default), sum, min, max or last.
	Aggregation Aggregation
}

// Aggregation is how a KPI's readings of one day combine.
type Aggregation string

const (
	AggMean Aggregation = "mean" // also ""
	AggSum  Aggregation = "sum"  // interval counts: the day's total
	AggMin  Aggregation = "min"
	AggMax  Aggregation = "max"
	AggLast Aggregation = "last" // the last reading in file order (a running total, a gauge)
)

// Aggregations lists the daily aggregations a KPI may ask for.
var Aggregations = []Aggregation{AggMean, AggSum, AggMin, AggMax, AggLast}

// DefaultWindow is the number of calendar days whose observations average
// into a KPI's current value.
const DefaultWindow = 7

// StaleAfter is how many days old the latest observation may be before a
// ring×KPI counts as having no data.
const StaleAfter = 14

// WindowDays returns the KPI's window, defaulting to DefaultWindow.
func (k KPI) WindowDays() int {
	if k.Window > 0 {
		return k.Window
	}
	return DefaultWindow
}

// LongestWindow is the most days any KPI of the pilots averages over
// (at least DefaultWindow): how far back their observations must be read.
func LongestWindow(pilots ...*Pilot) int {
	window := DefaultWindow
	for _, p := range pilots {
		for _, k := range p.KPIs {
			window = max(window, k.WindowDays())
			if k.SLO != nil { // an SLO reads its whole period
				window = max(window, k.SLO.Period())
			}
		}
	}
	return window
}

// DefaultWeight is the weight of a KPI that states none.
const DefaultWeight = 1.0

// EffectiveWeight returns the KPI's weight: the one it states, 0 included,
// else DefaultWeight.
func (k KPI) EffectiveWeight() float64 {
	if k.Weight != nil {
		return *k.Weight
	}
	return DefaultWeight
}

// Observation is one measured value of a metric in a ring on a day.
type Observation struct {
	Pilot  string
	Ring   string
	Metric string
	Day    Date
	Value  float64
}

// BaselineRing is the ring whose observations supply a baseline that a KPI
// definition leaves out.
const BaselineRing = "baseline"

// Ring returns the ring with the given name.
func (p *Pilot) Ring(name string) (*Ring, bool) {
	for i := range p.Rings {
		if p.Rings[i].Name == name {
			return &p.Rings[i], true
		}
	}
	return nil, false
}

// KPI returns the KPI with the given key.
func (p *Pilot) KPI(key string) (*KPI, bool) {
	for i := range p.KPIs {
		if p.KPIs[i].Key == key {
			return &p.KPIs[i], true
		}
	}
	return nil, false
}

// GatePlan returns the pilot's customisation of a gate, if any.
func (p *Pilot) GatePlan(id GateID) (GatePlan, bool) {
	for _, g := range p.Gates {
		if g.Gate == id {
			return g, true
		}
	}
	return GatePlan{}, false
}

// MostAdvancedActiveRing returns the last ring in rollout order that is
// active, or nil when none is.
func (p *Pilot) MostAdvancedActiveRing() *Ring {
	for i := len(p.Rings) - 1; i >= 0; i-- {
		if p.Rings[i].Status == RingActive {
			return &p.Rings[i]
		}
	}
	return nil
}

// Risk is an entry in a pilot's risk register.
type Risk struct {
	Title              string
	Category           RiskCategory
	Likelihood         int // 1–5
	Impact             int // 1–5
	ResidualLikelihood int // 0 when not assessed
	ResidualImpact     int // 0 when not assessed
	Owner              string
	Mitigation         string
	Status             RiskStatus
	Due                Date
	LastReview         Date
}

// Runbook is a procedure with numbered steps, and the log of its drills.
type Runbook struct {
	Title            string
	Kind             RunbookKind
	Body             string // Markdown with numbered steps
	TargetRestoreMin float64
	Drills           []Drill
}

// Drill is one practice run of a runbook.
type Drill struct {
	Date       Date
	By         string
	Outcome    DrillOutcome
	RestoreMin float64 // time to restore, minutes
	Notes      string
	Steps      []DrillStep // per-step times of a timed drill; empty otherwise
}

// DrillStep is one step of a timed drill.
type DrillStep struct {
	Step  string
	Done  bool
	AtSec float64 // seconds from the drill's start when marked
	Note  string
}

// LastDrill returns the most recent drill of the runbook, if any.
func (r Runbook) LastDrill() (Drill, bool) {
	var best Drill
	found := false
	for _, d := range r.Drills {
		if !found || d.Date > best.Date {
			best, found = d, true
		}
	}
	return best, found
}

// PaybackModel is the business case: costs and benefit, either stated or
// built from drivers.
type PaybackModel struct {
	OneTimeCost   float64
	AnnualRunCost float64
	// Either AnnualBenefit, or the drivers below.
	AnnualBenefit  *float64
	VolumePerMonth float64
	MinutesPerUnit float64
	CostPerMinute  float64
	// Reduction is a fraction (0–1) unless ReductionKPI names a KPI whose
	// measured change supplies it.
	Reduction      float64
	ReductionKPI   string
	Ring           string    // ring whose measurement supplies ReductionKPI; "" = most advanced active
	Ramp           []float64 // share of full benefit in months 1, 2, …; the last share holds after
	DiscountRate   *float64  // annual; nil = DefaultDiscountRate
	HorizonMonths  int       // 0 = DefaultHorizonMonths
	RiskAdjustment float64   // haircut on benefit for the pessimistic scenario, 0–1
}

// Defaults of the payback model (Forrester TEI conventions).
const (
	DefaultDiscountRate  = 0.10
	DefaultHorizonMonths = 36
)

// Signoff is a signature on a gate's checklist (21 CFR Part 11 §11.50:
// name, time and meaning, bound to the record it signs).
type Signoff struct {
	Gate          GateID
	Role          Role
	Person        string
	Decision      Decision
	Meaning       string // what the signature attests
	Comment       string
	At            time.Time
	ChecklistHash string // SHA-256 of the checklist as it stood when signed
	OnBehalf      bool   // signed by someone other than the role's named owner (with --as)
	// EnteredBy is who recorded the sign-off when it is not the signer's own
	// act: the actor who applied the portfolio file it came from. "" when
	// the person recorded it (ringside signoff, the cockpit).
	EnteredBy string
	// Signature is the armored SSHSIG ("-----BEGIN SSH SIGNATURE-----",
	// as `ssh-keygen -Y sign` writes it) over the sign-off's statement
	// (SignoffStatement), made with the role owner's key; "" when unsigned.
	Signature string `json:",omitempty"`
}

// GateReview is the record of a gate meeting.
type GateReview struct {
	Gate       GateID
	Date       Date
	Attendees  []string
	Notes      map[string]string // criterion id → note
	Decision   ReviewDecision    // "" while the meeting is still under way
	Conditions []string
	Actions    []ActionItem
}

// ActionItem is a follow-up agreed in a review.
type ActionItem struct {
	What string
	Who  string
	Due  Date
}

// GatePlan is how one pilot adapts a gate's default criteria.
type GatePlan struct {
	Gate    GateID
	Add     []GateCriterion
	Drop    []string // ids of default criteria that do not apply
	Waivers []Waiver
	Ticks   []ManualTick
	// RequireSigned are the roles whose sign-off on this gate counts only
	// when signed with the role owner's SSH key.
	RequireSigned []Role `json:",omitempty"`
}

// Waiver sets a criterion aside; it needs a reason and the role that granted it.
type Waiver struct {
	Criterion string
	Reason    string
	Role      Role
}

// ManualTick is a person's confirmation of a manual criterion, with evidence.
type ManualTick struct {
	Criterion string
	By        string
	At        time.Time
	Evidence  string
}

// GateCriterion is one check of a gate, as data. Which fields matter
// depends on Kind.
type GateCriterion struct {
	ID        string
	Kind      CriterionKind
	Text      string
	Dimension string // production-readiness dimension, for PRG
	// kpi: the KPI (or "" for every must-meet KPI) must meet its target in Ring.
	KPI  string
	Ring string
	// signoff: Role approved.
	Role Role
	// risk: no open risk scores MaxScore or more.
	MaxScore int
	// runbook: a runbook of RunbookKind exists and was drilled within WithinDays.
	RunbookKind RunbookKind
	WithinDays  int
	// nfr: every NFR of these categories is verified or waived.
	Categories []NFRCategory
}

// Gate is a gate with its default criteria.
type Gate struct {
	ID       GateID
	Name     string
	Criteria []GateCriterion
}

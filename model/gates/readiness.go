package gates

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"ringside/model"
)

// KPI statuses as the ring-health engine reports them.
const (
	KPIPass   = "pass"
	KPIWarn   = "warn"
	KPIFail   = "fail"
	KPINoData = "nodata"
)

// Criterion statuses.
const (
	Met     = "met"
	Unmet   = "unmet"
	Waived  = "waived"
	Unknown = "unknown"
)

// KPIFact is one ring×KPI verdict of the health engine, handed in so this
// package needs no observations.
type KPIFact struct {
	Ring     string
	Key      string
	Status   string // pass|warn|fail|nodata
	Critical bool
	Rollback bool   // the ring's rollback trigger for the KPI fired
	Trigger  string // that trigger, e.g. "> +5%" ("" when none)
	Evidence string // e.g. "current 6.63 min vs baseline 7.5 (-11.6 %), target <= -10%"
}

// Input is everything a gate is judged on.
type Input struct {
	Pilot *model.Pilot
	Gate  model.GateID
	AsOf  model.Date // ticks, sign-offs and drills after this day do not count yet
	KPIs  []KPIFact
	// HashWhenSigned computes the checklist hash only when the gate has a
	// sign-off to judge against it, leaving Readiness.ChecklistHash ""
	// otherwise: for a caller that reads the verdicts, not the hash to
	// sign (the dashboard's production-readiness guards).
	HashWhenSigned bool
	// Dimensions, when set, limits the judgement to the criteria of these
	// dimensions (PRG's): Criteria, Blockers, Ready and Share speak for
	// them alone. With HashWhenSigned and no sign-off to judge, nothing
	// else is judged at all (the dashboard's guards judge three of PRG's
	// eight dimensions); with one, every criterion is judged for the hash
	// and the others are left out afterwards.
	Dimensions []string
}

// WaiverInfo is a waiver as it appears in a verdict.
type WaiverInfo struct {
	Reason string `json:"reason"`
	Role   string `json:"role"`
}

// CriterionResult is the verdict on one criterion, with its evidence.
type CriterionResult struct {
	ID        string      `json:"id"`
	Kind      string      `json:"kind"`
	Text      string      `json:"text"`
	Dimension string      `json:"dimension,omitempty"`
	Status    string      `json:"status"` // met|unmet|waived|unknown
	Evidence  string      `json:"evidence"`
	Waiver    *WaiverInfo `json:"waiver,omitempty"`
}

// SignoffResult is the latest sign-off of one role for the gate.
type SignoffResult struct {
	Role          string `json:"role"`
	Person        string `json:"person"`
	Decision      string `json:"decision"`
	Meaning       string `json:"meaning"`
	Comment       string `json:"comment"`
	At            string `json:"at"` // RFC 3339
	Stale         bool   `json:"stale"`
	OnBehalf      bool   `json:"on_behalf"`
	ChecklistHash string `json:"checklist_hash"`       // the hash it was signed against
	EnteredBy     string `json:"entered_by,omitempty"` // who recorded it from a file, on the person's behalf
	Signature     string `json:"signature,omitempty"`  // armored SSHSIG over its statement; "" when unsigned
}

// Readiness is the judgement of one gate for one pilot (`gate --json`).
type Readiness struct {
	Pilot         string            `json:"pilot"`
	Gate          string            `json:"gate"`
	GateName      string            `json:"gate_name"`
	AsOf          string            `json:"as_of"`
	Ready         bool              `json:"ready"`
	Share         float64           `json:"readiness"` // met ÷ (criteria − waived), 0–1
	Criteria      []CriterionResult `json:"criteria"`
	Blockers      []string          `json:"blockers"`
	Signoffs      []SignoffResult   `json:"signoffs"`
	ChecklistHash string            `json:"checklist_hash"`
}

// verdict is what a judge returns; blocker, when set, replaces the default
// blocker sentence "<text>: <why>".
type verdict struct {
	status, evidence, why, blocker string
}

// Evaluate judges every criterion of a gate for a pilot as of a day.
//
// Sign-off criteria are judged last: whether a signature is stale depends on
// the checklist hash, which covers the other criteria's verdicts (see
// ChecklistHash). A pilot is ready when no criterion is unmet or unknown
// (waived ones do not count) and no role's latest sign-off is a reject.
func Evaluate(in Input) (Readiness, error) {
	p := in.Pilot
	if p == nil {
		return Readiness{}, errors.New("no pilot to evaluate: load the pilot first")
	}
	if in.AsOf.IsZero() {
		return Readiness{}, errors.New("no evaluation day: pass today or the --as-of date")
	}
	cs, err := Criteria(p, in.Gate)
	if err != nil {
		return Readiness{}, err
	}
	g, _ := Default(in.Gate)
	plan, _ := p.GatePlan(in.Gate)
	latest := latestSignoffs(p, in.Gate, in.AsOf)
	needHash := !in.HashWhenSigned || len(latest) > 0
	if in.Dimensions != nil && !needHash {
		cs = inDimensions(cs, in.Dimensions)
	}

	results := make([]CriterionResult, len(cs))
	verdicts := make([]verdict, len(cs))
	for i, c := range cs {
		results[i] = CriterionResult{ID: c.ID, Kind: string(c.Kind), Text: c.Text, Dimension: c.Dimension}
		if w, ok := waiverOf(plan, c.ID); ok {
			results[i].Waiver = &WaiverInfo{Reason: w.Reason, Role: string(w.Role)}
			verdicts[i] = verdict{status: Waived, evidence: fmt.Sprintf("waived by %s: %s", w.Role, w.Reason)}
		} else {
			switch c.Kind {
			case model.KindKPI:
				verdicts[i] = judgeKPI(p, c, in.KPIs)
			case model.KindRisk:
				verdicts[i] = judgeRisk(p, c)
			case model.KindRunbook:
				verdicts[i] = judgeRunbook(p, c, in.AsOf)
			case model.KindManual:
				verdicts[i] = judgeManual(plan, c, in.AsOf)
			case model.KindNFR: // see judge_nfr.go
				verdicts[i] = judgeNFR(p, c)
			}
		}
		results[i].Status, results[i].Evidence = verdicts[i].status, verdicts[i].evidence
	}
	hash := ""
	if needHash {
		hash = ChecklistHash(p, in.Gate, results)
	}
	for i, c := range cs {
		if c.Kind == model.KindSignoff && results[i].Status != Waived {
			verdicts[i] = judgeSignoff(p, c, latest, hash)
			results[i].Status, results[i].Evidence = verdicts[i].status, verdicts[i].evidence
		}
	}
	if in.Dimensions != nil && needHash {
		kept := 0
		for i := range results {
			if slices.Contains(in.Dimensions, results[i].Dimension) {
				results[kept], verdicts[kept] = results[i], verdicts[i]
				kept++
			}
		}
		results, verdicts = results[:kept], verdicts[:kept]
	}

	r := Readiness{
		Pilot: p.Slug, Gate: string(in.Gate), GateName: g.Name, AsOf: in.AsOf.String(),
		Criteria: results, Blockers: []string{}, Signoffs: []SignoffResult{}, ChecklistHash: hash,
	}
	met, counted := 0, 0
	seen := map[string]bool{}
	addBlocker := func(b string) {
		if !seen[b] {
			seen[b] = true
			r.Blockers = append(r.Blockers, b)
		}
	}
	for i, res := range results {
		switch res.Status {
		case Met:
			met++
			counted++
		case Unmet, Unknown:
			counted++
			b := verdicts[i].blocker
			if b == "" {
				b = res.Text + ": " + verdicts[i].why
			}
			addBlocker(b)
		}
	}
	rejected := false
	for _, s := range latest {
		r.Signoffs = append(r.Signoffs, signoffResult(s, hash))
		if s.Decision == model.DecisionReject {
			rejected = true
			addBlocker(rejectSentence(p, s))
		}
	}
	r.Ready = len(r.Blockers) == 0 && !rejected
	r.Share = 1 // nothing left to meet once everything is waived or dropped
	if counted > 0 {
		r.Share = math.Round(float64(met)/float64(counted)*1e4) / 1e4
	}
	return r, nil
}

// CanDecide reports whether a review may reach decision: any reject
// sign-off blocks go and conditional (go with conditions), however the
// decision is entered — review mode, the cockpit, a portfolio file.
func CanDecide(r Readiness, decision model.ReviewDecision) error {
	if decision != model.ReviewGo && decision != model.ReviewConditional {
		return nil
	}
	return blocked(r, string(decision))
}

// DecisionBlocked is CanDecide for a review recorded on day, judged on the
// sign-offs of its gate as they stood then (a review read from a file).
func DecisionBlocked(p *model.Pilot, gate model.GateID, decision model.ReviewDecision, day model.Date) error {
	r := Readiness{Gate: string(gate)}
	for _, s := range latestSignoffs(p, gate, day) {
		r.Signoffs = append(r.Signoffs, SignoffResult{Role: string(s.Role), Person: s.Person, Decision: string(s.Decision)})
	}
	return CanDecide(r, decision)
}

// CanGo reports whether a review may decide `go` (or conditional): any
// reject sign-off blocks it, and the error names who rejected.
func CanGo(r Readiness) error { return blocked(r, "go") }

func blocked(r Readiness, what string) error {
	var who []string
	for _, s := range r.Signoffs {
		if s.Decision == string(model.DecisionReject) {
			who = append(who, fmt.Sprintf("%s (%s)", s.Role, s.Person))
		}
	}
	if len(who) == 0 {
		return nil
	}
	return fmt.Errorf("%s is blocked on %s: rejected by %s; go and conditional wait until the rejection is resolved and they sign again, or decide hold or recycle",
		what, r.Gate, strings.Join(who, ", "))
}

func waiverOf(plan model.GatePlan, id string) (model.Waiver, bool) {
	for _, w := range plan.Waivers {
		if w.Criterion == id {
			return w, true
		}
	}
	return model.Waiver{}, false
}

// inDimensions are the criteria of cs in dims, in order.
func inDimensions(cs []model.GateCriterion, dims []string) []model.GateCriterion {
	out := make([]model.GateCriterion, 0, len(cs))
	for _, c := range cs {
		if slices.Contains(dims, c.Dimension) {
			out = append(out, c)
		}
	}
	return out
}

// latestSignoffs returns, per role, the latest sign-off for the gate made on
// or before asOf, in role display order (unlisted roles last, by name).
// Only the latest counts: a new signature replaces the role's earlier one.
func latestSignoffs(p *model.Pilot, gate model.GateID, asOf model.Date) []model.Signoff {
	byRole := map[model.Role]model.Signoff{}
	for _, s := range p.Signoffs {
		if s.Gate != gate || (!s.At.IsZero() && model.DateOf(s.At.UTC()) > asOf) {
			continue
		}
		if prev, ok := byRole[s.Role]; !ok || !s.At.Before(prev.At) {
			byRole[s.Role] = s
		}
	}
	out := make([]model.Signoff, 0, len(byRole))
	for _, role := range model.Roles {
		if s, ok := byRole[role]; ok {
			out = append(out, s)
			delete(byRole, role)
		}
	}
	var rest []model.Signoff
	for _, s := range byRole {
		rest = append(rest, s)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Role < rest[j].Role })
	return append(out, rest...)
}

func signoffResult(s model.Signoff, hash string) SignoffResult {
	at := ""
	if !s.At.IsZero() {
		at = s.At.UTC().Format(time.RFC3339)
	}
	return SignoffResult{
		Role: string(s.Role), Person: s.Person, Decision: string(s.Decision),
		Meaning: s.Meaning, Comment: s.Comment, At: at,
		Stale: s.ChecklistHash != hash, OnBehalf: s.OnBehalf, ChecklistHash: s.ChecklistHash, EnteredBy: s.EnteredBy,
		Signature: s.Signature,
	}
}

func rejectSentence(p *model.Pilot, s model.Signoff) string {
	b := fmt.Sprintf("%s (%s) rejected", s.Role, personOf(p, s))
	if s.Comment != "" {
		return b + ": " + s.Comment
	}
	return b + " the checklist"
}

func personOf(p *model.Pilot, s model.Signoff) string {
	if s.Person != "" {
		return s.Person
	}
	if n := p.Owners[s.Role]; n != "" {
		return n
	}
	return "unnamed"
}

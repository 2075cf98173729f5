package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
)

// FieldError names one wrong field of a pilot. Path spells the field the way
// the portfolio file does (e.g. "kpis[1].target", "gates.G3.waive[0].role"),
// so a reader can map it back to a line and a form can focus the field.
type FieldError struct {
	Path string
	Msg  string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// MaxSlugLen is the longest slug allowed.
const MaxSlugLen = 64

// ValidSlug checks the shape of a pilot slug: 1–64 lowercase ASCII letters,
// digits and '-'. Slugs are stable ids used in file names and command lines,
// so they stay plain.
func ValidSlug(s string) error {
	const help = "use 1–64 lowercase letters, digits and '-', e.g. claims-triage"
	if s == "" {
		return fmt.Errorf("slug is required: %s", help)
	}
	if len(s) > MaxSlugLen {
		return fmt.Errorf("slug %q is %d characters long: %s", s, len(s), help)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("slug %q contains %q: %s", s, r, help)
		}
	}
	return nil
}

// validKey checks an identifier that files and CSV headers refer to (KPI
// keys, ring names, criterion ids): present, no control characters, no
// surrounding spaces.
func validKey(what, s string) error {
	if s == "" {
		return fmt.Errorf("%s is required", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("%s %q contains a control character: use printable text", what, s)
		}
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("%s %q has leading or trailing spaces: remove them", what, s)
	}
	return nil
}

// validator collects field errors under a path prefix.
type validator struct{ errs []FieldError }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) err(path string, err error) {
	if err != nil {
		v.errs = append(v.errs, FieldError{Path: path, Msg: err.Error()})
	}
}

// enum checks a required enumerated value.
func enum[T ~string](v *validator, path, what string, val T, allowed []T) {
	if val == "" {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		v.add(path, "%s is required: use one of %s", what, strings.Join(names, ", "))
		return
	}
	v.err(path, OneOf(what, val, allowed))
}

// optEnum checks an enumerated value that may be left out.
func optEnum[T ~string](v *validator, path, what string, val T, allowed []T) {
	if val != "" {
		v.err(path, OneOf(what, val, allowed))
	}
}

func (v *validator) required(path, what, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(path, "%s is required", what)
	}
}

// number checks a finite float within [lo, hi].
func (v *validator) number(path string, x, lo, hi float64, rangeText string) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < lo || x > hi {
		v.add(path, "must be %s, got %s", rangeText, fmtNum(x))
	}
}

func (v *validator) intRange(path string, x, lo, hi int) {
	if x < lo || x > hi {
		v.add(path, "must be %d–%d, got %d", lo, hi, x)
	}
}

// residual checks a residual score part: 1–5, or 0 when not assessed.
func (v *validator) residual(path string, x int) {
	if x < 0 || x > 5 {
		v.add(path, "must be 1–5 (or left out when not assessed), got %d", x)
	}
}

func fmtNum(x float64) string { return fmt.Sprintf("%g", x) }

// Validate checks everything about a pilot that does not need the database:
// shapes, enumerations, ranges, uniqueness and cross-references within the
// pilot. It returns every problem, not just the first.
func (p *Pilot) Validate() []FieldError {
	v := &validator{}
	v.err("slug", ValidSlug(p.Slug))
	v.required("name", "name", p.Name)
	enum(v, "stage", "stage", p.Stage, Stages)
	p.validateHypothesis(v)
	roles := make([]string, 0, len(p.Owners))
	for role := range p.Owners {
		roles = append(roles, string(role))
	}
	sort.Strings(roles) // map order is random; errors should not be
	for _, role := range roles {
		v.err("owners."+role, OneOf("role", Role(role), Roles))
	}
	keyed := make([]string, 0, len(p.OwnerKeys))
	for role := range p.OwnerKeys {
		keyed = append(keyed, string(role))
	}
	sort.Strings(keyed)
	for _, role := range keyed {
		if p.Owners[Role(role)] == "" {
			v.err("owners."+role, fmt.Errorf("a key needs an owner: name the %s owner", role))
		}
	}
	p.validateRings(v)
	p.validateKPIs(v)
	p.validatePayback(v)
	for i, r := range p.Risks {
		validateRisk(v, fmt.Sprintf("risks[%d]", i), r)
	}
	for i, rb := range p.Runbooks {
		validateRunbook(v, fmt.Sprintf("runbooks[%d]", i), rb)
	}
	p.validateGates(v)
	for i, s := range p.Signoffs {
		validateSignoff(v, fmt.Sprintf("signoffs[%d]", i), s)
	}
	for i, r := range p.Reviews {
		validateReview(v, fmt.Sprintf("reviews[%d]", i), r)
	}
	p.validateOperations(v) // flags, SLOs, NFRs, plan, PIR
	return v.errs
}

func (p *Pilot) validateHypothesis(v *validator) {
	h := p.Hypothesis
	if h.Locked && strings.TrimSpace(h.Text) == "" {
		v.add("hypothesis.text", "a locked hypothesis needs its text")
	}
	for i, r := range h.Revisions {
		path := fmt.Sprintf("hypothesis.revisions[%d]", i)
		v.required(path+".text", "text", r.Text)
		v.required(path+".reason", "reason (why the text changed)", r.Reason)
	}
}

func (p *Pilot) validateRings(v *validator) {
	seen := map[string]int{}
	for i, r := range p.Rings {
		path := fmt.Sprintf("rings[%d]", i)
		if err := validKey("ring name", r.Name); err != nil {
			v.err(path+".name", err)
		} else if j, dup := seen[r.Name]; dup {
			v.add(path+".name", "ring %q is already defined as rings[%d]: ring names must be unique", r.Name, j)
		} else {
			seen[r.Name] = i
		}
		if r.Population < 0 {
			v.add(path+".population", "must be 0 or more, got %d", r.Population)
		}
		v.number(path+".exposure", r.Exposure, 0, 1, "a share from 0 to 1")
		enum(v, path+".status", "ring status", r.Status, RingStatuses)
	}
}

func (p *Pilot) validateKPIs(v *validator) {
	seen := map[string]int{}
	for i, k := range p.KPIs {
		path := fmt.Sprintf("kpis[%d]", i)
		if err := validKey("KPI key", k.Key); err != nil {
			v.err(path+".key", err)
		} else if j, dup := seen[strings.ToLower(k.Key)]; dup {
			v.add(path+".key", "KPI key %q repeats kpis[%d] (%q): keys must be unique, ignoring case, because CSV headers match them case-insensitively", k.Key, j, p.KPIs[j].Key)
		} else {
			seen[strings.ToLower(k.Key)] = i
		}
		enum(v, path+".better", "better", k.Better, Betters)
		if k.Baseline != nil {
			v.number(path+".baseline", *k.Baseline, -math.MaxFloat64, math.MaxFloat64, "a finite number")
		}
		if k.Target.IsZero() && k.SLO == nil { // an SLO is a target of its own
			v.add(path+".target", "target is required: write a criterion such as \"<= -10%%\"")
		} else {
			validateCriterion(v, path+".target", k.Target)
		}
		validateCriterion(v, path+".warning", k.Warning)
		validateCriterion(v, path+".rollback", k.Rollback)
		if k.Weight != nil {
			v.number(path+".weight", *k.Weight, 0, math.MaxFloat64, "0 or more")
		}
		v.intRange(path+".window", k.Window, 0, 366)
		if c := k.Confidence; c != 0 && !(c > 0 && c < 1) { // 0: not asked
			v.add(path+".confidence", "must be a level between 0 and 1 (both excluded), e.g. 0.95 (leave it out to judge on the point estimate), got %s", fmtNum(c))
		}
		optEnum(v, path+".aggregation", "aggregation", k.Aggregation, Aggregations)
	}
}

// validateCriterion catches criteria built in code rather than parsed.
func validateCriterion(v *validator, path string, c Criterion) {
	if c.IsZero() {
		return
	}
	if err := OneOf("criterion subject", c.Subject, []Subject{SubjectValue, SubjectDelta, SubjectPct}); err != nil {
		v.err(path, err)
	}
	if err := OneOf("criterion operator", c.Op, []Op{OpLT, OpLE, OpGT, OpGE}); err != nil {
		v.err(path, err)
	}
	if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
		v.add(path, "the number must be finite, got %s", fmtNum(c.Value))
	}
}

func (p *Pilot) validatePayback(v *validator) {
	m := p.Payback
	if m == nil {
		return
	}
	const nonNeg = "0 or more"
	v.number("payback.one_time_cost", m.OneTimeCost, 0, math.MaxFloat64, nonNeg)
	v.number("payback.annual_run_cost", m.AnnualRunCost, 0, math.MaxFloat64, nonNeg)
	if m.AnnualBenefit != nil {
		v.number("payback.annual_benefit", *m.AnnualBenefit, 0, math.MaxFloat64, nonNeg)
		if m.VolumePerMonth != 0 || m.MinutesPerUnit != 0 || m.CostPerMinute != 0 || m.Reduction != 0 || m.ReductionKPI != "" {
			v.add("payback.annual_benefit", "give either annual_benefit or the drivers (volume_per_month, minutes_per_unit, cost_per_minute, reduction), not both")
		}
	}
	v.number("payback.volume_per_month", m.VolumePerMonth, 0, math.MaxFloat64, nonNeg)
	v.number("payback.minutes_per_unit", m.MinutesPerUnit, 0, math.MaxFloat64, nonNeg)
	v.number("payback.cost_per_minute", m.CostPerMinute, 0, math.MaxFloat64, nonNeg)
	if m.ReductionKPI != "" {
		if m.Reduction != 0 {
			v.add("payback.reduction", "give a fraction or a KPI key, not both")
		}
		if _, ok := p.KPI(m.ReductionKPI); !ok {
			v.add("payback.reduction", "no KPI has the key %q: give a fraction from 0 to 1 or one of %s", m.ReductionKPI, p.kpiKeys())
		}
	} else {
		v.number("payback.reduction", m.Reduction, 0, 1, "a fraction from 0 to 1 or a KPI key")
	}
	if m.Ring != "" {
		if _, ok := p.Ring(m.Ring); !ok {
			v.add("payback.ring", "no ring is named %q: use one of %s", m.Ring, p.ringNames())
		}
	}
	for i, share := range m.Ramp {
		v.number(fmt.Sprintf("payback.ramp[%d]", i), share, 0, 1, "a share from 0 to 1")
	}
	if m.DiscountRate != nil {
		v.number("payback.discount_rate", *m.DiscountRate, 0, 1, "an annual rate from 0 to 1, e.g. 0.10")
	}
	v.intRange("payback.horizon_months", m.HorizonMonths, 0, 1200)
	v.number("payback.risk_adjustment", m.RiskAdjustment, 0, 1, "a fraction from 0 to 1")
}

func (p *Pilot) kpiKeys() string {
	if len(p.KPIs) == 0 {
		return "(no KPIs defined)"
	}
	keys := make([]string, len(p.KPIs))
	for i, k := range p.KPIs {
		keys[i] = k.Key
	}
	return strings.Join(keys, ", ")
}

func (p *Pilot) ringNames() string {
	if len(p.Rings) == 0 {
		return "(no rings defined)"
	}
	names := make([]string, len(p.Rings))
	for i, r := range p.Rings {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

func validateRisk(v *validator, path string, r Risk) {
	v.required(path+".title", "title", r.Title)
	optEnum(v, path+".category", "risk category", r.Category, RiskCategories)
	v.intRange(path+".likelihood", r.Likelihood, 1, 5)
	v.intRange(path+".impact", r.Impact, 1, 5)
	v.residual(path+".residual_likelihood", r.ResidualLikelihood)
	v.residual(path+".residual_impact", r.ResidualImpact)
	if (r.ResidualLikelihood == 0) != (r.ResidualImpact == 0) {
		v.add(path+".residual_likelihood", "set residual_likelihood and residual_impact together, or neither")
	}
	enum(v, path+".status", "risk status", r.Status, RiskStatuses)
}

func validateRunbook(v *validator, path string, rb Runbook) {
	v.required(path+".title", "title", rb.Title)
	optEnum(v, path+".kind", "runbook kind", rb.Kind, RunbookKinds)
	v.number(path+".target_restore_min", rb.TargetRestoreMin, 0, math.MaxFloat64, "0 or more minutes")
	for i, d := range rb.Drills {
		dp := fmt.Sprintf("%s.drills[%d]", path, i)
		if d.Date.IsZero() {
			v.add(dp+".date", "date is required: the day the drill ran, YYYY-MM-DD")
		}
		optEnum(v, dp+".outcome", "drill outcome", d.Outcome, DrillOutcomes)
		v.number(dp+".restore_min", d.RestoreMin, 0, math.MaxFloat64, "0 or more minutes")
		for j, s := range d.Steps {
			sp := fmt.Sprintf("%s.steps[%d]", dp, j)
			v.required(sp+".step", "step", s.Step)
			v.number(sp+".at_sec", s.AtSec, 0, math.MaxFloat64, "0 or more seconds")
		}
	}
}

func (p *Pilot) validateGates(v *validator) {
	seen := map[GateID]bool{}
	for _, g := range p.Gates {
		path := "gates." + string(g.Gate)
		if err := OneOf("gate", g.Gate, GateIDs); err != nil {
			v.err(path, err)
		} else if seen[g.Gate] {
			v.add(path, "gate %s is planned twice: merge the two", g.Gate)
		}
		seen[g.Gate] = true
		ids := map[string]int{}
		for i, c := range g.Add {
			cp := fmt.Sprintf("%s.add[%d]", path, i)
			if err := validKey("criterion id", c.ID); err != nil {
				v.err(cp+".id", err)
			} else if j, dup := ids[c.ID]; dup {
				v.add(cp+".id", "criterion id %q is already used by add[%d]: ids must be unique within the gate", c.ID, j)
			} else {
				ids[c.ID] = i
			}
			p.validateGateCriterion(v, cp, c)
		}
		for i, id := range g.Drop {
			v.err(fmt.Sprintf("%s.drop[%d]", path, i), validKey("criterion id", id))
		}
		for i, r := range g.RequireSigned {
			rp := fmt.Sprintf("%s.require_signed[%d]", path, i)
			if err := OneOf("role", r, Roles); err != nil {
				v.err(rp, err)
			} else if p.OwnerKeys[r] == "" {
				v.add(rp, "gate %s requires a signed %s sign-off, but the %s owner has no SSH key: give one (owners: {%s: {name: NAME, key: \"ssh-ed25519 AAAA…\"}}) or drop the role from require_signed", g.Gate, r, r, r)
			}
		}
		for i, w := range g.Waivers {
			wp := fmt.Sprintf("%s.waive[%d]", path, i)
			v.err(wp+".criterion", validKey("criterion id", w.Criterion))
			v.required(wp+".reason", "reason (a waiver needs one)", w.Reason)
			enum(v, wp+".role", "role", w.Role, Roles)
		}
		for i, t := range g.Ticks {
			tp := fmt.Sprintf("%s.ticks[%d]", path, i)
			v.err(tp+".criterion", validKey("criterion id", t.Criterion))
			v.required(tp+".by", "by (who ticked it)", t.By)
		}
	}
}

func (p *Pilot) validateGateCriterion(v *validator, path string, c GateCriterion) {
	v.required(path+".text", "text", c.Text)
	enum(v, path+".kind", "criterion kind", c.Kind, CriterionKinds)
	switch c.Kind {
	case KindKPI:
		if c.KPI != "" {
			if _, ok := p.KPI(c.KPI); !ok {
				v.add(path+".kpi", "no KPI has the key %q: use one of %s, or leave kpi out for every must-meet KPI", c.KPI, p.kpiKeys())
			}
		}
		if c.Ring != "" {
			if _, ok := p.Ring(c.Ring); !ok {
				v.add(path+".ring", "no ring is named %q: use one of %s", c.Ring, p.ringNames())
			}
		}
	case KindSignoff:
		enum(v, path+".role", "role", c.Role, Roles)
	case KindRisk:
		v.intRange(path+".max_score", c.MaxScore, 1, 25)
	case KindRunbook:
		enum(v, path+".runbook_kind", "runbook kind", c.RunbookKind, RunbookKinds)
	case KindNFR:
		validateNFRCategories(v, path+".categories", c.Categories)
	}
	if c.WithinDays < 0 {
		v.add(path+".within_days", "must be 0 or more, got %d", c.WithinDays)
	}
}

func validateSignoff(v *validator, path string, s Signoff) {
	enum(v, path+".gate", "gate", s.Gate, GateIDs)
	enum(v, path+".role", "role", s.Role, Roles)
	v.required(path+".person", "person", s.Person)
	enum(v, path+".decision", "decision", s.Decision, Decisions)
	v.required(path+".meaning", "meaning (what the signature attests)", s.Meaning)
	if s.At.IsZero() {
		v.add(path+".at", "at is required: when it was signed, e.g. 2026-02-03T14:05:00Z")
	}
}

func validateReview(v *validator, path string, r GateReview) {
	enum(v, path+".gate", "gate", r.Gate, GateIDs)
	if r.Date.IsZero() {
		v.add(path+".date", "date is required: the day of the meeting, YYYY-MM-DD")
	}
	optEnum(v, path+".decision", "review decision", r.Decision, ReviewDecisions)
	for i, a := range r.Actions {
		v.required(fmt.Sprintf("%s.actions[%d].what", path, i), "what", a.What)
	}
}

// Package assess puts the engines together for one pilot: ring health,
// the next gate's readiness, the payback projection with its reduction
// measured in a ring, and the triage flags. The command line and the
// cockpit both call it, so they never disagree about a pilot.
package assess

import (
	"fmt"
	"math"
	"strings"

	"ringside/model"
	"ringside/model/gates"
	"ringside/model/health"
	"ringside/model/payback"
	"ringside/model/triage"
)

// Input is one pilot with the observations the store handed over.
type Input struct {
	Pilot         *model.Pilot
	AsOf          model.Date
	Obs           map[string]map[string]health.Series // ring → metric → recent series
	BaselineMeans map[string]float64
	Baselines     map[string]health.Series // metric → ring "baseline" observations, for intervals of the change
	LastActivity  model.Date               // newest audit entry of the pilot
}

// Assessment is everything the dashboard shows about one pilot.
type Assessment struct {
	Health     health.PilotHealth
	NextGate   model.GateID     // "" when the pilot faces no further gate
	Readiness  *gates.Readiness // of NextGate
	Payback    *payback.Result  // nil without a payback model or when it cannot be computed yet
	PaybackErr error            // why Payback is nil although a model exists
	Flags      []triage.Flag
}

// Health evaluates every ring of the pilot.
func Health(in Input) health.PilotHealth {
	return health.Evaluate(health.Input{Pilot: in.Pilot, AsOf: in.AsOf, Obs: in.Obs, BaselineMeans: in.BaselineMeans, Baselines: in.Baselines})
}

// Pilot assesses one pilot completely, as it stood at the end of in.AsOf
// (model.AsOf): what is dated after that day does not exist for it.
func Pilot(in Input) Assessment {
	in.Pilot = model.AsOf(in.Pilot, in.AsOf)
	a := Assessment{Health: Health(in)}
	facts := KPIFacts(in.Pilot, a.Health) // for the next gate and the guards alike
	if id, ok := gates.NextGate(in.Pilot.Stage); ok {
		a.NextGate = id
		if r, err := evaluate(gates.Input{Pilot: in.Pilot, Gate: id, AsOf: in.AsOf, KPIs: facts}); err == nil {
			a.Readiness = &r
		}
	}
	if in.Pilot.Payback != nil {
		r, err := Payback(in, a.Health, "", 1)
		if err != nil {
			a.PaybackErr = err
		} else {
			a.Payback = &r
		}
	}
	a.Flags = triage.Classify(triageFacts(in, a, facts), triage.Options{})
	return a
}

// Gate judges one gate of the pilot as it stood at the end of in.AsOf.
func Gate(in Input, h health.PilotHealth, id model.GateID) (gates.Readiness, error) {
	return gates.Evaluate(gates.Input{Pilot: model.AsOf(in.Pilot, in.AsOf), Gate: id, AsOf: in.AsOf, KPIs: KPIFacts(in.Pilot, h)})
}

// KPIFacts turns health verdicts into the facts gate criteria judge.
func KPIFacts(p *model.Pilot, h health.PilotHealth) []gates.KPIFact {
	var out []gates.KPIFact
	for _, r := range h.Rings {
		for _, k := range r.KPIs {
			out = append(out, gates.KPIFact{Ring: r.Ring, Key: k.Key, Status: string(k.Status), Critical: k.Critical,
				Rollback: k.Rollback, Trigger: k.Trigger, Evidence: Evidence(k)})
		}
	}
	return out
}

// Evidence is a one-line account of a ring×KPI verdict, e.g.
// "current 6.63 min (95 % CI 6.1 … 7.2) vs baseline 7.5 (-11.6 %), target
// <= -10%: pass": the gate criteria, the checklists and the cockpit's KPI
// chart all show it.
func Evidence(k health.KPIHealth) string {
	if k.Current == nil {
		if d := k.Deciding(); d != "" {
			return d
		}
		return "no data"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "current %s%s", model.NumIn(*k.Current, k.Unit), unit(k.Unit))
	if k.CILow != nil && k.CIHigh != nil && k.Confidence != nil {
		fmt.Fprintf(&b, " (%s %% CI %s … %s", Num(*k.Confidence*100), model.NumIn(*k.CILow, k.Unit), model.NumIn(*k.CIHigh, k.Unit))
		if k.Conclusive != nil && !*k.Conclusive {
			b.WriteString(", inconclusive")
		}
		b.WriteString(")")
	}
	if k.Baseline != nil {
		fmt.Fprintf(&b, " vs baseline %s", model.NumIn(*k.Baseline, k.Unit))
		if k.Pct != nil {
			fmt.Fprintf(&b, " (%s)", model.PctChange(*k.Pct))
		} else if k.Delta != nil {
			fmt.Fprintf(&b, " (%+s)", model.NumIn(*k.Delta, k.Unit))
		}
	}
	fmt.Fprintf(&b, ", target %s: %s", k.Target, k.Status)
	if k.Rollback {
		fmt.Fprintf(&b, "; rollback trigger %s fired", k.Trigger)
	}
	return b.String()
}

func unit(u string) string {
	switch u {
	case "":
		return ""
	case "%":
		return " %"
	}
	return " " + u
}

// Num formats a figure by the one rounding rule (model.Num), as the
// health engine's reasons and table do.
func Num(v float64) string { return model.Num(v) }

// PaybackRing is the ring whose measurement supplies a KPI-based
// reduction: the model's ring, else the most advanced active ring, else the
// most advanced ring with data.
func PaybackRing(p *model.Pilot, h health.PilotHealth) string {
	if p.Payback != nil && p.Payback.Ring != "" {
		return p.Payback.Ring
	}
	if r := p.MostAdvancedActiveRing(); r != nil {
		return r.Name
	}
	for i := len(h.Rings) - 1; i >= 0; i-- {
		if h.Rings[i].Status != health.NoData {
			return h.Rings[i].Ring
		}
	}
	return ""
}

// Payback projects the pilot's business case. ring overrides the ring that
// supplies a measured reduction ("" = PaybackRing); scale is the population
// what-if (1 = as is).
func Payback(in Input, h health.PilotHealth, ring string, scale float64) (payback.Result, error) {
	p := in.Pilot
	if p.Payback == nil {
		return payback.Result{}, fmt.Errorf("pilot %s has no payback model: add one under payback: in its portfolio file", p.Slug)
	}
	opt := payback.Options{PopulationScale: scale}
	if key := p.Payback.ReductionKPI; key != "" {
		if ring == "" {
			ring = PaybackRing(p, h)
		}
		m, err := Measured(in, h, key, ring)
		if err != nil {
			return payback.Result{}, err
		}
		opt.Measured = m
	}
	return payback.Project(*p.Payback, opt)
}

// Measured reads a KPI's improvement in a ring: the fraction from the
// health verdict and the spread of the window's daily improvements.
func Measured(in Input, h health.PilotHealth, key, ring string) (*payback.Measured, error) {
	k, ok := in.Pilot.KPI(key)
	if !ok {
		return nil, fmt.Errorf("payback reduction names KPI %q, which pilot %s does not define", key, in.Pilot.Slug)
	}
	rh, ok := h.Ring(ring)
	if !ok {
		return nil, fmt.Errorf("payback reduction: pilot %s has no ring %q", in.Pilot.Slug, ring)
	}
	kh, _ := rh.KPI(key)
	frac := health.Improvement(*k, kh)
	if frac == nil {
		return nil, fmt.Errorf("reduction names KPI %s but it has no measured value yet in ring %s (import its metrics, or give reduction as a fraction)", key, ring)
	}
	m := &payback.Measured{KPI: key, Ring: ring, AsOf: in.AsOf, Fraction: *frac}
	if kh.Latest != nil {
		if d, err := model.ParseDate(*kh.Latest); err == nil {
			m.AsOf = d
			m.Spread = spread(in.Obs[ring][key], *k, kh.Baseline, d)
		}
	}
	return m, nil
}

// spread is the standard deviation of the daily improvement fractions in
// the KPI's window ending at latest.
func spread(s health.Series, k model.KPI, baseline *float64, latest model.Date) float64 {
	if baseline == nil || *baseline == 0 {
		return 0
	}
	from := latest.AddDays(-(k.WindowDays() - 1))
	var xs []float64
	for i, d := range s.Days {
		if d >= from && d <= latest && i < len(s.Values) {
			x := (s.Values[i] - *baseline) / *baseline
			if k.Better == model.BetterLower {
				x = -x
			}
			xs = append(xs, x)
		}
	}
	if len(xs) < 2 {
		return 0
	}
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// LastActivity is the newest sign of work on the pilot: its newest audit
// entry, or a dated event recorded in the pilot itself (stage change,
// sign-off, review, drill, tick, risk review, hypothesis revision), so a
// pilot loaded from a file still shows when it was last worked on.
func LastActivity(in Input) model.Date {
	last := in.LastActivity
	seen := func(d model.Date) {
		if d > last && (in.AsOf.IsZero() || d <= in.AsOf) {
			last = d
		}
	}
	p := in.Pilot
	seen(p.StageSince)
	for _, r := range p.Hypothesis.Revisions {
		seen(model.DateOf(r.At))
	}
	for _, s := range p.Signoffs {
		seen(model.DateOf(s.At))
	}
	for _, r := range p.Reviews {
		seen(r.Date)
	}
	for _, b := range p.Runbooks {
		for _, d := range b.Drills {
			seen(d.Date)
		}
	}
	for _, g := range p.Gates {
		for _, t := range g.Ticks {
			seen(model.DateOf(t.At))
		}
	}
	for _, r := range p.Risks {
		seen(r.LastReview)
	}
	return last
}

// deliveringRing is the ring whose KPIs say whether the pilot delivers: the
// most advanced ring that is active or complete (a production pilot's
// rings are all complete).
func deliveringRing(p *model.Pilot) string {
	for i := len(p.Rings) - 1; i >= 0; i-- {
		if s := p.Rings[i].Status; s == model.RingActive || s == model.RingComplete {
			return p.Rings[i].Name
		}
	}
	return ""
}

func triageFacts(in Input, a Assessment, facts []gates.KPIFact) triage.Facts {
	f := triage.Facts{Pilot: in.Pilot, AsOf: in.AsOf, LastActivity: LastActivity(in), Payback: a.Payback}
	if ring := deliveringRing(in.Pilot); ring != "" {
		if rh, ok := a.Health.Ring(ring); ok {
			for _, kh := range rh.KPIs {
				k, _ := in.Pilot.KPI(kh.Key)
				f.KPIs = append(f.KPIs, triage.KPIFact{Key: kh.Key, Ring: ring, Improvement: health.Improvement(*k, kh), Critical: kh.Critical,
					Status: string(kh.Status), Target: kh.Target})
			}
		}
	}
	f.Guards = guards(in, a, facts)
	return f
}

// evaluate judges a gate; a variable so a test can count the judgements.
var evaluate = gates.Evaluate

// guards are the pilot's production-readiness criteria in the dimensions
// that embed controls (gates.GuardDimensions), as judged now: the next
// gate's readiness when that gate is PRG. Else only PRG's criteria in those
// dimensions are judged, without its checklist hash unless a sign-off
// needs it (the hash was most of a dashboard's fill; the whole gate judged
// a second time, most of the rest).
func guards(in Input, a Assessment, facts []gates.KPIFact) []triage.Guard {
	var prg gates.Readiness
	if a.NextGate == model.GatePRG && a.Readiness != nil {
		prg = *a.Readiness
	} else {
		var err error
		prg, err = evaluate(gates.Input{Pilot: in.Pilot, Gate: model.GatePRG, AsOf: in.AsOf, KPIs: facts, HashWhenSigned: true, Dimensions: gates.GuardDimensions})
		if err != nil {
			return nil
		}
	}
	guarding := map[string]bool{}
	for _, d := range gates.GuardDimensions {
		guarding[d] = true
	}
	// A stale approval was given, against a checklist that has changed
	// since: re-signing is for the gate review; the control is not missing.
	role := map[string]model.Role{}
	if cs, err := gates.Criteria(in.Pilot, model.GatePRG); err == nil {
		for _, c := range cs {
			role[c.ID] = c.Role
		}
	}
	staleApproval := map[string]bool{}
	for _, s := range prg.Signoffs {
		if s.Stale && s.Decision == string(model.DecisionApprove) {
			staleApproval[s.Role] = true
		}
	}
	var out []triage.Guard
	for _, c := range prg.Criteria {
		if !guarding[c.Dimension] {
			continue
		}
		g := triage.Guard{Dimension: c.Dimension, Kind: c.Kind, Text: c.Text, Status: c.Status, Evidence: c.Evidence}
		if c.Kind == string(model.KindSignoff) && c.Status == gates.Unknown && staleApproval[string(role[c.ID])] {
			g.Status = triage.GuardStale
		}
		out = append(out, g)
	}
	return out
}

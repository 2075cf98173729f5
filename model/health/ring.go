package health

import (
	"fmt"
	"math"

	"ringside/model"
)

// Score thresholds of a ring (Keptn-style quality gate).
const (
	FailBelow = 75.0 // a score below this fails the ring
	WarnBelow = 90.0 // a score below this warns
)

// Evaluate judges every ring the pilot defines, in rollout order; ring
// "baseline" only supplies baselines and is not judged itself.
func Evaluate(in Input) PilotHealth {
	ph := PilotHealth{AsOf: in.AsOf.String(), Rings: []RingHealth{}}
	if in.Pilot == nil {
		return ph
	}
	ph.Pilot, ph.Name = in.Pilot.Slug, in.Pilot.Name
	// Every ring without a single series is judged alike: each KPI's
	// verdict depends on the KPI, the baselines and the day, not on the
	// ring, so it is judged once and the rings share it (a portfolio
	// without data is all such rings: 36,000 verdicts for 1,000 pilots,
	// 12,000 of them different). The shared KPIs and reasons are full
	// slices (cap = len): an append by a caller copies, never overwrites
	// another ring's.
	var empty *RingHealth
	noObs := noObservations(in.AsOf)
	for _, r := range in.Pilot.Rings {
		if r.Name == model.BaselineRing {
			continue
		}
		series := in.Obs[r.Name]
		if len(series) == 0 && empty != nil {
			rh := *empty
			rh.Ring = r.Name
			ph.Rings = append(ph.Rings, rh)
			continue
		}
		kpis := make([]KPIHealth, 0, len(in.Pilot.KPIs))
		for _, k := range in.Pilot.KPIs {
			var rb *float64
			if v, ok := in.BaselineMeans[k.Key]; ok {
				rb = &v
			}
			var bs *Series
			if b, ok := in.Baselines[k.Key]; ok {
				bs = &b
			}
			kh := evaluateKPIOf(k, series[k.Key], rb, bs, in.AsOf, noObs)
			if k.SLO != nil { // good and total counts, slo.go
				kh = applySLO(kh, k, series, in.AsOf)
			}
			kpis = append(kpis, kh)
		}
		ph.Rings = append(ph.Rings, EvaluateRing(r.Name, kpis))
		if len(series) == 0 {
			rh := ph.Rings[len(ph.Rings)-1]
			rh.KPIs, rh.Why = rh.KPIs[:len(rh.KPIs):len(rh.KPIs)], rh.Why[:len(rh.Why):len(rh.Why)]
			ph.Rings[len(ph.Rings)-1], empty = rh, &rh
		}
	}
	return ph
}

// EvaluateRing rolls KPI verdicts up into the ring's: score = 100 ×
// Σ(weight × s) ÷ Σ(weight) over KPIs with data (s: pass 1, warn 0.5,
// fail 0); nodata if every KPI is; else fail if a trigger fired, a critical
// KPI fails or the score is below 75; else warn if a KPI warns or has no
// data or the score is below 90; else pass.
func EvaluateRing(ring string, kpis []KPIHealth) RingHealth {
	rh := RingHealth{Ring: ring, Status: NoData, KPIs: kpis, Why: Reasons{}}
	if rh.KPIs == nil {
		rh.KPIs = []KPIHealth{}
	}
	var sumW, sumWS float64
	withData := 0
	var fails, warns, notes []string
	if !anyData(kpis) {
		// Nothing to score: only a fired trigger has something to say (a
		// stale KPI fires none, but an SLO's verdict may), and the "has no
		// data" warnings would go unread.
		for _, k := range kpis {
			if k.Rollback {
				rh.Rollback = true
				fails = append(fails, rollbackLine(k))
			}
		}
		kpis = nil
	}
	for _, k := range kpis {
		if k.Rollback {
			rh.Rollback = true
			fails = append(fails, rollbackLine(k))
		}
		switch k.Status {
		case NoData:
			warns = append(warns, k.Key+" has no data")
			continue
		case Pass:
			sumWS += k.Weight
		case Warn:
			sumWS += k.Weight * 0.5
			warns = append(warns, k.Key+" warns") // "%s warns"
		case Fail:
			if k.Critical {
				fails = append(fails, "critical KPI "+k.Key+" fails") // "critical KPI %s fails"
			} else {
				notes = append(notes, "should-meet KPI "+k.Key+" fails: it counts in the score only") // "should-meet KPI %s fails: it counts in the score only"
			}
		}
		sumW += k.Weight
		withData++
	}
	if withData == 0 {
		if len(rh.KPIs) == 0 {
			rh.Why = append(rh.Why, Reason{KindNoData, "the pilot defines no KPIs: no data"})
		} else {
			rh.Why = append(rh.Why, Reason{KindNoData, "no KPI has fresh data that can be judged: no data"})
		}
		if rh.Rollback {
			for _, f := range fails {
				rh.line(KindRollback, f)
			}
		}
		return rh
	}
	if sumW == 0 {
		// Every KPI with data weighs 0: there is no score to take, and the
		// verdict rests on triggers, must-meet failures and warnings alone.
		rh.why(KindScore, "no score: each of the %d KPIs with data has weight 0", withData)
	} else {
		score := 100 * sumWS / sumW
		rh.Score = reported(score)
		js := judged(score)
		rh.line(KindScore, scoreLine(show(js, math.NaN()), show(sumWS, math.NaN()), show(sumW, math.NaN()), withData, len(kpis)))
		if js < FailBelow {
			fails = append(fails, belowLine(show(js, FailBelow), FailBelow))
		} else if js < WarnBelow {
			warns = append(warns, belowLine(show(js, WarnBelow), WarnBelow))
		}
	}
	switch {
	case len(fails) > 0:
		rh.Status = Fail
	case len(warns) > 0:
		rh.Status = Warn
	default:
		rh.Status = Pass
		rh.line(KindPass, "every KPI with data passes and no trigger fired")
	}
	for _, f := range fails {
		rh.line(KindFail, "fail: "+f) // "fail: %s"
	}
	for _, w := range warns {
		rh.line(KindWarn, "warn: "+w) // "warn: %s"
	}
	for _, n := range notes {
		rh.line(KindNote, n)
	}
	return rh
}

// anyData reports whether any KPI has data to judge.
func anyData(kpis []KPIHealth) bool {
	for i := range kpis {
		if kpis[i].Status != NoData {
			return true
		}
	}
	return false
}

// rollbackLine is the ring's line for a KPI whose trigger fired.
func rollbackLine(k KPIHealth) string {
	if k.SLO != nil && k.SLO.Fast {
		return fmt.Sprintf("fast burn of the error budget of %s fired like a rollback trigger", k.Key)
	}
	return rollbackOfLine(k.Trigger, k.Key)
}

func (r *RingHealth) why(k Kind, format string, args ...any) { r.Why.add(k, format, args...) }

// Improvement is the measured fraction of improvement of a KPI, for the
// payback model: −pct ÷ 100 when lower is better, pct ÷ 100 when higher is
// better; nil when there is no pct (no fresh data, no or zero baseline).
func Improvement(k model.KPI, h KPIHealth) *float64 {
	if h.Pct == nil {
		return nil
	}
	var f float64
	switch k.Better {
	case model.BetterLower:
		f = -*h.Pct / 100
	case model.BetterHigher:
		f = *h.Pct / 100
	default:
		return nil
	}
	return &f
}

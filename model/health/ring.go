package health

import (
	"fmt"

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
	return EvaluateReusing(in, nil)
}

// Scratch is the memory of one pilot's verdicts that EvaluateReusing
// writes the next pilot's verdicts in: their reason lines, figures,
// verdicts and reasons, and the evaluator's own. A pilot with data takes
// about 44 kB of them (the bench's 3 rings of 12 KPIs), all of it memory
// new to the process otherwise: 3.3 MB for the bench's 76 pilots, a 4 kB
// page of it 2 µs on the bench's machine. The zero value is ready.
type Scratch struct {
	texts   []byte
	figs    []figures
	kpis    []KPIHealth
	reasons Reasons
	rings   []RingHealth
	e       evaluator
}

// EvaluateReusing is Evaluate, the verdicts written in sc's memory (nil:
// new memory, as Evaluate): those of sc's call before are overwritten, so
// the caller must be done with every string and slice of them first (a
// renderer that has copied them out is).
func EvaluateReusing(in Input, sc *Scratch) PilotHealth {
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
	var e *evaluator
	if sc != nil {
		e = &sc.e
		*e = evaluator{days: e.days, fails: e.fails[:0], warns: e.warns[:0], notes: e.notes[:0]}
	} else {
		e = &evaluator{}
	}
	e.noObs = noObservations(in.AsOf)
	nk, withSeries, without := len(in.Pilot.KPIs), 0, 0 // rings judged: those with series, and one without
	for _, r := range in.Pilot.Rings {
		switch {
		case r.Name == model.BaselineRing:
		case len(in.Obs[r.Name]) > 0:
			withSeries++
		default:
			without = 1
		}
	}
	room := max(withSeries*nk*textsPerKPI+without*nk*64, lineRoom)
	judged := withSeries + without
	e.room = judged * (nk*(reasonsPerKPI+1) + 2) // a ring gives a line or so a KPI, and two
	var all []KPIHealth                          // the rings' verdicts, a full slice each
	if sc == nil {
		e.t.grow(room)
		e.figs = make([]figures, judged*nk)
		all = make([]KPIHealth, 0, judged*nk)
	} else {
		if cap(sc.texts) < room {
			sc.texts = make([]byte, 0, room)
		}
		if cap(sc.figs) < judged*nk {
			sc.figs = make([]figures, judged*nk)
		}
		if cap(sc.kpis) < judged*nk {
			sc.kpis = make([]KPIHealth, 0, judged*nk)
		}
		if cap(sc.reasons) < e.room {
			sc.reasons = make(Reasons, 0, e.room)
		}
		e.t.b, e.reasons = sc.texts[:0], sc.reasons[:0]
		e.figs = sc.figs[:judged*nk]
		clear(e.figs)
		all = sc.kpis[:0]
		if sc.rings != nil {
			ph.Rings = sc.rings[:0] // not nil: no ring is [], not null
		}
		defer func() {
			// What grew past its room keeps the bigger array.
			if cap(e.t.b) > cap(sc.texts) {
				sc.texts = e.t.b[:0]
			}
			sc.rings = ph.Rings[:0]
		}()
	}
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
		kpis := all[len(all) : len(all) : len(all)+nk]
		for _, k := range in.Pilot.KPIs {
			var rb *float64
			if v, ok := in.BaselineMeans[k.Key]; ok {
				rb = &v
			}
			var bs *Series
			if b, ok := in.Baselines[k.Key]; ok {
				bs = &b
			}
			kpis = kpis[:len(kpis)+1]
			kh := &kpis[len(kpis)-1]
			e.judgeKPI(kh, k, series[k.Key], rb, bs, in.AsOf, e.nextFigures(nk))
			if k.SLO != nil { // good and total counts, slo.go
				*kh = applySLO(*kh, k, series, in.AsOf)
			}
			kh.Why = e.endWhy(kh.Why)
		}
		all = all[:len(all)+len(kpis)]
		ph.Rings = append(ph.Rings, e.ring(r.Name, kpis))
		if len(series) == 0 {
			rh := ph.Rings[len(ph.Rings)-1]
			rh.KPIs, rh.Why = rh.KPIs[:len(rh.KPIs):len(rh.KPIs)], rh.Why[:len(rh.Why):len(rh.Why)]
			ph.Rings[len(ph.Rings)-1], empty = rh, &rh
		}
	}
	return ph
}

// What a judged KPI takes, for the room a pilot's verdicts are given at
// once: about 430 bytes of reasons in 6 lines on the bench's portfolio,
// and 40 more of its ring's.
const (
	textsPerKPI   = 512
	reasonsPerKPI = 6
)

// EvaluateRing rolls KPI verdicts up into the ring's: score = 100 ×
// Σ(weight × s) ÷ Σ(weight) over KPIs with data (s: pass 1, warn 0.5,
// fail 0); nodata if every KPI is; else fail if a trigger fired, a critical
// KPI fails or the score is below 75; else warn if a KPI warns or has no
// data or the score is below 90; else pass.
func EvaluateRing(ring string, kpis []KPIHealth) RingHealth {
	var e evaluator
	return e.ring(ring, kpis)
}

// ring is EvaluateRing, its reasons kept among the shared ones.
func (e *evaluator) ring(ring string, kpis []KPIHealth) RingHealth {
	rh := e.judgeRing(ring, kpis)
	rh.Why = e.endWhy(rh.Why)
	return rh
}

// judgeRing is ring with its reasons from startWhy (the caller ends them).
func (e *evaluator) judgeRing(ring string, kpis []KPIHealth) RingHealth {
	rh := RingHealth{Ring: ring, Status: NoData, KPIs: kpis, Why: e.startWhy()}
	if rh.KPIs == nil {
		rh.KPIs = []KPIHealth{}
	}
	t := &e.t
	var sumW, sumWS float64
	withData := 0
	// fails and warns hold each line with its "fail: " or "warn: ".
	fails, warns, notes := e.fails[:0], e.warns[:0], e.notes[:0]
	defer func() { e.fails, e.warns, e.notes = fails[:0], warns[:0], notes[:0] }()
	if !anyData(kpis) {
		// Nothing to score: only a fired trigger has something to say (a
		// stale KPI fires none, but an SLO's verdict may), and the "has no
		// data" warnings would go unread.
		for i := range kpis {
			if kpis[i].Rollback {
				rh.Rollback = true
				fails = append(fails, e.rollbackLine(&kpis[i]))
			}
		}
		kpis = nil
	}
	for i := range kpis {
		k := &kpis[i]
		if k.Rollback {
			rh.Rollback = true
			fails = append(fails, e.rollbackLine(k))
		}
		switch k.Status {
		case NoData:
			t.str("warn: ")
			t.str(k.Key)
			t.str(" has no data")
			warns = append(warns, t.take())
			continue
		case Pass:
			sumWS += k.Weight
		case Warn:
			sumWS += k.Weight * 0.5
			t.str("warn: ")
			t.str(k.Key)
			t.str(" warns") // "%s warns"
			warns = append(warns, t.take())
		case Fail:
			if k.Critical {
				t.str("fail: critical KPI ")
				t.str(k.Key)
				t.str(" fails") // "critical KPI %s fails"
				fails = append(fails, t.take())
			} else {
				t.str("should-meet KPI ")
				t.str(k.Key)
				t.str(" fails: it counts in the score only") // "should-meet KPI %s fails: it counts in the score only"
				notes = append(notes, t.take())
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
				rh.line(KindRollback, f[len(failPrefix):])
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
		rh.line(KindScore, t.scoreLine(js, sumWS, sumW, withData, len(kpis)))
		if js < FailBelow {
			t.str(failPrefix)
			t.belowLine(js, FailBelow)
			fails = append(fails, t.take())
		} else if js < WarnBelow {
			t.str("warn: ")
			t.belowLine(js, WarnBelow)
			warns = append(warns, t.take())
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
		rh.line(KindFail, f) // "fail: %s"
	}
	for _, w := range warns {
		rh.line(KindWarn, w) // "warn: %s"
	}
	for _, n := range notes {
		rh.line(KindNote, n)
	}
	return rh
}

// failPrefix starts a ring's line of what fails it.
const failPrefix = "fail: "

// anyData reports whether any KPI has data to judge.
func anyData(kpis []KPIHealth) bool {
	for i := range kpis {
		if kpis[i].Status != NoData {
			return true
		}
	}
	return false
}

// rollbackLine is the ring's line for a KPI whose trigger fired, after
// "fail: ".
func (e *evaluator) rollbackLine(k *KPIHealth) string {
	t := &e.t
	t.str(failPrefix)
	if k.SLO != nil && k.SLO.Fast {
		t.str(fmt.Sprintf("fast burn of the error budget of %s fired like a rollback trigger", k.Key))
	} else {
		t.rollbackOfLine(k.Trigger, k.Key)
	}
	return t.take()
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

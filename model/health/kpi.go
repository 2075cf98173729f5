package health

import (
	"math"

	"ringside/model"
)

// EvaluateKPI judges one ring×KPI as of asOf. ringBaseline is the mean of
// ring "baseline" observations of the KPI's metric (nil: none); a baseline
// stated in the KPI definition takes precedence over it.
func EvaluateKPI(k model.KPI, s Series, ringBaseline *float64, asOf model.Date) KPIHealth {
	return evaluateKPI(k, s, ringBaseline, nil, asOf)
}

// evaluateKPI is EvaluateKPI with the baseline ring's sample, when there is
// one, for the interval of the change.
func evaluateKPI(k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date) KPIHealth {
	return evaluateKPIOf(k, s, ringBaseline, baseSample, asOf, "")
}

// evaluateKPIOf is evaluateKPI given the line of a KPI without
// observations, noObs (noObservations(asOf); "": built here), which a
// pilot's KPIs share.
func evaluateKPIOf(k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date, noObs string) KPIHealth {
	h := KPIHealth{
		Key:      k.Key,
		Name:     k.Name,
		Unit:     k.Unit,
		Status:   NoData,
		Target:   k.Target.String(),
		Warning:  k.Warning.String(),
		Trigger:  k.Rollback.String(),
		Critical: k.Critical,
		Weight:   k.EffectiveWeight(),
		Why:      make(Reasons, 0, 4), // most verdicts give 2–4 reasons
	}
	base := resolveBaseline(k, ringBaseline, &h)

	latest, ok := latestDay(s, asOf)
	if !ok && s.Latest > 0 && s.Latest <= asOf {
		// The supplied days hold nothing usable, but the store says when
		// the last observation was: report it as the stale data it is.
		day := s.Latest.String()
		h.Latest = &day
		h.why(KindNoData, "latest observation %s is %d days old (limit %d) and not in the supplied days: no data", s.Latest, int(asOf-s.Latest), model.StaleAfter)
		h.untriggered(k)
		return h
	}
	if !ok {
		// Concatenated, not formatted, once a pilot: a portfolio without
		// data is mostly these two lines, 36,000 of them for 1,000 pilots.
		if noObs == "" {
			noObs = noObservations(asOf)
		}
		h.Why = append(h.Why, Reason{KindNoData, noObs})
		h.untriggered(k)
		return h
	}
	day := latest.String()
	h.Latest = &day
	if age := int(asOf - latest); age > model.StaleAfter {
		h.why(KindNoData, "latest observation %s is %d days old (limit %d): no data", latest, age, model.StaleAfter)
		h.untriggered(k)
		return h
	}

	current, n := windowMean(s, latest, k.WindowDays())
	h.N = n
	m := model.NewMeasure(current, base)
	h.Current, h.Delta, h.Pct = reported(m.Value), reportedPtr(m.Delta), reportedPtr(m.Pct)
	jm := model.Measure{Value: judged(m.Value), Delta: judgedPtr(m.Delta), Pct: judgedPtr(m.Pct)}
	from := latest.AddDays(-(k.WindowDays() - 1))
	h.line(KindCurrent, currentLine(withUnit(show(jm.Value, math.NaN()), k.Unit), n, k.WindowDays(), from, latest))
	if k.SLO == nil { // an SLO's standing is its own measure of certainty
		h.intervals(k, s, baseSample, base, latest)
	}
	h.judge(k, jm, base)
	h.trigger(k, jm, base)
	h.conclude(k)
	return h
}

// noObservations is the reason of a KPI without observations on or
// before asOf.
func noObservations(asOf model.Date) string {
	return "no observations on or before " + asOf.String() + ": no data"
}

// resolveBaseline picks the KPI's own baseline, else the ring-baseline mean,
// and records which one it used.
func resolveBaseline(k model.KPI, ringBaseline *float64, h *KPIHealth) *float64 {
	var base *float64
	switch {
	case k.Baseline != nil && isFinite(*k.Baseline):
		b := *k.Baseline
		base, h.BaselineSource = &b, SourceKPI
	case ringBaseline != nil && isFinite(*ringBaseline):
		b := *ringBaseline
		base, h.BaselineSource = &b, SourceBaselineRing
	}
	h.Baseline = reportedPtr(base)
	return base
}

// latestDay is the day of the latest usable observation on or before asOf:
// data after the evaluation day is ignored, as if it had not arrived yet.
func latestDay(s Series, asOf model.Date) (model.Date, bool) {
	var latest model.Date
	found := false
	for i, d := range s.Days[:seriesLen(s)] {
		if d <= asOf && isFinite(s.Values[i]) && (!found || d > latest) {
			latest, found = d, true
		}
	}
	return latest, found
}

// windowMean averages the observations dated within the window that ends on
// latest (inclusive): window 7 and latest Jan 31 take Jan 25–31. A day of
// several readings counts each (Counts, Sums): 7 on one day and 1, 3, 5 on
// the next average to 16 / 4 = 4, not to the mean of day means (7 + 3) / 2.
func windowMean(s Series, latest model.Date, window int) (float64, int) {
	from := latest.AddDays(-(window - 1))
	counted := len(s.Counts) >= seriesLen(s) && len(s.Sums) >= seriesLen(s)
	in := func(i int) bool {
		d := s.Days[i]
		return d >= from && d <= latest && isFinite(s.Values[i]) && (!counted || (s.Counts[i] > 0 && isFinite(s.Sums[i])))
	}
	term := func(i int) (float64, int) {
		if counted {
			return s.Sums[i], s.Counts[i]
		}
		return s.Values[i], 1
	}
	var sum float64
	n := 0
	for i := range seriesLen(s) {
		if in(i) {
			v, k := term(i)
			sum += v
			n += k
		}
	}
	if isFinite(sum) {
		return sum / float64(n), n
	}
	// Values so large their sum overflows: add the scaled terms instead.
	sum = 0
	for i := range seriesLen(s) {
		if in(i) {
			v, _ := term(i)
			sum += v / float64(n)
		}
	}
	return sum, n
}

func seriesLen(s Series) int { return min(len(s.Days), len(s.Values)) }

// judge sets the status from the target and the warning criterion.
func (h *KPIHealth) judge(k model.KPI, m model.Measure, base *float64) {
	h.baselineWhy(k, base)
	if k.Target.IsZero() {
		h.why(KindTarget, "no target is defined: add one to judge this KPI")
		return
	}
	holds, ok := k.Target.Eval(m)
	if !ok {
		h.why(KindTarget, "%s: %s criterion cannot be judged", missingBaseline(base), k.Target.Subject)
		return
	}
	if holds {
		h.Status = Pass
		h.line(KindTarget, criterionLine(reading(k, k.Target, m, base), meetsTarget, k.Target, ""))
		return
	}
	h.Status = Fail
	h.line(KindTarget, criterionLine(reading(k, k.Target, m, base), missesTarget, k.Target, ""))
	if k.Warning.IsZero() {
		return
	}
	wHolds, wOK := k.Warning.Eval(m)
	switch {
	case !wOK:
		h.why(KindWarning, "warning %s cannot be judged (%s): fail", k.Warning, missingBaseline(base))
	case wHolds:
		h.Status = Warn
		h.line(KindWarning, criterionLine(reading(k, k.Warning, m, base), meetsWarning, k.Warning, warnTail))
	default:
		h.line(KindWarning, criterionLine(reading(k, k.Warning, m, base), missesWarning, k.Warning, failTail))
	}
}

// trigger judges the rollback trigger on fresh data.
func (h *KPIHealth) trigger(k model.KPI, m model.Measure, base *float64) {
	if k.Rollback.IsZero() {
		return
	}
	holds, ok := k.Rollback.Eval(m)
	switch {
	case !ok:
		h.why(KindTrigger, "rollback trigger %s cannot be judged: %s", k.Rollback, missingBaseline(base))
	case holds:
		h.Rollback = true
		h.line(KindRollback, triggerLine(k.Rollback, true, subjectReading(k, k.Rollback, m)))
	default:
		h.line(KindTrigger, triggerLine(k.Rollback, false, subjectReading(k, k.Rollback, m)))
	}
}

// untriggered explains that a trigger was not judged: stale data fires nothing.
func (h *KPIHealth) untriggered(k model.KPI) {
	if !k.Rollback.IsZero() {
		h.Why = append(h.Why, Reason{KindTrigger, "rollback trigger " + h.Trigger + " not judged: no fresh data"}) // h.Trigger is k.Rollback.String()
	}
}

func (h *KPIHealth) baselineWhy(k model.KPI, base *float64) {
	switch h.BaselineSource {
	case SourceKPI:
		h.line(KindBaseline, baselineKPILine(withUnit(show(*base, math.NaN()), k.Unit)))
	case SourceBaselineRing:
		h.line(KindBaseline, baselineRingLine(withUnit(show(*base, math.NaN()), k.Unit)))
	default:
		h.why(KindBaseline, "no baseline (none in the KPI definition, no ring %q observations): only value criteria can be judged", model.BaselineRing)
	}
}

// reading describes the measure in the terms of criterion c, e.g.
// "current 6.63 min vs baseline 7.5: -11.6 %".
func reading(k model.KPI, c model.Criterion, m model.Measure, base *float64) string {
	cur := "current " + withUnit(show(m.Value, c.Value), k.Unit)
	if c.Subject == model.SubjectValue {
		return cur
	}
	return cur + " vs baseline " + show(*base, math.NaN()) + ": " + subjectValue(k, c, m)
}

// subjectReading is the criterion's subject alone, for trigger lines:
// "+7.2 % vs baseline", "delta +0.6 min vs baseline", "current 9.5 min".
func subjectReading(k model.KPI, c model.Criterion, m model.Measure) string {
	if c.Subject == model.SubjectValue {
		return "current " + withUnit(show(m.Value, c.Value), k.Unit)
	}
	return subjectValue(k, c, m) + " vs baseline"
}

func subjectValue(k model.KPI, c model.Criterion, m model.Measure) string {
	if c.Subject == model.SubjectDelta {
		return "delta " + withUnit(signed(*m.Delta, c.Value), k.Unit)
	}
	return signed(*m.Pct, c.Value) + " %"
}

func missingBaseline(base *float64) string {
	if base != nil && *base == 0 {
		return "baseline is 0, so pct is undefined"
	}
	return "no baseline"
}

func (h *KPIHealth) why(k Kind, format string, args ...any) { h.Why.add(k, format, args...) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

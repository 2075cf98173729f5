package health

// The engine as it was before judging wrote its reasons into one
// buffer (session 9): the oracle of TestEvaluateIsItsOldForm. Every
// name of it is prefixed old.

import (
	"fmt"
	"math"

	"ringside/model"
	"ringside/model/stats"
)

// ---- kpi.go as it was

// EvaluateKPI judges one ring×KPI as of asOf. ringBaseline is the mean of
// ring "baseline" observations of the KPI's metric (nil: none); a baseline
// stated in the KPI definition takes precedence over it.
func oldXEvaluateKPI(k model.KPI, s Series, ringBaseline *float64, asOf model.Date) KPIHealth {
	return oldEvaluateKPI(k, s, ringBaseline, nil, asOf)
}

// evaluateKPI is EvaluateKPI with the baseline ring's sample, when there is
// one, for the interval of the change.
func oldEvaluateKPI(k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date) KPIHealth {
	return oldEvaluateKPIOf(k, s, ringBaseline, baseSample, asOf, "")
}

// evaluateKPIOf is evaluateKPI given the line of a KPI without
// observations, noObs (noObservations(asOf); "": built here), which a
// pilot's KPIs share.
func oldEvaluateKPIOf(k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date, noObs string) KPIHealth {
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
	base := oldResolveBaseline(k, ringBaseline, &h)

	latest, ok := oldLatestDay(s, asOf)
	if !ok && s.Latest > 0 && s.Latest <= asOf {
		// The supplied days hold nothing usable, but the store says when
		// the last observation was: report it as the stale data it is.
		day := s.Latest.String()
		h.Latest = &day
		h.oldWhy(KindNoData, "latest observation %s is %d days old (limit %d) and not in the supplied days: no data", s.Latest, int(asOf-s.Latest), model.StaleAfter)
		h.oldUntriggered(k)
		return h
	}
	if !ok {
		// Concatenated, not formatted, once a pilot: a portfolio without
		// data is mostly these two lines, 36,000 of them for 1,000 pilots.
		if noObs == "" {
			noObs = oldNoObservations(asOf)
		}
		h.Why = append(h.Why, Reason{KindNoData, noObs})
		h.oldUntriggered(k)
		return h
	}
	day := latest.String()
	h.Latest = &day
	if age := int(asOf - latest); age > model.StaleAfter {
		h.oldWhy(KindNoData, "latest observation %s is %d days old (limit %d): no data", latest, age, model.StaleAfter)
		h.oldUntriggered(k)
		return h
	}

	current, n := oldWindowMean(s, latest, k.WindowDays())
	h.N = n
	m := model.NewMeasure(current, base)
	h.Current, h.Delta, h.Pct = oldReported(m.Value), oldReportedPtr(m.Delta), oldReportedPtr(m.Pct)
	jm := model.Measure{Value: oldJudged(m.Value), Delta: oldJudgedPtr(m.Delta), Pct: oldJudgedPtr(m.Pct)}
	from := latest.AddDays(-(k.WindowDays() - 1))
	h.oldLine(KindCurrent, oldCurrentLine(oldWithUnit(oldShow(jm.Value, math.NaN()), k.Unit), n, k.WindowDays(), from, latest))
	if k.SLO == nil { // an SLO's standing is its own measure of certainty
		h.oldIntervals(k, s, baseSample, base, latest)
	}
	h.oldJudge(k, jm, base)
	h.oldTrigger(k, jm, base)
	h.oldConclude(k)
	return h
}

// noObservations is the reason of a KPI without observations on or
// before asOf.
func oldNoObservations(asOf model.Date) string {
	return "no observations on or before " + asOf.String() + ": no data"
}

// resolveBaseline picks the KPI's own baseline, else the ring-baseline mean,
// and records which one it used.
func oldResolveBaseline(k model.KPI, ringBaseline *float64, h *KPIHealth) *float64 {
	var base *float64
	switch {
	case k.Baseline != nil && oldIsFinite(*k.Baseline):
		b := *k.Baseline
		base, h.BaselineSource = &b, SourceKPI
	case ringBaseline != nil && oldIsFinite(*ringBaseline):
		b := *ringBaseline
		base, h.BaselineSource = &b, SourceBaselineRing
	}
	h.Baseline = oldReportedPtr(base)
	return base
}

// latestDay is the day of the latest usable observation on or before asOf:
// data after the evaluation day is ignored, as if it had not arrived yet.
func oldLatestDay(s Series, asOf model.Date) (model.Date, bool) {
	var latest model.Date
	found := false
	for i, d := range s.Days[:oldSeriesLen(s)] {
		if d <= asOf && oldIsFinite(s.Values[i]) && (!found || d > latest) {
			latest, found = d, true
		}
	}
	return latest, found
}

// windowMean averages the observations dated within the window that ends on
// latest (inclusive): window 7 and latest Jan 31 take Jan 25–31. A day of
// several readings counts each (Counts, Sums): 7 on one day and 1, 3, 5 on
// the next average to 16 / 4 = 4, not to the mean of day means (7 + 3) / 2.
func oldWindowMean(s Series, latest model.Date, window int) (float64, int) {
	from := latest.AddDays(-(window - 1))
	counted := len(s.Counts) >= oldSeriesLen(s) && len(s.Sums) >= oldSeriesLen(s)
	in := func(i int) bool {
		d := s.Days[i]
		return d >= from && d <= latest && oldIsFinite(s.Values[i]) && (!counted || (s.Counts[i] > 0 && oldIsFinite(s.Sums[i])))
	}
	term := func(i int) (float64, int) {
		if counted {
			return s.Sums[i], s.Counts[i]
		}
		return s.Values[i], 1
	}
	var sum float64
	n := 0
	for i := range oldSeriesLen(s) {
		if in(i) {
			v, k := term(i)
			sum += v
			n += k
		}
	}
	if oldIsFinite(sum) {
		return sum / float64(n), n
	}
	// Values so large their sum overflows: add the scaled terms instead.
	sum = 0
	for i := range oldSeriesLen(s) {
		if in(i) {
			v, _ := term(i)
			sum += v / float64(n)
		}
	}
	return sum, n
}

func oldSeriesLen(s Series) int { return min(len(s.Days), len(s.Values)) }

// judge sets the status from the target and the warning criterion.
func (h *KPIHealth) oldJudge(k model.KPI, m model.Measure, base *float64) {
	h.oldBaselineWhy(k, base)
	if k.Target.IsZero() {
		h.oldWhy(KindTarget, "no target is defined: add one to judge this KPI")
		return
	}
	holds, ok := k.Target.Eval(m)
	if !ok {
		h.oldWhy(KindTarget, "%s: %s criterion cannot be judged", oldMissingBaseline(base), k.Target.Subject)
		return
	}
	if holds {
		h.Status = Pass
		h.oldLine(KindTarget, oldCriterionLine(oldReading(k, k.Target, m, base), oldMeetsTarget, k.Target, ""))
		return
	}
	h.Status = Fail
	h.oldLine(KindTarget, oldCriterionLine(oldReading(k, k.Target, m, base), oldMissesTarget, k.Target, ""))
	if k.Warning.IsZero() {
		return
	}
	wHolds, wOK := k.Warning.Eval(m)
	switch {
	case !wOK:
		h.oldWhy(KindWarning, "warning %s cannot be judged (%s): fail", k.Warning, oldMissingBaseline(base))
	case wHolds:
		h.Status = Warn
		h.oldLine(KindWarning, oldCriterionLine(oldReading(k, k.Warning, m, base), oldMeetsWarning, k.Warning, oldWarnTail))
	default:
		h.oldLine(KindWarning, oldCriterionLine(oldReading(k, k.Warning, m, base), oldMissesWarning, k.Warning, oldFailTail))
	}
}

// trigger judges the rollback trigger on fresh data.
func (h *KPIHealth) oldTrigger(k model.KPI, m model.Measure, base *float64) {
	if k.Rollback.IsZero() {
		return
	}
	holds, ok := k.Rollback.Eval(m)
	switch {
	case !ok:
		h.oldWhy(KindTrigger, "rollback trigger %s cannot be judged: %s", k.Rollback, oldMissingBaseline(base))
	case holds:
		h.Rollback = true
		h.oldLine(KindRollback, oldTriggerLine(k.Rollback, true, oldSubjectReading(k, k.Rollback, m)))
	default:
		h.oldLine(KindTrigger, oldTriggerLine(k.Rollback, false, oldSubjectReading(k, k.Rollback, m)))
	}
}

// untriggered explains that a trigger was not judged: stale data fires nothing.
func (h *KPIHealth) oldUntriggered(k model.KPI) {
	if !k.Rollback.IsZero() {
		h.Why = append(h.Why, Reason{KindTrigger, "rollback trigger " + h.Trigger + " not judged: no fresh data"}) // h.Trigger is k.Rollback.String()
	}
}

func (h *KPIHealth) oldBaselineWhy(k model.KPI, base *float64) {
	switch h.BaselineSource {
	case SourceKPI:
		h.oldLine(KindBaseline, oldBaselineKPILine(oldWithUnit(oldShow(*base, math.NaN()), k.Unit)))
	case SourceBaselineRing:
		h.oldLine(KindBaseline, oldBaselineRingLine(oldWithUnit(oldShow(*base, math.NaN()), k.Unit)))
	default:
		h.oldWhy(KindBaseline, "no baseline (none in the KPI definition, no ring %q observations): only value criteria can be judged", model.BaselineRing)
	}
}

// reading describes the measure in the terms of criterion c, e.g.
// "current 6.63 min vs baseline 7.5: -11.6 %".
func oldReading(k model.KPI, c model.Criterion, m model.Measure, base *float64) string {
	cur := "current " + oldWithUnit(oldShow(m.Value, c.Value), k.Unit)
	if c.Subject == model.SubjectValue {
		return cur
	}
	return cur + " vs baseline " + oldShow(*base, math.NaN()) + ": " + oldSubjectValue(k, c, m)
}

// subjectReading is the criterion's subject alone, for trigger lines:
// "+7.2 % vs baseline", "delta +0.6 min vs baseline", "current 9.5 min".
func oldSubjectReading(k model.KPI, c model.Criterion, m model.Measure) string {
	if c.Subject == model.SubjectValue {
		return "current " + oldWithUnit(oldShow(m.Value, c.Value), k.Unit)
	}
	return oldSubjectValue(k, c, m) + " vs baseline"
}

func oldSubjectValue(k model.KPI, c model.Criterion, m model.Measure) string {
	if c.Subject == model.SubjectDelta {
		return "delta " + oldWithUnit(oldSigned(*m.Delta, c.Value), k.Unit)
	}
	return oldSigned(*m.Pct, c.Value) + " %"
}

func oldMissingBaseline(base *float64) string {
	if base != nil && *base == 0 {
		return "baseline is 0, so pct is undefined"
	}
	return "no baseline"
}

func (h *KPIHealth) oldWhy(k Kind, format string, args ...any) { h.Why.add(k, format, args...) }

func oldPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func oldIsFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// ---- confidence.go as it was

// How sure a verdict is. For each ring×KPI with data the engine
// computes a confidence interval for the current level and, against the
// baseline, for the change (delta and pct): with a baseline stated in the
// KPI the change's interval is the level's, shifted; with a baseline that
// is a sample (ring "baseline"), it is a two-sample interval. Observations
// that look normal (or are too few to test, under stats.NormalityMinN
// days) get Student's t for the level and Welch's t for the change, from
// the window's moments (n, Σx, Σx² of every reading); day values that fail
// D'Agostino–Pearson's test at 5 % get the Hodges–Lehmann intervals of
// the Wilcoxon signed-rank and Mann–Whitney tests, on the day values (a
// rank method needs values, and a day holds its mean). A KPI that asks
// (confidence: 0.95) has a target met by the point estimate but not by
// the whole interval judged warn, "inconclusive"; without that, verdicts
// are as before and the interval is shown at DefaultConfidence.

// DefaultConfidence is the level of the interval shown for a KPI that
// asks for none.
const oldXDefaultConfidence = 0.95

// nonNormalP is the normality test's level: a p-value below it sends the
// day values to the rank methods.
const oldNonNormalP = 0.05

// sample is the window's observations of one ring×KPI.
type oldSample struct {
	moments stats.Moments
	days    []float64 // day values (means of each day's readings)
	p       float64   // D'Agostino–Pearson p of the day values, when tested
	tested  bool
}

// windowSample collects the observations dated from..to (inclusive).
func oldWindowSample(s Series, from, to model.Date) oldSample {
	var out oldSample
	perDay := len(s.Counts) >= oldSeriesLen(s) && len(s.Sums) >= oldSeriesLen(s) && len(s.SumSqs) >= oldSeriesLen(s)
	for i := range oldSeriesLen(s) {
		d, v := s.Days[i], s.Values[i]
		if d < from || d > to || !oldIsFinite(v) {
			continue
		}
		out.days = append(out.days, v)
		if perDay && s.Counts[i] > 0 {
			out.moments.N += s.Counts[i]
			out.moments.Sum += s.Sums[i]
			out.moments.SumSq += s.SumSqs[i]
		} else {
			out.moments.N++
			out.moments.Sum += v
			out.moments.SumSq += v * v
		}
	}
	out.p, out.tested = stats.NormalityP(out.days) // once: the method and its reasons both ask
	return out
}

// allSample is every observation of a series on or before asOf.
func oldAllSample(s Series, asOf model.Date) oldSample {
	return oldWindowSample(s, math.MinInt32, asOf)
}

// normalish reports whether the day values may be taken as normal, and the
// p-value when they were tested.
func (s oldSample) oldNormalish() (bool, float64, bool) {
	return !s.tested || s.p >= oldNonNormalP, s.p, s.tested
}

// levelInterval is the interval for the current level.
func oldLevelInterval(s oldSample, conf float64) (stats.Interval, bool) {
	if ok, _, _ := s.oldNormalish(); ok {
		return stats.TInterval(s.moments, conf)
	}
	return stats.SignedRankInterval(s.days, conf)
}

// changeInterval is the interval for current − baseline when the baseline
// is a sample.
func oldChangeInterval(cur, base oldSample, conf float64) (stats.Interval, bool) {
	okA, _, _ := cur.oldNormalish()
	okB, _, _ := base.oldNormalish()
	if okA && okB {
		return stats.WelchInterval(cur.moments, base.moments, conf)
	}
	return stats.MannWhitneyInterval(cur.days, base.days, conf)
}

// level is the confidence level of a KPI's intervals.
func oldLevel(k model.KPI) float64 {
	if k.Confidence > 0 {
		return k.Confidence
	}
	return oldXDefaultConfidence
}

// intervals fills the interval fields of h, with a reason line for each.
func (h *KPIHealth) oldIntervals(k model.KPI, s Series, baseSample *Series, base *float64, latest model.Date) {
	conf := oldLevel(k)
	from := latest.AddDays(-(k.WindowDays() - 1))
	cur := oldWindowSample(s, from, latest)
	c := conf
	h.Confidence = &c
	lvl, ok := oldLevelInterval(cur, conf)
	if !ok {
		h.oldWhy(KindConfidence, "no %s interval: %s", oldPercentOf(conf), oldTooFew(cur.moments.N))
		return
	}
	h.CILow, h.CIHigh, h.CIMethod = oldReported(lvl.Low), oldReported(lvl.High), lvl.Method
	h.oldLine(KindConfidence, oldLevelLine(oldPercentOf(conf),
		oldWithUnit(oldShow(oldJudged(lvl.Low), math.NaN()), k.Unit), oldWithUnit(oldShow(oldJudged(lvl.High), math.NaN()), k.Unit), oldMethodText(lvl, cur)))

	// The change against the baseline.
	var dLo, dHi float64
	haveDelta := false
	if base != nil {
		var bs oldSample
		if h.BaselineSource == SourceBaselineRing && baseSample != nil {
			bs = oldAllSample(*baseSample, latest)
		}
		if bs.moments.N > 0 {
			ch, ok := oldChangeInterval(cur, bs, conf)
			if ok {
				dLo, dHi, haveDelta = ch.Low, ch.High, true
				h.ChangeMethod, h.BaselineN = ch.Method, bs.moments.N
				h.oldLine(KindConfidence, oldChangeLine(oldPercentOf(conf),
					oldSigned(oldJudged(dLo), math.NaN()), oldSigned(oldJudged(dHi), math.NaN()), oldChangeText(ch, cur, bs)))
			} else {
				h.oldWhy(KindConfidence, "no %s interval of the change: %s", oldPercentOf(conf), oldTooFew(min(cur.moments.N, bs.moments.N)))
			}
		} else {
			// A stated baseline (or a ring mean without its sample) is a
			// constant: the change's interval is the level's, shifted.
			dLo, dHi, haveDelta = lvl.Low-*base, lvl.High-*base, true
			h.ChangeMethod = lvl.Method
		}
	}
	if haveDelta {
		h.DeltaCILow, h.DeltaCIHigh = oldReported(dLo), oldReported(dHi)
		if *base != 0 {
			pLo, pHi := dLo / *base * 100, dHi / *base * 100
			if pLo > pHi {
				pLo, pHi = pHi, pLo
			}
			h.PctCILow, h.PctCIHigh = oldReported(pLo), oldReported(pHi)
		}
	}
}

// conclude says whether the target's verdict holds over the whole interval
// of its subject and, for a KPI that asks, makes an unproven pass a warn.
func (h *KPIHealth) oldConclude(k model.KPI) {
	conf := oldLevel(k)
	if k.Target.IsZero() {
		return
	}
	lo, hi := h.oldSubjectInterval(k.Target.Subject)
	if lo == nil || hi == nil {
		return
	}
	at := func(x float64) (bool, bool) { return k.Target.Eval(model.Measure{Value: x, Delta: &x, Pct: &x}) }
	holdsLo, okLo := at(*lo)
	holdsHi, okHi := at(*hi)
	if !okLo || !okHi {
		return
	}
	conclusive := holdsLo == holdsHi
	h.Conclusive = &conclusive
	if conclusive || h.Status != Pass || k.Confidence <= 0 {
		return // a KPI that asks for no confidence keeps its verdict; conclusive says the rest
	}
	unit := " " + k.Unit
	switch k.Target.Subject {
	case model.SubjectPct:
		unit = " %"
	case model.SubjectValue, model.SubjectDelta:
		if k.Unit == "" {
			unit = ""
		}
	}
	t := k.Target.Value
	text := fmt.Sprintf("inconclusive: %s interval %s%s … %s%s crosses the target %s%s", oldPercentOf(conf),
		oldSubjectShow(k.Target.Subject, *lo, t), unit, oldSubjectShow(k.Target.Subject, *hi, t), unit, oldSubjectShow(k.Target.Subject, t, t), unit)
	h.Status = Warn
	h.oldWhy(KindInconclusive, "%s: warn", text)
}

// subjectInterval is the interval in the terms of a criterion's subject.
func (h *KPIHealth) oldSubjectInterval(s model.Subject) (*float64, *float64) {
	switch s {
	case model.SubjectDelta:
		return h.DeltaCILow, h.DeltaCIHigh
	case model.SubjectPct:
		return h.PctCILow, h.PctCIHigh
	}
	return h.CILow, h.CIHigh
}

// subjectShow formats a figure of a subject: a percent change to one
// decimal, a level or delta to two, with as many more as it takes to tell
// it apart from near (the target), so "-10 % … crosses -10 %" never shows
// for -9.98.
func oldSubjectShow(s model.Subject, x, near float64) string {
	x = oldJudged(x)
	switch s {
	case model.SubjectPct:
		out := oldShowFrom(x, near, 1)
		if x > 0 && out != "0" {
			return "+" + out
		}
		return out
	case model.SubjectDelta:
		return oldSigned(x, near)
	}
	return oldShow(x, near)
}

func oldPercentOf(conf float64) string { return oldShow(conf*100, math.NaN()) + " %" }

func oldTooFew(n int) string {
	if n == 1 {
		return "one observation in the window"
	}
	return oldInWindowLine(n)
}

// methodText names the method and what it ran on.
func oldMethodText(iv stats.Interval, s oldSample) string {
	switch iv.Method {
	case stats.MethodHLOne:
		_, p, _ := s.oldNormalish()
		return fmt.Sprintf("Hodges–Lehmann, Wilcoxon signed-rank on %d day values: not normal, D'Agostino–Pearson p %.2g", len(s.days), p)
	case stats.MethodDegenerat:
		return oldEqualLine(iv.N)
	}
	return oldTLine(iv.N, oldNormalNote(s))
}

func oldChangeText(iv stats.Interval, cur, base oldSample) string {
	switch iv.Method {
	case stats.MethodHLTwo:
		return fmt.Sprintf("Hodges–Lehmann, Mann–Whitney on %d and %d day values: not normal", len(cur.days), len(base.days))
	case stats.MethodDegenerat:
		return "every observation equal"
	}
	return oldWelchLine(iv.N, iv.N2)
}

func oldNormalNote(s oldSample) string {
	if _, _, tested := s.oldNormalish(); !tested {
		return oldAssumedLine(len(s.days))
	}
	return ""
}

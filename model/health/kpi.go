package health

import (
	"fmt"
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
	var e evaluator
	e.noObs = noObservations(asOf)
	return e.kpi(k, s, ringBaseline, baseSample, asOf)
}

// evaluator is what the verdicts of one pilot share: the buffer their
// reason lines are written to, the figures their pointers point into, the
// reasons they hand out and the scratch of their windows. A KPI's verdict
// holds a full slice of the reasons (cap = len): an append by a caller
// copies, never overwrites another verdict's.
type evaluator struct {
	t       texts
	noObs   string       // noObservations(asOf)
	figs    []figures    // the figures of the verdicts to come
	reasons Reasons      // the reasons of the verdicts to come (len 0)
	room    int          // how many reasons a new array of them holds
	days    [2][]float64 // the day values of a window and of the baseline's sample
	// A ring's lines: what fails it (each with its "fail: "), what warns
	// (each with its "warn: ") and its notes.
	fails, warns, notes []string
	// The day last written alone (a verdict's latest), and its text.
	day     model.Date
	dayText string
}

// figures are the numbers of one verdict its pointers point to.
type figures struct {
	baseline, current, delta, pct, ciLow, ciHigh, confidence, dLo, dHi, pLo, pHi float64
	conclusive                                                                   bool
	latest                                                                       string
}

// reportedIn is reported(x), kept in slot.
func reportedIn(slot *float64, x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	*slot = judged(x)
	return slot
}

// nextFigures hands out the figures of the next verdict, n at a time.
func (e *evaluator) nextFigures(n int) *figures {
	if len(e.figs) == 0 {
		e.figs = make([]figures, max(n, 1))
	}
	f := &e.figs[0]
	e.figs = e.figs[1:]
	return f
}

// startWhy is where the next verdict's reasons go: the room left among
// the shared ones.
func (e *evaluator) startWhy() Reasons {
	if cap(e.reasons) < reasonsPerKPI+2 {
		e.reasons = make(Reasons, 0, max(e.room, reasonsPerKPI+2))
	}
	return e.reasons[:0]
}

// endWhy hands out a verdict's reasons rs (from startWhy) as a full slice:
// those among the shared ones are taken from them; those that outgrew
// the room have an array of their own.
func (e *evaluator) endWhy(rs Reasons) Reasons {
	n := len(rs)
	if n > 0 && n <= cap(e.reasons) && &rs[0] == &e.reasons[:1][0] {
		e.reasons = e.reasons[n:n:cap(e.reasons)]
	}
	return rs[:n:n]
}

// latest is d as text, the same string for the same day in a row.
func (e *evaluator) latest(d model.Date) string {
	if d != e.day || e.dayText == "" {
		e.t.date(d)
		e.day, e.dayText = d, e.t.take()
	}
	return e.dayText
}

// kpi judges one ring×KPI; baseSample is the baseline ring's sample,
// when there is one, for the interval of the change.
func (e *evaluator) kpi(k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date) KPIHealth {
	var h KPIHealth
	e.judgeKPI(&h, k, s, ringBaseline, baseSample, asOf, e.nextFigures(1))
	h.Why = e.endWhy(h.Why)
	return h
}

// judgeKPI is kpi into *h, with its figures in f and its reasons from
// startWhy (the caller ends them).
func (e *evaluator) judgeKPI(h *KPIHealth, k model.KPI, s Series, ringBaseline *float64, baseSample *Series, asOf model.Date, f *figures) {
	*h = KPIHealth{
		Key:      k.Key,
		Name:     k.Name,
		Unit:     k.Unit,
		Status:   NoData,
		Target:   k.Target.String(),
		Warning:  k.Warning.String(),
		Trigger:  k.Rollback.String(),
		Critical: k.Critical,
		Weight:   k.EffectiveWeight(),
		Why:      e.startWhy(),
	}
	base, haveBase := resolveBaseline(k, ringBaseline, h, f)

	latest, ok := latestDay(s, asOf)
	if !ok && s.Latest > 0 && s.Latest <= asOf {
		// The supplied days hold nothing usable, but the store says when
		// the last observation was: report it as the stale data it is.
		f.latest = s.Latest.String()
		h.Latest = &f.latest
		h.why(KindNoData, "latest observation %s is %d days old (limit %d) and not in the supplied days: no data", s.Latest, int(asOf-s.Latest), model.StaleAfter)
		e.untriggered(h, k)
		return
	}
	if !ok {
		h.Why = append(h.Why, Reason{KindNoData, e.noObs})
		e.untriggered(h, k)
		return
	}
	f.latest = e.latest(latest)
	h.Latest = &f.latest
	if age := int(asOf - latest); age > model.StaleAfter {
		h.why(KindNoData, "latest observation %s is %d days old (limit %d): no data", latest, age, model.StaleAfter)
		e.untriggered(h, k)
		return
	}

	current, n := windowMean(s, latest, k.WindowDays())
	h.N = n
	// model.NewMeasure's figures, on the stack.
	var delta, pct, jDelta, jPct float64
	m := model.Measure{Value: current}
	if haveBase {
		delta = current - base
		m.Delta = &delta
		if base != 0 {
			pct = delta / base * 100
			m.Pct = &pct
		}
	}
	h.Current = reportedIn(&f.current, m.Value)
	jm := model.Measure{Value: judged(m.Value)}
	if m.Delta != nil {
		h.Delta = reportedIn(&f.delta, delta)
		jDelta = judged(delta)
		jm.Delta = &jDelta
	}
	if m.Pct != nil {
		h.Pct = reportedIn(&f.pct, pct)
		jPct = judged(pct)
		jm.Pct = &jPct
	}
	from := latest.AddDays(-(k.WindowDays() - 1))
	h.line(KindCurrent, e.t.currentLine(jm.Value, k.Unit, n, k.WindowDays(), from, latest))
	var b *float64
	if haveBase {
		b = &base
	}
	if k.SLO == nil { // an SLO's standing is its own measure of certainty
		e.intervals(h, k, s, baseSample, b, latest, f)
	}
	e.judge(h, k, jm, b)
	e.trigger(h, k, jm, b)
	e.conclude(h, k, f)
}

// noObservations is the reason of a KPI without observations on or
// before asOf.
func noObservations(asOf model.Date) string {
	return "no observations on or before " + asOf.String() + ": no data"
}

// resolveBaseline picks the KPI's own baseline, else the ring-baseline mean,
// and records which one it used (its figure in f).
func resolveBaseline(k model.KPI, ringBaseline *float64, h *KPIHealth, f *figures) (float64, bool) {
	switch {
	case k.Baseline != nil && isFinite(*k.Baseline):
		h.BaselineSource = SourceKPI
		h.Baseline = reportedIn(&f.baseline, *k.Baseline)
		return *k.Baseline, true
	case ringBaseline != nil && isFinite(*ringBaseline):
		h.BaselineSource = SourceBaselineRing
		h.Baseline = reportedIn(&f.baseline, *ringBaseline)
		return *ringBaseline, true
	}
	return 0, false
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
func (e *evaluator) judge(h *KPIHealth, k model.KPI, m model.Measure, base *float64) {
	e.baselineWhy(h, k, base)
	if k.Target.IsZero() {
		h.Why = append(h.Why, Reason{KindTarget, noTarget})
		return
	}
	holds, ok := k.Target.Eval(m)
	if !ok {
		h.why(KindTarget, "%s: %s criterion cannot be judged", missingBaseline(base), k.Target.Subject)
		return
	}
	if holds {
		h.Status = Pass
		e.reading(k, k.Target, m, base)
		h.line(KindTarget, e.t.criterionLine(meetsTarget, k.Target, ""))
		return
	}
	h.Status = Fail
	e.reading(k, k.Target, m, base)
	h.line(KindTarget, e.t.criterionLine(missesTarget, k.Target, ""))
	if k.Warning.IsZero() {
		return
	}
	wHolds, wOK := k.Warning.Eval(m)
	switch {
	case !wOK:
		h.why(KindWarning, "warning %s cannot be judged (%s): fail", k.Warning, missingBaseline(base))
	case wHolds:
		h.Status = Warn
		e.reading(k, k.Warning, m, base)
		h.line(KindWarning, e.t.criterionLine(meetsWarning, k.Warning, warnTail))
	default:
		e.reading(k, k.Warning, m, base)
		h.line(KindWarning, e.t.criterionLine(missesWarning, k.Warning, failTail))
	}
}

// noTarget is the reason of a KPI without a target.
const noTarget = "no target is defined: add one to judge this KPI"

// noBaseline is the reason of a KPI without a baseline.
var noBaseline = fmt.Sprintf("no baseline (none in the KPI definition, no ring %q observations): only value criteria can be judged", model.BaselineRing)

// trigger judges the rollback trigger on fresh data.
func (e *evaluator) trigger(h *KPIHealth, k model.KPI, m model.Measure, base *float64) {
	if k.Rollback.IsZero() {
		return
	}
	holds, ok := k.Rollback.Eval(m)
	switch {
	case !ok:
		h.why(KindTrigger, "rollback trigger %s cannot be judged: %s", k.Rollback, missingBaseline(base))
	case holds:
		h.Rollback = true
		e.t.triggerLine(k.Rollback, true)
		h.line(KindRollback, e.subjectReading(k, k.Rollback, m))
	default:
		e.t.triggerLine(k.Rollback, false)
		h.line(KindTrigger, e.subjectReading(k, k.Rollback, m))
	}
}

// untriggered explains that a trigger was not judged: stale data fires nothing.
func (e *evaluator) untriggered(h *KPIHealth, k model.KPI) {
	if !k.Rollback.IsZero() {
		e.t.str("rollback trigger ")
		e.t.str(h.Trigger) // k.Rollback.String()
		e.t.str(" not judged: no fresh data")
		h.Why = append(h.Why, Reason{KindTrigger, e.t.take()})
	}
}

func (e *evaluator) baselineWhy(h *KPIHealth, k model.KPI, base *float64) {
	switch h.BaselineSource {
	case SourceKPI:
		h.line(KindBaseline, e.t.baselineLine(*base, k.Unit, false))
	case SourceBaselineRing:
		h.line(KindBaseline, e.t.baselineLine(*base, k.Unit, true))
	default:
		h.Why = append(h.Why, Reason{KindBaseline, noBaseline})
	}
}

// reading writes the measure in the terms of criterion c, e.g.
// "current 6.63 min vs baseline 7.5: -11.6 %", the start of the
// criterion's line.
func (e *evaluator) reading(k model.KPI, c model.Criterion, m model.Measure, base *float64) {
	t := &e.t
	t.str("current ")
	t.show(m.Value, c.Value)
	t.unit(k.Unit)
	if c.Subject != model.SubjectValue {
		t.str(" vs baseline ")
		t.show(*base, math.NaN())
		t.str(": ")
		e.subjectValue(k, c, m)
	}
}

// subjectReading is the criterion's subject alone, for trigger lines:
// "+7.2 % vs baseline", "delta +0.6 min vs baseline", "current 9.5 min".
func (e *evaluator) subjectReading(k model.KPI, c model.Criterion, m model.Measure) string {
	t := &e.t
	if c.Subject == model.SubjectValue {
		t.str("current ")
		t.show(m.Value, c.Value)
		t.unit(k.Unit)
		return t.take()
	}
	e.subjectValue(k, c, m)
	t.str(" vs baseline")
	return t.take()
}

func (e *evaluator) subjectValue(k model.KPI, c model.Criterion, m model.Measure) {
	t := &e.t
	if c.Subject == model.SubjectDelta {
		t.str("delta ")
		t.signed(*m.Delta, c.Value)
		t.unit(k.Unit)
		return
	}
	t.signed(*m.Pct, c.Value)
	t.str(" %")
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

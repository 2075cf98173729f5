package health

import (
	"fmt"
	"math"

	"ringside/model"
	"ringside/model/stats"
)

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
const DefaultConfidence = 0.95

// nonNormalP is the normality test's level: a p-value below it sends the
// day values to the rank methods.
const nonNormalP = 0.05

// sample is the window's observations of one ring×KPI.
type sample struct {
	moments stats.Moments
	days    []float64 // day values (means of each day's readings)
	p       float64   // D'Agostino–Pearson p of the day values, when tested
	tested  bool
}

// windowSample collects the observations dated from..to (inclusive),
// their day values appended to days[:0].
func windowSample(s Series, from, to model.Date, days []float64) sample {
	out := sample{days: days[:0]}
	perDay := len(s.Counts) >= seriesLen(s) && len(s.Sums) >= seriesLen(s) && len(s.SumSqs) >= seriesLen(s)
	for i := range seriesLen(s) {
		d, v := s.Days[i], s.Values[i]
		if d < from || d > to || !isFinite(v) {
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
func allSample(s Series, asOf model.Date, days []float64) sample {
	return windowSample(s, math.MinInt32, asOf, days)
}

// normalish reports whether the day values may be taken as normal, and the
// p-value when they were tested.
func (s sample) normalish() (bool, float64, bool) {
	return !s.tested || s.p >= nonNormalP, s.p, s.tested
}

// levelInterval is the interval for the current level.
func levelInterval(s sample, conf float64) (stats.Interval, bool) {
	if ok, _, _ := s.normalish(); ok {
		return stats.TInterval(s.moments, conf)
	}
	return stats.SignedRankInterval(s.days, conf)
}

// changeInterval is the interval for current − baseline when the baseline
// is a sample.
func changeInterval(cur, base sample, conf float64) (stats.Interval, bool) {
	okA, _, _ := cur.normalish()
	okB, _, _ := base.normalish()
	if okA && okB {
		return stats.WelchInterval(cur.moments, base.moments, conf)
	}
	return stats.MannWhitneyInterval(cur.days, base.days, conf)
}

// level is the confidence level of a KPI's intervals.
func level(k model.KPI) float64 {
	if k.Confidence > 0 {
		return k.Confidence
	}
	return DefaultConfidence
}

// intervals fills the interval fields of h (their figures in f), with a
// reason line for each.
func (e *evaluator) intervals(h *KPIHealth, k model.KPI, s Series, baseSample *Series, base *float64, latest model.Date, f *figures) {
	conf := level(k)
	from := latest.AddDays(-(k.WindowDays() - 1))
	cur := windowSample(s, from, latest, e.days[0])
	e.days[0] = cur.days
	f.confidence = conf
	h.Confidence = &f.confidence
	lvl, ok := levelInterval(cur, conf)
	if !ok {
		h.why(KindConfidence, "no %s interval: %s", percentOf(conf), tooFew(cur.moments.N))
		return
	}
	h.CILow, h.CIHigh, h.CIMethod = reportedIn(&f.ciLow, lvl.Low), reportedIn(&f.ciHigh, lvl.High), lvl.Method
	e.t.levelLine(conf, judged(lvl.Low), judged(lvl.High), k.Unit)
	e.methodText(lvl, cur)
	e.t.str(")")
	h.line(KindConfidence, e.t.take())

	// The change against the baseline.
	var dLo, dHi float64
	haveDelta := false
	if base != nil {
		var bs sample
		if h.BaselineSource == SourceBaselineRing && baseSample != nil {
			bs = allSample(*baseSample, latest, e.days[1])
			e.days[1] = bs.days
		}
		if bs.moments.N > 0 {
			ch, ok := changeInterval(cur, bs, conf)
			if ok {
				dLo, dHi, haveDelta = ch.Low, ch.High, true
				h.ChangeMethod, h.BaselineN = ch.Method, bs.moments.N
				e.t.changeLine(conf, judged(dLo), judged(dHi))
				e.changeText(ch, cur, bs)
				e.t.str(")")
				h.line(KindConfidence, e.t.take())
			} else {
				h.why(KindConfidence, "no %s interval of the change: %s", percentOf(conf), tooFew(min(cur.moments.N, bs.moments.N)))
			}
		} else {
			// A stated baseline (or a ring mean without its sample) is a
			// constant: the change's interval is the level's, shifted.
			dLo, dHi, haveDelta = lvl.Low-*base, lvl.High-*base, true
			h.ChangeMethod = lvl.Method
		}
	}
	if haveDelta {
		h.DeltaCILow, h.DeltaCIHigh = reportedIn(&f.dLo, dLo), reportedIn(&f.dHi, dHi)
		if *base != 0 {
			pLo, pHi := dLo / *base * 100, dHi / *base * 100
			if pLo > pHi {
				pLo, pHi = pHi, pLo
			}
			h.PctCILow, h.PctCIHigh = reportedIn(&f.pLo, pLo), reportedIn(&f.pHi, pHi)
		}
	}
}

// conclude says whether the target's verdict holds over the whole interval
// of its subject and, for a KPI that asks, makes an unproven pass a warn.
func (e *evaluator) conclude(h *KPIHealth, k model.KPI, f *figures) {
	conf := level(k)
	if k.Target.IsZero() {
		return
	}
	lo, hi := h.subjectInterval(k.Target.Subject)
	if lo == nil || hi == nil {
		return
	}
	holdsLo, okLo := holdsAt(k.Target, *lo)
	holdsHi, okHi := holdsAt(k.Target, *hi)
	if !okLo || !okHi {
		return
	}
	f.conclusive = holdsLo == holdsHi
	h.Conclusive = &f.conclusive
	if f.conclusive || h.Status != Pass || k.Confidence <= 0 {
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
	text := fmt.Sprintf("inconclusive: %s interval %s%s … %s%s crosses the target %s%s", percentOf(conf),
		subjectShow(k.Target.Subject, *lo, t), unit, subjectShow(k.Target.Subject, *hi, t), unit, subjectShow(k.Target.Subject, t, t), unit)
	h.Status = Warn
	h.why(KindInconclusive, "%s: warn", text)
}

// holdsAt is c.Eval of a measure whose value, delta and pct are all x.
func holdsAt(c model.Criterion, x float64) (bool, bool) {
	return c.Eval(model.Measure{Value: x, Delta: &x, Pct: &x})
}

// subjectInterval is the interval in the terms of a criterion's subject.
func (h *KPIHealth) subjectInterval(s model.Subject) (*float64, *float64) {
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
func subjectShow(s model.Subject, x, near float64) string {
	x = judged(x)
	switch s {
	case model.SubjectPct:
		out := showFrom(x, near, 1)
		if x > 0 && out != "0" {
			return "+" + out
		}
		return out
	case model.SubjectDelta:
		return signed(x, near)
	}
	return show(x, near)
}

func percentOf(conf float64) string { return show(conf*100, math.NaN()) + " %" }

func tooFew(n int) string {
	if n == 1 {
		return "one observation in the window"
	}
	return inWindowLine(n)
}

// methodText writes the method's name and what it ran on.
func (e *evaluator) methodText(iv stats.Interval, s sample) {
	switch iv.Method {
	case stats.MethodHLOne:
		_, p, _ := s.normalish()
		e.t.str(fmt.Sprintf("Hodges–Lehmann, Wilcoxon signed-rank on %d day values: not normal, D'Agostino–Pearson p %.2g", len(s.days), p))
	case stats.MethodDegenerat:
		e.t.equalLine(iv.N)
	default:
		e.t.tLine(iv.N)
		if _, _, tested := s.normalish(); !tested {
			e.t.assumedLine(len(s.days))
		}
	}
}

// changeText writes the change's method and what it ran on.
func (e *evaluator) changeText(iv stats.Interval, cur, base sample) {
	switch iv.Method {
	case stats.MethodHLTwo:
		e.t.str(fmt.Sprintf("Hodges–Lehmann, Mann–Whitney on %d and %d day values: not normal", len(cur.days), len(base.days)))
	case stats.MethodDegenerat:
		e.t.str("every observation equal")
	default:
		e.t.welchLine(iv.N, iv.N2)
	}
}

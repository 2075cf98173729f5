package health

// The lines, numbers and rings of the engine as it was (old_kpi_test.go).

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"ringside/model"
)

// ---- lines.go as it was

// The reason lines every judged KPI and ring gives, built by concatenation.
// Each says what the fmt.Sprintf form beside it made, byte for byte
// (lines_test.go keeps those forms and fuzzes each against its line): on
// the benchmark's 2,736 judged KPIs, fmt's boxing of the arguments and its
// reading of the formats were a quarter of judging.

// put adds a reason whose text is built already.
func (rs *Reasons) oldPut(k Kind, text string) { *rs = append(*rs, Reason{Kind: k, Text: text}) }

func (h *KPIHealth) oldLine(k Kind, text string)  { h.Why.oldPut(k, text) }
func (r *RingHealth) oldLine(k Kind, text string) { r.Why.oldPut(k, text) }

// "current %s: mean of %d observation%s in the %d-day window %s to %s"
func oldCurrentLine(cur string, n, window int, from, latest model.Date) string {
	return "current " + cur + ": mean of " + strconv.Itoa(n) + " observation" + oldPlural(n) + " in the " + strconv.Itoa(window) + "-day window " + from.String() + " to " + latest.String()
}

// "%s interval of the current level %s … %s (%s)"
func oldLevelLine(pct, lo, hi, method string) string {
	return pct + " interval of the current level " + lo + " … " + hi + " (" + method + ")"
}

// quotedBaselineRing is %q of model.BaselineRing.
var oldQuotedBaselineRing = strconv.Quote(model.BaselineRing)

// "%s interval of the change against ring %q: delta %s … %s (%s)", with model.BaselineRing
func oldChangeLine(pct, lo, hi, method string) string {
	return pct + " interval of the change against ring " + oldQuotedBaselineRing + ": delta " + lo + " … " + hi + " (" + method + ")"
}

// "t on %d observations%s"
func oldTLine(n int, note string) string { return "t on " + strconv.Itoa(n) + " observations" + note }

// "all %d observations equal"
func oldEqualLine(n int) string { return "all " + strconv.Itoa(n) + " observations equal" }

// "Welch t on %d and %d observations"
func oldWelchLine(n, n2 int) string {
	return "Welch t on " + strconv.Itoa(n) + " and " + strconv.Itoa(n2) + " observations"
}

// ", normality assumed: %d day values are too few to test"
func oldAssumedLine(days int) string {
	return ", normality assumed: " + strconv.Itoa(days) + " day values are too few to test"
}

// "%d observations in the window"
func oldInWindowLine(n int) string { return strconv.Itoa(n) + " observations in the window" }

// "baseline %s from the KPI definition"
func oldBaselineKPILine(b string) string { return "baseline " + b + " from the KPI definition" }

// "baseline %s: mean of ring %q observations", with model.BaselineRing
func oldBaselineRingLine(b string) string {
	return "baseline " + b + ": mean of ring " + oldQuotedBaselineRing + " observations"
}

// The judgements of a criterion: reading + verb + criterion + tail, where
// verb and tail are one of these pairs.
const (
	oldMeetsTarget   = " meets target "   // "%s meets target %s"
	oldMissesTarget  = " misses target "  // "%s misses target %s"
	oldMeetsWarning  = " meets warning "  // "%s meets warning %s: warn"
	oldMissesWarning = " misses warning " // "%s misses warning %s too: fail"
	oldWarnTail      = ": warn"
	oldFailTail      = " too: fail"
)

func oldCriterionLine(oldReading, verb string, c model.Criterion, tail string) string {
	return oldReading + verb + c.String() + tail
}

// "rollback trigger %s fired: %s" (fired) and "rollback trigger %s not fired: %s"
func oldTriggerLine(c model.Criterion, fired bool, subject string) string {
	if fired {
		return "rollback trigger " + c.String() + " fired: " + subject
	}
	return "rollback trigger " + c.String() + " not fired: " + subject
}

// "score %s = 100 × %s ÷ %s (pass 1, warn 0.5, fail 0, weighted) over %d of %d KPIs with data"
func oldScoreLine(score, sumWS, sumW string, withData, kpis int) string {
	return "score " + score + " = 100 × " + sumWS + " ÷ " + sumW + " (pass 1, warn 0.5, fail 0, weighted) over " + strconv.Itoa(withData) + " of " + strconv.Itoa(kpis) + " KPIs with data"
}

// "score %s is below %g"
func oldBelowLine(score string, limit float64) string {
	return "score " + score + " is below " + strconv.FormatFloat(limit, 'g', -1, 64)
}

// "rollback trigger %s of %s fired"
func oldRollbackOfLine(oldTrigger, key string) string {
	return "rollback trigger " + oldTrigger + " of " + key + " fired"
}

// ---- numbers.go as it was

// roundTo rounds x to the given number of decimals; values too large for
// that precision to matter (or non-finite) come back unchanged.
func oldRoundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(x*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// judged is the value verdicts are taken on: nine decimals, so float noise
// (6.9999999999 against `<= 7`) never flips a boundary.
func oldJudged(x float64) float64 { return oldRoundTo(x, 9) }

// reported is a number as it appears in JSON: the very figure the verdict
// was judged on (nine decimals, which only sheds float noise such as
// -0.8700000000000001), so whatever is computed from it (a payback
// reduction from a KPI's pct, a recomputation by hand) starts from full
// precision; null when it is not a finite number (JSON cannot carry
// those). Text rounds at the very end, with model.Figure.
func oldReported(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	r := oldJudged(x)
	return &r
}

func oldJudgedPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := oldJudged(*p)
	return &v
}

func oldReportedPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return oldReported(*p)
}

// show formats x for a sentence: two decimals, trailing zeros dropped, but
// as many more as it takes (up to nine) to tell x apart from near, the
// number it is being compared with, so "7 misses <= 7" never appears.
func oldShow(x, near float64) string { return oldShowFrom(x, near, 2) }

// showFrom is show starting at the given number of decimals.
// It formats into a buffer on the stack and makes one string of what is
// kept; a NaN near (the common case: nothing to tell x apart from) is
// never what the text reads back as, so the first precision is the one.
func oldShowFrom(x, near float64, decimals int) string {
	var buf [32]byte
	var b []byte
	for prec := decimals; prec <= 9; prec++ {
		b = strconv.AppendFloat(buf[:0], x, 'f', prec, 64)
		if x == near || near != near {
			break
		}
		if v, _ := strconv.ParseFloat(string(b), 64); v != near {
			break
		}
	}
	if bytes.IndexByte(b, '.') >= 0 {
		b = bytes.TrimRight(bytes.TrimRight(b, "0"), ".")
	}
	if len(b) == 2 && b[0] == '-' && b[1] == '0' {
		return "0"
	}
	return string(b)
}

// signed is show with an explicit + for positive changes.
func oldSigned(x, near float64) string {
	s := oldShow(x, near)
	if x > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// withUnit appends the KPI's unit, if any.
func oldWithUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// ---- ring.go as it was

// Score thresholds of a ring (Keptn-style quality gate).
const (
	oldXFailBelow = 75.0 // a score below this fails the ring
	oldXWarnBelow = 90.0 // a score below this warns
)

// Evaluate judges every ring the pilot defines, in rollout order; ring
// "baseline" only supplies baselines and is not judged itself.
func oldXEvaluate(in Input) PilotHealth {
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
	noObs := oldNoObservations(in.AsOf)
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
			kh := oldEvaluateKPIOf(k, series[k.Key], rb, bs, in.AsOf, noObs)
			if k.SLO != nil { // good and total counts, slo.go
				kh = applySLO(kh, k, series, in.AsOf)
			}
			kpis = append(kpis, kh)
		}
		ph.Rings = append(ph.Rings, oldXEvaluateRing(r.Name, kpis))
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
func oldXEvaluateRing(ring string, kpis []KPIHealth) RingHealth {
	rh := RingHealth{Ring: ring, Status: NoData, KPIs: kpis, Why: Reasons{}}
	if rh.KPIs == nil {
		rh.KPIs = []KPIHealth{}
	}
	var sumW, sumWS float64
	withData := 0
	var fails, warns, notes []string
	if !oldAnyData(kpis) {
		// Nothing to score: only a fired trigger has something to say (a
		// stale KPI fires none, but an SLO's verdict may), and the "has no
		// data" warnings would go unread.
		for _, k := range kpis {
			if k.Rollback {
				rh.Rollback = true
				fails = append(fails, oldRollbackLine(k))
			}
		}
		kpis = nil
	}
	for _, k := range kpis {
		if k.Rollback {
			rh.Rollback = true
			fails = append(fails, oldRollbackLine(k))
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
				rh.oldLine(KindRollback, f)
			}
		}
		return rh
	}
	if sumW == 0 {
		// Every KPI with data weighs 0: there is no score to take, and the
		// verdict rests on triggers, must-meet failures and warnings alone.
		rh.oldWhy(KindScore, "no score: each of the %d KPIs with data has weight 0", withData)
	} else {
		score := 100 * sumWS / sumW
		rh.Score = oldReported(score)
		js := oldJudged(score)
		rh.oldLine(KindScore, oldScoreLine(oldShow(js, math.NaN()), oldShow(sumWS, math.NaN()), oldShow(sumW, math.NaN()), withData, len(kpis)))
		if js < oldXFailBelow {
			fails = append(fails, oldBelowLine(oldShow(js, oldXFailBelow), oldXFailBelow))
		} else if js < oldXWarnBelow {
			warns = append(warns, oldBelowLine(oldShow(js, oldXWarnBelow), oldXWarnBelow))
		}
	}
	switch {
	case len(fails) > 0:
		rh.Status = Fail
	case len(warns) > 0:
		rh.Status = Warn
	default:
		rh.Status = Pass
		rh.oldLine(KindPass, "every KPI with data passes and no trigger fired")
	}
	for _, f := range fails {
		rh.oldLine(KindFail, "fail: "+f) // "fail: %s"
	}
	for _, w := range warns {
		rh.oldLine(KindWarn, "warn: "+w) // "warn: %s"
	}
	for _, n := range notes {
		rh.oldLine(KindNote, n)
	}
	return rh
}

// anyData reports whether any KPI has data to judge.
func oldAnyData(kpis []KPIHealth) bool {
	for i := range kpis {
		if kpis[i].Status != NoData {
			return true
		}
	}
	return false
}

// rollbackLine is the ring's line for a KPI whose trigger fired.
func oldRollbackLine(k KPIHealth) string {
	if k.SLO != nil && k.SLO.Fast {
		return fmt.Sprintf("fast burn of the error budget of %s fired like a rollback trigger", k.Key)
	}
	return oldRollbackOfLine(k.Trigger, k.Key)
}

func (r *RingHealth) oldWhy(k Kind, format string, args ...any) { r.Why.add(k, format, args...) }

// Improvement is the measured fraction of improvement of a KPI, for the
// payback model: −pct ÷ 100 when lower is better, pct ÷ 100 when higher is
// better; nil when there is no pct (no fresh data, no or zero baseline).
func oldXImprovement(k model.KPI, h KPIHealth) *float64 {
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

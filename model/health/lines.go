package health

import (
	"strconv"

	"ringside/model"
)

// The reason lines every judged KPI and ring gives, built by concatenation.
// Each says what the fmt.Sprintf form beside it made, byte for byte
// (lines_test.go keeps those forms and fuzzes each against its line): on
// the benchmark's 2,736 judged KPIs, fmt's boxing of the arguments and its
// reading of the formats were a quarter of judging.

// put adds a reason whose text is built already.
func (rs *Reasons) put(k Kind, text string) { *rs = append(*rs, Reason{Kind: k, Text: text}) }

func (h *KPIHealth) line(k Kind, text string)  { h.Why.put(k, text) }
func (r *RingHealth) line(k Kind, text string) { r.Why.put(k, text) }

// "current %s: mean of %d observation%s in the %d-day window %s to %s"
func currentLine(cur string, n, window int, from, latest model.Date) string {
	return "current " + cur + ": mean of " + strconv.Itoa(n) + " observation" + plural(n) + " in the " + strconv.Itoa(window) + "-day window " + from.String() + " to " + latest.String()
}

// "%s interval of the current level %s … %s (%s)"
func levelLine(pct, lo, hi, method string) string {
	return pct + " interval of the current level " + lo + " … " + hi + " (" + method + ")"
}

// quotedBaselineRing is %q of model.BaselineRing.
var quotedBaselineRing = strconv.Quote(model.BaselineRing)

// "%s interval of the change against ring %q: delta %s … %s (%s)", with model.BaselineRing
func changeLine(pct, lo, hi, method string) string {
	return pct + " interval of the change against ring " + quotedBaselineRing + ": delta " + lo + " … " + hi + " (" + method + ")"
}

// "t on %d observations%s"
func tLine(n int, note string) string { return "t on " + strconv.Itoa(n) + " observations" + note }

// "all %d observations equal"
func equalLine(n int) string { return "all " + strconv.Itoa(n) + " observations equal" }

// "Welch t on %d and %d observations"
func welchLine(n, n2 int) string {
	return "Welch t on " + strconv.Itoa(n) + " and " + strconv.Itoa(n2) + " observations"
}

// ", normality assumed: %d day values are too few to test"
func assumedLine(days int) string {
	return ", normality assumed: " + strconv.Itoa(days) + " day values are too few to test"
}

// "%d observations in the window"
func inWindowLine(n int) string { return strconv.Itoa(n) + " observations in the window" }

// "baseline %s from the KPI definition"
func baselineKPILine(b string) string { return "baseline " + b + " from the KPI definition" }

// "baseline %s: mean of ring %q observations", with model.BaselineRing
func baselineRingLine(b string) string {
	return "baseline " + b + ": mean of ring " + quotedBaselineRing + " observations"
}

// The judgements of a criterion: reading + verb + criterion + tail, where
// verb and tail are one of these pairs.
const (
	meetsTarget   = " meets target "   // "%s meets target %s"
	missesTarget  = " misses target "  // "%s misses target %s"
	meetsWarning  = " meets warning "  // "%s meets warning %s: warn"
	missesWarning = " misses warning " // "%s misses warning %s too: fail"
	warnTail      = ": warn"
	failTail      = " too: fail"
)

func criterionLine(reading, verb string, c model.Criterion, tail string) string {
	return reading + verb + c.String() + tail
}

// "rollback trigger %s fired: %s" (fired) and "rollback trigger %s not fired: %s"
func triggerLine(c model.Criterion, fired bool, subject string) string {
	if fired {
		return "rollback trigger " + c.String() + " fired: " + subject
	}
	return "rollback trigger " + c.String() + " not fired: " + subject
}

// "score %s = 100 × %s ÷ %s (pass 1, warn 0.5, fail 0, weighted) over %d of %d KPIs with data"
func scoreLine(score, sumWS, sumW string, withData, kpis int) string {
	return "score " + score + " = 100 × " + sumWS + " ÷ " + sumW + " (pass 1, warn 0.5, fail 0, weighted) over " + strconv.Itoa(withData) + " of " + strconv.Itoa(kpis) + " KPIs with data"
}

// "score %s is below %g"
func belowLine(score string, limit float64) string {
	return "score " + score + " is below " + strconv.FormatFloat(limit, 'g', -1, 64)
}

// "rollback trigger %s of %s fired"
func rollbackOfLine(trigger, key string) string {
	return "rollback trigger " + trigger + " of " + key + " fired"
}

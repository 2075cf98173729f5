package health

import (
	"math"
	"strconv"
	"unsafe"

	"ringside/model"
)

// The reason lines every judged KPI and ring gives. Each says what the
// fmt.Sprintf form beside it made, byte for byte (lines_test.go keeps
// those forms and fuzzes each against its line). A pilot's lines are
// written one after the other into one buffer (texts) and each handed out
// as a slice of it: on the benchmark's 2,736 judged KPIs, a string for
// every figure and every concatenation was half of judging (session 9),
// after fmt's boxing of the arguments had been a quarter (session 8).

// texts builds reason lines into one buffer. A line is written piece by
// piece, then take hands out what was written since the last take as a
// string over those bytes, as strings.Builder hands out its buffer: the
// buffer is only ever appended to, so each line stays as it was while the
// next ones are written (when it grows, the lines already taken keep the
// old array alive, and nothing writes to that one again). Only the line
// being written is ever changed in place (a figure's trailing zeros).
type texts struct {
	b     []byte
	start int
}

// grow makes room for n more bytes: a new buffer when this one is full,
// with the line being written, not those taken (append would copy them).
func (t *texts) grow(n int) {
	if cap(t.b)-len(t.b) < n {
		t.b = append(make([]byte, 0, len(t.b)-t.start+n), t.b[t.start:]...)
		t.start = 0
	}
}

// Room a line is given before it is written, and the least a new buffer
// holds: a line is rarely longer, and one that is grows the buffer as
// append does.
const (
	lineRoom = 512
	textsMin = 2048
)

// take returns the line written since the last take.
func (t *texts) take() string {
	s := unsafe.String(unsafe.SliceData(t.b[t.start:]), len(t.b)-t.start)
	t.start = len(t.b)
	if c := cap(t.b); c > 0 && c-len(t.b) < lineRoom { // a buffer sized ahead (Evaluate) stays so
		t.grow(textsMin)
	}
	return s
}

func (t *texts) str(s string) { t.b = append(t.b, s...) }

func (t *texts) int(n int) { t.b = strconv.AppendInt(t.b, int64(n), 10) }

// show writes show(x, near): a figure far from near (a NaN near above
// all) as show(x, NaN), at two decimals, by hand when it can (cents).
func (t *texts) show(x, near float64) {
	if !firstPrecision(x, near, 2) {
		t.b = appendShowFrom(t.b, x, near, 2)
		return
	}
	var ok bool
	if t.b, ok = appendCents(t.b, x); !ok {
		t.b = appendShowFrom(t.b, x, math.NaN(), 2)
	}
}

// signed writes signed(x, near).
func (t *texts) signed(x, near float64) {
	start := len(t.b)
	t.show(x, near)
	if x > 0 && (len(t.b)-start != 1 || t.b[start] != '0') {
		t.b = append(t.b, 0)
		copy(t.b[start+1:], t.b[start:])
		t.b[start] = '+'
	}
}

// unit writes withUnit's tail: " " and the unit, if any.
func (t *texts) unit(unit string) {
	if unit != "" {
		t.b = append(t.b, ' ')
		t.b = append(t.b, unit...)
	}
}

// figure writes withUnit(show(x, NaN), unit).
func (t *texts) figure(x float64, unit string) {
	t.show(x, math.NaN())
	t.unit(unit)
}

func (t *texts) date(d model.Date) { t.b = d.AppendTo(t.b) }

// percent writes percentOf(conf).
func (t *texts) percent(conf float64) {
	t.show(conf*100, math.NaN())
	t.str(" %")
}

// put adds a reason whose text is built already.
func (rs *Reasons) put(k Kind, text string) { *rs = append(*rs, Reason{Kind: k, Text: text}) }

func (h *KPIHealth) line(k Kind, text string)  { h.Why.put(k, text) }
func (r *RingHealth) line(k Kind, text string) { r.Why.put(k, text) }

// "current %s: mean of %d observation%s in the %d-day window %s to %s",
// with withUnit(show(cur, NaN), unit)
func (t *texts) currentLine(cur float64, unit string, n, window int, from, latest model.Date) string {
	t.str("current ")
	t.figure(cur, unit)
	t.str(": mean of ")
	t.int(n)
	t.str(" observation")
	t.str(plural(n))
	t.str(" in the ")
	t.int(window)
	t.str("-day window ")
	t.date(from)
	t.str(" to ")
	t.date(latest)
	return t.take()
}

// "%s interval of the current level %s … %s (", with percentOf(conf) and
// withUnit(show(lo, NaN), unit), the same of hi; the method and ")"
// follow (levelMethod).
func (t *texts) levelLine(conf, lo, hi float64, unit string) {
	t.percent(conf)
	t.str(" interval of the current level ")
	t.figure(lo, unit)
	t.str(" … ")
	t.figure(hi, unit)
	t.str(" (")
}

// quotedBaselineRing is %q of model.BaselineRing.
var quotedBaselineRing = strconv.Quote(model.BaselineRing)

// "%s interval of the change against ring %q: delta %s … %s (", with
// percentOf(conf), model.BaselineRing, signed(lo, NaN) and signed(hi, NaN);
// the method and ")" follow (changeText).
func (t *texts) changeLine(conf, lo, hi float64) {
	t.percent(conf)
	t.str(" interval of the change against ring ")
	t.str(quotedBaselineRing)
	t.str(": delta ")
	t.signed(lo, math.NaN())
	t.str(" … ")
	t.signed(hi, math.NaN())
	t.str(" (")
}

// "t on %d observations"
func (t *texts) tLine(n int) {
	t.str("t on ")
	t.int(n)
	t.str(" observations")
}

// "all %d observations equal"
func (t *texts) equalLine(n int) {
	t.str("all ")
	t.int(n)
	t.str(" observations equal")
}

// "Welch t on %d and %d observations"
func (t *texts) welchLine(n, n2 int) {
	t.str("Welch t on ")
	t.int(n)
	t.str(" and ")
	t.int(n2)
	t.str(" observations")
}

// ", normality assumed: %d day values are too few to test"
func (t *texts) assumedLine(days int) {
	t.str(", normality assumed: ")
	t.int(days)
	t.str(" day values are too few to test")
}

// "%d observations in the window"
func inWindowLine(n int) string { return strconv.Itoa(n) + " observations in the window" }

// "baseline %s from the KPI definition" and "baseline %s: mean of ring %q
// observations" (with model.BaselineRing), with withUnit(show(b, NaN), unit)
func (t *texts) baselineLine(b float64, unit string, ring bool) string {
	t.str("baseline ")
	t.figure(b, unit)
	if ring {
		t.str(": mean of ring ")
		t.str(quotedBaselineRing)
		t.str(" observations")
	} else {
		t.str(" from the KPI definition")
	}
	return t.take()
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

// criterionLine ends the line of a criterion whose reading is written:
// reading + verb + c + tail.
func (t *texts) criterionLine(verb string, c model.Criterion, tail string) string {
	t.str(verb)
	t.str(c.String())
	t.str(tail)
	return t.take()
}

// "rollback trigger %s fired: " (fired) and "rollback trigger %s not
// fired: ", the subject follows.
func (t *texts) triggerLine(c model.Criterion, fired bool) {
	t.str("rollback trigger ")
	t.str(c.String())
	if fired {
		t.str(" fired: ")
	} else {
		t.str(" not fired: ")
	}
}

// "score %s = 100 × %s ÷ %s (pass 1, warn 0.5, fail 0, weighted) over %d of %d KPIs with data",
// each figure show(x, NaN)
func (t *texts) scoreLine(score, sumWS, sumW float64, withData, kpis int) string {
	t.str("score ")
	t.show(score, math.NaN())
	t.str(" = 100 × ")
	t.show(sumWS, math.NaN())
	t.str(" ÷ ")
	t.show(sumW, math.NaN())
	t.str(" (pass 1, warn 0.5, fail 0, weighted) over ")
	t.int(withData)
	t.str(" of ")
	t.int(kpis)
	t.str(" KPIs with data")
	return t.take()
}

// "score %s is below %g", with show(score, limit)
func (t *texts) belowLine(score, limit float64) {
	t.str("score ")
	t.show(score, limit)
	t.str(" is below ")
	t.b = strconv.AppendFloat(t.b, limit, 'g', -1, 64)
}

// "rollback trigger %s of %s fired"
func (t *texts) rollbackOfLine(trigger, key string) {
	t.str("rollback trigger ")
	t.str(trigger)
	t.str(" of ")
	t.str(key)
	t.str(" fired")
}

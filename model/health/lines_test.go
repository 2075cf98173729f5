package health

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ringside/model"
)

// lineInput is what the fuzzer varies: numbers shown as the engine shows
// them (show, signed, withUnit at each precision), counts, days, a unit, a
// KPI key and a criterion.
type lineInput struct {
	x, y, near float64
	decimals   int
	n, m       int
	from, to   model.Date
	unit, text string
	c          model.Criterion
}

// lineCase is one reason line: the fmt.Sprintf form it replaced, and it.
type lineCase struct {
	name     string
	old, new func(in lineInput) string
}

// lineCases are the lines of lines.go against the fmt.Sprintf forms they
// replaced, as the call sites had them: figures at show's two decimals
// (or signed's) with no near, as the lines write them, and the readings'
// figures against a criterion's value (near).
func lineCases() []lineCase {
	nan := math.NaN()
	cur := func(in lineInput) string { return withUnit(show(in.x, nan), in.unit) }
	lo := func(in lineInput) string { return signed(in.y, nan) }
	var t texts
	// write runs f on a texts that holds lines already, and takes its line.
	write := func(f func(t *texts)) string {
		t.str("an earlier line")
		t.take()
		f(&t)
		return t.take()
	}
	return []lineCase{
		{"current", func(in lineInput) string {
			return fmt.Sprintf("current %s: mean of %d observation%s in the %d-day window %s to %s", cur(in), in.n, plural(in.n), in.m, in.from, in.to)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.str(t.currentLine(in.x, in.unit, in.n, in.m, in.from, in.to)) })
		}},
		{"level", func(in lineInput) string {
			return fmt.Sprintf("%s interval of the current level %s … %s (%s)", percentOf(in.near), cur(in), withUnit(show(in.y, nan), in.unit), in.text)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.levelLine(in.near, in.x, in.y, in.unit); t.str(in.text + ")") })
		}},
		{"change", func(in lineInput) string {
			return fmt.Sprintf("%s interval of the change against ring %q: delta %s … %s (%s)", percentOf(in.near), model.BaselineRing, lo(in), signed(in.x, nan), in.text)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.changeLine(in.near, in.y, in.x); t.str(in.text + ")") })
		}},
		{"t", func(in lineInput) string { return fmt.Sprintf("t on %d observations%s", in.n, in.text) },
			func(in lineInput) string { return write(func(t *texts) { t.tLine(in.n); t.str(in.text) }) }},
		{"t assumed", func(in lineInput) string {
			return fmt.Sprintf("t on %d observations, normality assumed: %d day values are too few to test", in.n, in.m)
		}, func(in lineInput) string { return write(func(t *texts) { t.tLine(in.n); t.assumedLine(in.m) }) }},
		{"equal", func(in lineInput) string { return fmt.Sprintf("all %d observations equal", in.m) },
			func(in lineInput) string { return write(func(t *texts) { t.equalLine(in.m) }) }},
		{"welch", func(in lineInput) string { return fmt.Sprintf("Welch t on %d and %d observations", in.n, in.m) },
			func(in lineInput) string { return write(func(t *texts) { t.welchLine(in.n, in.m) }) }},
		{"in window", func(in lineInput) string { return fmt.Sprintf("%d observations in the window", in.m) },
			func(in lineInput) string { return inWindowLine(in.m) }},
		{"baseline kpi", func(in lineInput) string { return fmt.Sprintf("baseline %s from the KPI definition", cur(in)) },
			func(in lineInput) string {
				return write(func(t *texts) { t.str(t.baselineLine(in.x, in.unit, false)) })
			}},
		{"baseline ring", func(in lineInput) string {
			return fmt.Sprintf("baseline %s: mean of ring %q observations", cur(in), model.BaselineRing)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.str(t.baselineLine(in.x, in.unit, true)) })
		}},
		{"meets target", func(in lineInput) string {
			return fmt.Sprintf("%s meets target %s", withUnit(show(in.x, in.near), in.unit), in.c)
		}, func(in lineInput) string {
			return write(func(t *texts) {
				t.show(in.x, in.near)
				t.unit(in.unit)
				t.str(t.criterionLine(meetsTarget, in.c, ""))
			})
		}},
		{"misses target", func(in lineInput) string { return fmt.Sprintf("%s misses target %s", in.text, in.c) },
			func(in lineInput) string {
				return write(func(t *texts) { t.str(in.text); t.str(t.criterionLine(missesTarget, in.c, "")) })
			}},
		{"meets warning", func(in lineInput) string { return fmt.Sprintf("%s meets warning %s: warn", in.text, in.c) },
			func(in lineInput) string {
				return write(func(t *texts) { t.str(in.text); t.str(t.criterionLine(meetsWarning, in.c, warnTail)) })
			}},
		{"misses warning", func(in lineInput) string {
			return fmt.Sprintf("%s misses warning %s too: fail", signed(in.y, in.near), in.c)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.signed(in.y, in.near); t.str(t.criterionLine(missesWarning, in.c, failTail)) })
		}},
		{"trigger fired", func(in lineInput) string { return fmt.Sprintf("rollback trigger %s fired: %s", in.c, lo(in)) },
			func(in lineInput) string {
				return write(func(t *texts) { t.triggerLine(in.c, true); t.signed(in.y, nan) })
			}},
		{"trigger not fired", func(in lineInput) string { return fmt.Sprintf("rollback trigger %s not fired: %s", in.c, in.text) },
			func(in lineInput) string { return write(func(t *texts) { t.triggerLine(in.c, false); t.str(in.text) }) }},
		{"score", func(in lineInput) string {
			return fmt.Sprintf("score %s = 100 × %s ÷ %s (pass 1, warn 0.5, fail 0, weighted) over %d of %d KPIs with data", show(in.x, nan), show(in.y, nan), show(in.near, nan), in.n, in.m)
		}, func(in lineInput) string {
			return write(func(t *texts) { t.str(t.scoreLine(in.x, in.y, in.near, in.n, in.m)) })
		}},
		{"below", func(in lineInput) string { return fmt.Sprintf("score %s is below %g", show(in.x, in.y), in.y) },
			func(in lineInput) string { return write(func(t *texts) { t.belowLine(in.x, in.y) }) }},
		{"below fail", func(in lineInput) string {
			return fmt.Sprintf("score %s is below %g", show(in.x, FailBelow), FailBelow)
		},
			func(in lineInput) string { return write(func(t *texts) { t.belowLine(in.x, FailBelow) }) }},
		{"below warn", func(in lineInput) string {
			return fmt.Sprintf("score %s is below %g", show(in.y, WarnBelow), WarnBelow)
		},
			func(in lineInput) string { return write(func(t *texts) { t.belowLine(in.y, WarnBelow) }) }},
		{"rollback of", func(in lineInput) string { return fmt.Sprintf("rollback trigger %s of %s fired", in.c, in.text) },
			func(in lineInput) string { return write(func(t *texts) { t.rollbackOfLine(in.c.String(), in.text) }) }},
		{"day", func(in lineInput) string { return fmt.Sprintf("%s", in.from) },
			func(in lineInput) string { return write(func(t *texts) { t.date(in.from) }) }},
		{"percent", func(in lineInput) string { return percentOf(in.x) },
			func(in lineInput) string { return write(func(t *texts) { t.percent(in.x) }) }},
	}
}

func checkLines(t *testing.T, in lineInput) {
	t.Helper()
	for _, c := range lineCases() {
		if got, want := c.new(in), c.old(in); got != want {
			t.Errorf("%s, %+v:\n got %q\nwant %q", c.name, in, got, want)
		}
	}
}

// criterionOf builds a criterion from fuzzed parts: a subject, an operator,
// a value and, when raw is not empty, the text it was written as.
func criterionOf(subject, op uint8, v float64, raw string) model.Criterion {
	subjects := []model.Subject{model.SubjectValue, model.SubjectDelta, model.SubjectPct, ""}
	ops := []model.Op{model.OpLT, model.OpLE, model.OpGT, model.OpGE, ""}
	return model.Criterion{Subject: subjects[int(subject)%len(subjects)], Op: ops[int(op)%len(ops)], Value: v, Raw: raw}
}

// TestReasonLinesAreTheirFormats: each line as the fmt.Sprintf form it
// replaced made it, on the figures of the engine's tests and the edges of
// the formats: zero, negative and huge counts, the unset day, no unit,
// infinities and NaN, text with a percent sign and invalid UTF-8.
func TestReasonLinesAreTheirFormats(t *testing.T) {
	for _, in := range []lineInput{
		{x: 6.63, y: -11.6, near: 7, decimals: 2, n: 7, m: 7, from: model.MustDate("2026-11-14"), to: model.MustDate("2026-11-20"), unit: "min",
			text: "t on 7 observations", c: model.MustCriterion("<= -10%")},
		{x: 1, y: 0, near: 1, decimals: 0, n: 1, m: 0, unit: "", text: "", c: model.Criterion{}},
		{x: -0.0000001, y: 1e300, near: math.NaN(), decimals: 9, n: -3, m: math.MaxInt, from: 1, to: -1, unit: "% of calls",
			text: "%d %s %!", c: model.MustCriterion("pct >= 2.5")},
		{x: math.Inf(1), y: math.Inf(-1), near: 0, decimals: 2, n: math.MinInt, m: 2, unit: "\xff", text: "\xffé", c: criterionOf(1, 3, math.NaN(), "")},
		{x: math.NaN(), y: math.NaN(), near: math.Inf(1), decimals: 4, n: 10, m: 100, unit: "ms", text: "Hodges–Lehmann", c: criterionOf(2, 0, -1e-9, "")},
	} {
		checkLines(t, in)
	}
}

// FuzzReasonLines compares each line with its fmt.Sprintf form over
// random numbers, precisions, counts, days, units, texts and criteria.
func FuzzReasonLines(f *testing.F) {
	f.Add(6.63, -11.6, 7.0, uint8(2), 7, 7, int32(20406), int32(20412), "min", "t on 7 observations", uint8(2), uint8(1), -10.0, "<= -10%")
	f.Add(0.0, math.Inf(1), math.NaN(), uint8(9), -1, 0, int32(0), int32(-5), "", "%s%d", uint8(0), uint8(4), 1e21, "")
	f.Fuzz(func(t *testing.T, x, y, near float64, decimals uint8, n, m int, from, to int32, unit, text string, subject, op uint8, v float64, raw string) {
		checkLines(t, lineInput{x: x, y: y, near: near, decimals: int(decimals % 10), n: n, m: m, from: model.Date(from), to: model.Date(to),
			unit: unit, text: text, c: criterionOf(subject, op, v, raw)})
	})
}

// showFromSprintf is showFrom as it was before it formatted into a
// buffer: the oracle of FuzzShowFrom.
func showFromSprintf(x, near float64, decimals int) string {
	s := ""
	for prec := decimals; prec <= 9; prec++ {
		s = strconv.FormatFloat(x, 'f', prec, 64)
		if x == near {
			break
		}
		if v, _ := strconv.ParseFloat(s, 64); v != near {
			break
		}
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// TestShowFromIsItsOldForm: showFrom as before on the edges: a near
// that takes every precision, NaN and infinities on either side, -0,
// numbers too long for the buffer.
func TestShowFromIsItsOldForm(t *testing.T) {
	for _, c := range [][2]float64{{7, 7}, {6.9999999999, 7}, {7.0000000001, 7}, {-0.0000001, math.NaN()}, {math.Copysign(0, -1), 1},
		{math.NaN(), math.NaN()}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), 2}, {1e300, math.NaN()}, {-1.5e20, -1.5e20 + 1e5}, {0.125, 0.12}} {
		for d := range 10 {
			if got, want := showFrom(c[0], c[1], d), showFromSprintf(c[0], c[1], d); got != want {
				t.Errorf("showFrom(%v, %v, %d) = %q, want %q", c[0], c[1], d, got, want)
			}
		}
	}
}

// FuzzShowFrom compares showFrom with its old form.
func FuzzShowFrom(f *testing.F) {
	f.Add(6.9999999999, 7.0, uint8(2))
	f.Add(-0.0, math.NaN(), uint8(0))
	f.Fuzz(func(t *testing.T, x, near float64, decimals uint8) {
		if got, want := showFrom(x, near, int(decimals%10)), showFromSprintf(x, near, int(decimals%10)); got != want {
			t.Errorf("showFrom(%v, %v, %d) = %q, want %q", x, near, decimals%10, got, want)
		}
	})
}

// checkCents: appendCents writes what showFrom writes at two decimals
// without a near, or declines.
func checkCents(t *testing.T, x float64) bool {
	t.Helper()
	got, ok := appendCents([]byte("x"), x)
	if want := "x" + showFrom(x, math.NaN(), 2); ok && string(got) != want {
		t.Fatalf("appendCents(%v) = %q, want %q", x, got[1:], want[1:])
	}
	return ok
}

// TestCentsIsShowFrom: figures judged to nine decimals (what the engine
// shows) from 10⁻⁹ to 10⁶, those on a half cent and their neighbours,
// -0 and negatives, and random doubles; nearly every judged figure is
// written by hand.
func TestCentsIsShowFrom(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 9))
	for _, x := range []float64{0, math.Copysign(0, -1), 0.005, 0.015, 0.125, 1.005, 2.675, 999999.995, 999999.994999999, 1e6, 0.0049999999, -0.004, 11.142857143, 95, 1e-9} {
		checkCents(t, x)
		checkCents(t, -x)
		checkCents(t, math.Nextafter(x, 0))
		checkCents(t, math.Nextafter(x, 1e7))
	}
	byHand := 0
	const n = 300000
	for range n {
		x := math.Pow(10, r.Float64()*15-9) * (r.Float64() + 0.5)
		if checkCents(t, judged(x)) {
			byHand++
		}
		checkCents(t, -judged(x))
		checkCents(t, x)
		checkCents(t, math.Round(x*1000)/1000+0.005)
		checkCents(t, math.Float64frombits(r.Uint64()))
	}
	if byHand < n*99/100 {
		t.Errorf("%d of %d judged figures written by hand", byHand, n)
	}
}

// FuzzCents: any double, and it judged, is written as showFrom writes it.
func FuzzCents(f *testing.F) {
	f.Add(2.675)
	f.Add(11.142857143)
	f.Fuzz(func(t *testing.T, x float64) {
		checkCents(t, x)
		checkCents(t, judged(x))
	})
}

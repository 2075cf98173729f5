package exporters

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"ringside/model/health"
)

// AppendPilotHealthJSON appends one pilot's verdicts as compact JSON, the
// bytes WriteJSONCompact writes for it without the final newline.
// `health --json` over a thousand pilots writes 36,000 ring×KPI verdicts
// (16 MB); through the reflection encoder that was a third of the run.
// Plain strings (printable ASCII without quote or backslash: keys, slugs,
// statuses, dates, most reasons) are copied as they are; any other string,
// and the rare nested SLO standing, go through WriteJSONCompact, so the
// bytes cannot drift from it (TestPilotHealthJSONIsWriteJSONCompact,
// FuzzPilotHealthJSON). What the encoder refuses (a NaN, which the engine
// never produces) is its error.
func AppendPilotHealthJSON(b []byte, ph health.PilotHealth) ([]byte, error) {
	return AppendPilotHealthJSONBody(AppendPilotHealthJSONHead(b, ph), ph)
}

// AppendPilotHealthJSONHead appends the start of AppendPilotHealthJSON's
// object, the pilot's own fields: slug, name and day.
func AppendPilotHealthJSONHead(b []byte, ph health.PilotHealth) []byte {
	b = append(b, `{"pilot":`...)
	b = appendJSONString(b, ph.Pilot)
	if ph.Name != "" {
		b = append(b, `,"name":`...)
		b = appendJSONString(b, ph.Name)
	}
	b = append(b, `,"as_of":`...)
	return appendJSONString(b, ph.AsOf)
}

// AppendPilotHealthJSONBody appends the rest of AppendPilotHealthJSON's
// object after its head: the rings, which alone it depends on.
func AppendPilotHealthJSONBody(b []byte, ph health.PilotHealth) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(encodeError)
			if !ok {
				panic(r)
			}
			out, err = b, e.err
		}
	}()
	b = slices.Grow(b, bodyRoom(ph.Rings))
	b = append(b, `,"rings":`...)
	if ph.Rings == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		var seen sharedKPIs
		for i := range ph.Rings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRingHealth(b, &ph.Rings[i], &seen)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// bodyRoom is about how many bytes the body of rings takes when a ring
// has data (0 when none has: a body without data is short, and left as
// it was, to grow as append does). A render buffer new to the run grew
// from nothing to the bench's 36 kB a pilot by append's steps of a
// quarter, about five times its size in all: 2.3 MB of fresh memory
// for 76 pilots, a 4 kB page of it 2 µs on the bench's machine. Room
// given and not written is never touched. It errs on the large side: a
// KPI's fixed keys and numbers are some 560 bytes, its strings as long
// as they are (a few more for escapes and quotes); a ring whose KPIs
// are another's (copied bytes) counts them again, as they are written
// again.
func bodyRoom(rings []health.RingHealth) int {
	data := false
	n := 16
	for i := range rings {
		r := &rings[i]
		n += 96 + len(r.Ring) + reasonsRoom(r.Why)
		for j := range r.KPIs {
			k := &r.KPIs[j]
			data = data || k.N > 0
			n += 640 + len(k.Key) + len(k.Name) + len(k.Unit) + len(k.BaselineSource) + len(k.Target) + len(k.Warning) + len(k.Trigger) + len(k.CIMethod) + len(k.ChangeMethod) + reasonsRoom(k.Why)
			if k.SLO != nil {
				n += 256
			}
		}
	}
	if !data {
		return 0
	}
	return n
}

// reasonsRoom is the room of rs written as a JSON list, about.
func reasonsRoom(rs health.Reasons) int {
	n := 2
	for _, r := range rs {
		n += len(r.Text) + 8
	}
	return n
}

// sharedKPIs remembers where a ring's KPI verdicts were written: rings
// judged alike share one slice of verdicts (health.Evaluate, rings
// without data), and the same verdicts are the same bytes, copied.
type sharedKPIs struct {
	kpis       []health.KPIHealth
	start, end int
}

func (s *sharedKPIs) same(kpis []health.KPIHealth) bool {
	return len(kpis) > 0 && len(s.kpis) == len(kpis) && &s.kpis[0] == &kpis[0]
}

func appendRingHealth(b []byte, r *health.RingHealth, seen *sharedKPIs) []byte {
	b = append(b, `{"ring":`...)
	b = appendJSONString(b, r.Ring)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(r.Status))
	b = append(b, `,"rollback":`...)
	b = strconv.AppendBool(b, r.Rollback)
	b = append(b, `,"score":`...)
	b = appendFloatPtr(b, r.Score)
	b = append(b, `,"kpis":`...)
	switch {
	case r.KPIs == nil:
		b = append(b, "null"...)
	case seen.same(r.KPIs):
		b = append(b, b[seen.start:seen.end]...)
	default:
		start := len(b)
		b = append(b, '[')
		for i := range r.KPIs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendKPIHealth(b, &r.KPIs[i])
		}
		b = append(b, ']')
		*seen = sharedKPIs{r.KPIs, start, len(b)}
	}
	b = append(b, `,"why":`...)
	b = appendReasons(b, r.Why)
	return append(b, '}')
}

func appendKPIHealth(b []byte, k *health.KPIHealth) []byte {
	b = append(b, `{"key":`...)
	b = appendJSONString(b, k.Key)
	if k.Name != "" {
		b = append(b, `,"name":`...)
		b = appendJSONString(b, k.Name)
	}
	if k.Unit != "" {
		b = append(b, `,"unit":`...)
		b = appendJSONString(b, k.Unit)
	}
	b = append(b, `,"baseline":`...)
	b = appendFloatPtr(b, k.Baseline)
	b = append(b, `,"baseline_source":`...)
	b = appendJSONString(b, k.BaselineSource)
	b = append(b, `,"current":`...)
	b = appendFloatPtr(b, k.Current)
	b = append(b, `,"delta":`...)
	b = appendFloatPtr(b, k.Delta)
	b = append(b, `,"pct":`...)
	b = appendFloatPtr(b, k.Pct)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(k.Status))
	b = append(b, `,"rollback":`...)
	b = strconv.AppendBool(b, k.Rollback)
	b = append(b, `,"latest":`...)
	if k.Latest == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, *k.Latest)
	}
	b = append(b, `,"target":`...)
	b = appendJSONString(b, k.Target)
	if k.Warning != "" {
		b = append(b, `,"warning":`...)
		b = appendJSONString(b, k.Warning)
	}
	if k.Trigger != "" {
		b = append(b, `,"trigger":`...)
		b = appendJSONString(b, k.Trigger)
	}
	b = append(b, `,"critical":`...)
	b = strconv.AppendBool(b, k.Critical)
	b = append(b, `,"weight":`...)
	b = appendJSONFloat(b, k.Weight)
	b = append(b, `,"n":`...)
	b = strconv.AppendInt(b, int64(k.N), 10)
	b = append(b, `,"ci_low":`...)
	b = appendFloatPtr(b, k.CILow)
	b = append(b, `,"ci_high":`...)
	b = appendFloatPtr(b, k.CIHigh)
	b = append(b, `,"confidence":`...)
	b = appendFloatPtr(b, k.Confidence)
	b = append(b, `,"conclusive":`...)
	if k.Conclusive == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendBool(b, *k.Conclusive)
	}
	if k.CIMethod != "" {
		b = append(b, `,"ci_method":`...)
		b = appendJSONString(b, k.CIMethod)
	}
	for _, f := range [...]struct {
		name string
		v    *float64
	}{{`,"delta_ci_low":`, k.DeltaCILow}, {`,"delta_ci_high":`, k.DeltaCIHigh}, {`,"pct_ci_low":`, k.PctCILow}, {`,"pct_ci_high":`, k.PctCIHigh}} {
		if f.v != nil {
			b = append(b, f.name...)
			b = appendJSONFloat(b, *f.v)
		}
	}
	if k.ChangeMethod != "" {
		b = append(b, `,"change_method":`...)
		b = appendJSONString(b, k.ChangeMethod)
	}
	if k.BaselineN != 0 {
		b = append(b, `,"baseline_n":`...)
		b = strconv.AppendInt(b, int64(k.BaselineN), 10)
	}
	b = append(b, `,"why":`...)
	b = appendReasons(b, k.Why)
	if k.SLO != nil {
		b = append(b, `,"slo":`...)
		b = appendViaEncoder(b, k.SLO)
	}
	return append(b, '}')
}

// appendReasons writes a verdict's reasons as health.Reason marshals
// them: the list of their texts.
func appendReasons(b []byte, rs health.Reasons) []byte {
	if rs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, r.Text)
	}
	return append(b, ']')
}

func appendFloatPtr(b []byte, f *float64) []byte {
	if f == nil {
		return append(b, "null"...)
	}
	return appendJSONFloat(b, *f)
}

// appendJSONFloat writes f as encoding/json does: the shortest decimal
// that reads back as f, in exponent form below 1e-6 and from 1e21 on
// (with a one-digit negative exponent written e-7, not e-07). NaN and
// infinities, which encoding/json refuses, go to the encoder, which says
// so.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendViaEncoder(b, f)
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e6 {
		// A figure the engine reports is rounded to nine decimals. When f
		// is the double nearest n × 10⁻⁹ for a whole n below 10¹⁵ (fifteen
		// digits at most), that decimal is the shortest that reads back as
		// f: two decimals of fifteen digits or fewer are further apart
		// than four steps of a double, so no other one reads back as f.
		// encoding/json writes it in 'f' form, trailing zeros dropped.
		if n := math.Round(abs * 1e9); n/1e9 == abs {
			return appendNanos(b, f < 0, uint64(n))
		}
	}
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b
}

// appendNanos writes n × 10⁻⁹ (negative: its opposite) as the decimal it
// is, without trailing zeros.
func appendNanos(b []byte, negative bool, n uint64) []byte {
	if negative {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, n/1e9, 10)
	frac := n % 1e9
	if frac == 0 {
		return b
	}
	var d [10]byte
	d[0] = '.'
	for i := 9; i > 0; i-- {
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := len(d)
	for d[end-1] == '0' {
		end--
	}
	return append(b, d[:end]...)
}

// appendJSONString copies a plain string between quotes; anything that
// needs escaping is the encoder's.
func appendJSONString(b []byte, s string) []byte {
	if i := plainRun(s, 0); i < len(s) {
		return appendEscaped(b, s, i)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainRun is the index of the first byte of s from i on that is not
// plain ASCII (printable, not a quote or a backslash), or len(s).
func plainRun(s string, i int) int {
	// Eight bytes at a time: a word none of whose bytes is below 0x20,
	// above 0x7e, a quote or a backslash is plain (the tests below are
	// exact for bytes below 0x80, and a byte from 0x80 up trips the first).
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 | uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		if ((x-ones*0x20)|(x+ones*(0x80-0x7f))|x|(quote-ones)&^quote|(backslash-ones)&^backslash)&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// appendEscaped writes s as encoding/json writes it with HTML escaping off
// (what WriteJSONCompact does), from its first byte that is not plain
// ASCII, at i: a quote, a backslash and control characters escaped (\n,
// \r, \t, \b, \f by name, the rest as \u00XX), U+2028 and U+2029 as \u
// escapes, invalid UTF-8 as U+FFFD, and every other rune as it is. Reason
// lines carry " … ", " × " and " ÷ ", so this path is common; it was the
// encoder's, by reflection, before.
func appendEscaped(b []byte, s string, i int) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	b = append(b, s[:i]...)
	start := i
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' {
			i = plainRun(s, i+1) // the run of plain bytes that follows
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...) // the encoder writes the rune itself
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// encodeError carries the encoder's refusal up to AppendPilotHealthJSON.
type encodeError struct{ err error }

// appendViaEncoder appends what WriteJSONCompact writes for v, without
// its newline.
func appendViaEncoder(b []byte, v any) []byte {
	var buf bytes.Buffer
	if err := WriteJSONCompact(&buf, v); err != nil {
		panic(encodeError{err})
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

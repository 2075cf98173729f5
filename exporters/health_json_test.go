package exporters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"ringside/model"
	"ringside/model/health"
	"ringside/model/slo"
)

// pilotHealthOf builds a verdict that sets every field from the
// arguments, so the fuzzer reaches every branch of the encoder.
func pilotHealthOf(s1, s2 string, f1, f2 float64, n int, flags uint8) health.PilotHealth {
	ptr := func(f float64) *float64 { return &f }
	on := func(bit uint8) bool { return flags&(1<<bit) != 0 }
	k := health.KPIHealth{
		Key: s1, Name: s2, Unit: s1 + s2, BaselineSource: s2,
		Status: health.Status(s1), Rollback: on(0), Target: s2, Critical: on(1),
		Weight: f1, N: n, Why: health.Reasons{{Kind: health.KindNoData, Text: s1}, {Kind: health.KindNote, Text: s2}},
	}
	if on(2) {
		k.Baseline, k.Current, k.Delta, k.Pct = ptr(f1), ptr(f2), ptr(f1-f2), ptr(f2*1e-9)
		k.CILow, k.CIHigh, k.Confidence = ptr(-f1), ptr(f2*1e22), ptr(0.95)
		c := on(3)
		k.Conclusive = &c
		latest := s2
		k.Latest = &latest
		k.CIMethod, k.ChangeMethod, k.BaselineN = s1, s2, n
		k.DeltaCILow, k.DeltaCIHigh, k.PctCILow, k.PctCIHigh = ptr(f1), ptr(f2), ptr(-0.0), ptr(1e-7)
		k.Warning, k.Trigger = s1, s2
	}
	if on(4) {
		k.SLO = &slo.Result{Target: f1, From: s1, AsOf: s2, Attainment: ptr(f2), Why: []string{s2}}
	}
	r := health.RingHealth{Ring: s2, Status: health.Status(s2), Rollback: on(5), KPIs: []health.KPIHealth{k, {Key: s2}}}
	if on(6) {
		r.Score, r.Why = ptr(f2), health.Reasons{}
	}
	// Rings judged alike share one slice of verdicts (health.Evaluate):
	// the encoder copies the bytes of the first, and must not take a
	// shorter slice of the same verdicts for the same.
	shared, prefix := r, r
	shared.Ring, prefix.Ring, prefix.KPIs = s1+s2, s2+s1, r.KPIs[:1]
	ph := health.PilotHealth{Pilot: s1, Name: s2, AsOf: s1, Rings: []health.RingHealth{r, {Ring: s1, KPIs: []health.KPIHealth{}}, shared, prefix, shared}}
	if on(7) {
		ph.Rings = nil
	}
	return ph
}

func checkPilotHealthJSON(t *testing.T, ph health.PilotHealth) {
	t.Helper()
	var want bytes.Buffer
	wantErr := WriteJSONCompact(&want, ph)
	got, err := AppendPilotHealthJSON([]byte("prefix"), ph)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("error %v, the encoder's %v", err, wantErr)
	}
	if wantErr != nil {
		return
	}
	if w := append([]byte("prefix"), bytes.TrimSuffix(want.Bytes(), []byte("\n"))...); !bytes.Equal(got, w) {
		t.Fatalf("got\n%s\nwant\n%s", got, w)
	}
}

// TestPilotHealthJSONIsWriteJSONCompact: the hand-written encoder writes
// the reflection encoder's bytes for the values that differ in how they
// are written: exponents at both ends, negative zero, HTML characters
// (not escaped), U+2028 (escaped), control and invalid bytes, nil and
// empty lists, a nested SLO.
func TestPilotHealthJSONIsWriteJSONCompact(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s1, s2 string
		f1, f2 float64
	}{
		{"metric_00", "Metric 0", 10, 15.25},
		{"<= +5%", "a&b>c", 1e-6, 9.99e-7},
		{"é ünï", "line\u2028sep\u2029", 1e21, 999999999999999999999},
		{"tab\there", "nul\x00 \x7f del", -0.0, -1.5e-300},
		{"bad \xff utf8", `quote " back \ slash`, math.MaxFloat64, math.SmallestNonzeroFloat64},
		{"", "", 0.1 + 0.2, 123456789.123456789},
		// Past the first eight bytes, read a word at a time: each byte
		// that needs the encoder, at each place in a word.
		{"plain and longer than a word \"q", "0123456789abcde\x7f", 1, 2},
		{"no observations on or before 2027-01-01: no data", "01234567\\x", 3, 4},
		{"0123456789\x1f", "0123456789ab\u00e9", 5, 6},
		{"~~~~~~~~ ~~~~~~~~", "!!!!!!!!\x00!!!!!!!", 7, 8},
	} {
		for flags := range 256 {
			checkPilotHealthJSON(t, pilotHealthOf(c.s1, c.s2, c.f1, c.f2, 42, uint8(flags)))
		}
	}
	// A NaN is refused as the encoder refuses it.
	if _, err := AppendPilotHealthJSON(nil, pilotHealthOf("a", "b", math.NaN(), 1, 0, 0)); err == nil {
		t.Error("a NaN weight was written")
	}
}

func FuzzPilotHealthJSON(f *testing.F) {
	f.Add("metric_00", "Metric 0", 10.0, 15.25, 3, uint8(0xff))
	f.Add("<\u2028", "\xff", 1e-7, 1e21, -1, uint8(0x15))
	f.Fuzz(func(t *testing.T, s1, s2 string, f1, f2 float64, n int, flags uint8) {
		checkPilotHealthJSON(t, pilotHealthOf(s1, s2, f1, f2, n, flags))
	})
}

// TestAppendJSONStringEachByte: every byte value at every place of a
// 17-byte string (two words and a tail) is written as the encoder writes
// it: the word-at-a-time test lets no byte that needs escaping through.
func TestAppendJSONStringEachByte(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		for at := range 17 {
			b := []byte("abcdefghijklmnopq")
			b[at] = byte(c)
			var want bytes.Buffer
			if err := WriteJSONCompact(&want, string(b)); err != nil {
				t.Fatal(err)
			}
			if got := appendJSONString(nil, string(b)); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Fatalf("byte %#x at %d: got %s, want %s", c, at, got, want.Bytes())
			}
		}
	}
}

// appendJSONString writes what the encoder writes for strings past plain
// ASCII too: the reason lines' " … ", " × " and " ÷ ", the line and
// paragraph separators, invalid and cut UTF-8, an encoded surrogate, and
// every escape by name or by number, at the start, middle and end.
func TestAppendJSONStringBeyondASCII(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"mean 6.63 min … 7.10 min", "12 × 0.9 ÷ 60", "×", "a\u2028b\u2029", "\u2028",
		"\xff", "ok \xe2\x80", "\xed\xa0\x80 surrogate", "é\"\\\n\r\t\b\f\x00\x1f\x7f",
		"<script>&amp;</script> ×", "\U0001F600 emoji", "long plain prefix before … the first rune",
	} {
		checkAppendJSONString(t, s)
	}
}

// checkAppendJSONString fails when appendJSONString writes s otherwise
// than the encoder (WriteJSONCompact, without its newline).
func checkAppendJSONString(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	if err := WriteJSONCompact(&want, s); err != nil {
		t.Fatal(err)
	}
	if got := appendJSONString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
		t.Errorf("%q: got %s, want %s", s, got, want.Bytes())
	}
}

// FuzzAppendJSONString: any string is written as the encoder writes it.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"plain", "a … b", "\u2028\xff\x01\"", "12 × 0.9 ÷ 60"} {
		f.Add(s)
	}
	f.Fuzz(checkAppendJSONString)
}

// BenchmarkPilotHealthJSON encodes one pilot of the bench's shape without
// data: 3 rings sharing 12 KPI verdicts.
func BenchmarkPilotHealthJSON(b *testing.B) {
	base := 10.0
	k := health.KPIHealth{Key: "metric_00", Name: "Metric 0", Unit: "min", Baseline: &base, BaselineSource: "kpi", Status: health.NoData,
		Target: "<= +5%", Warning: "<= +10%", Trigger: "> +20%", Critical: true, Weight: 1,
		Why: health.Reasons{{Kind: health.KindNoData, Text: "no observations on or before 2027-01-01: no data"}, {Kind: health.KindTrigger, Text: "rollback trigger > +20% not judged: no fresh data"}}}
	kpis := make([]health.KPIHealth, 12)
	for i := range kpis {
		kpis[i] = k
	}
	r := health.RingHealth{Ring: "pilot", Status: health.NoData, KPIs: kpis, Why: health.Reasons{{Text: "no KPI has fresh data that can be judged: no data"}}}
	ph := health.PilotHealth{Pilot: "bench-pilot-0000", Name: "Benchmark pilot 0", AsOf: "2027-01-01", Rings: []health.RingHealth{r, r, r}}
	ph.Rings[1].Ring, ph.Rings[2].Ring = "canary", "broad"
	benchPilotHealthJSON(b, ph, 32<<10)
}

// BenchmarkAppendJSONStringReason writes a reason line with " … " and
// " × " (every judged KPI has some), by hand and through the encoder.
func BenchmarkAppendJSONStringReason(b *testing.B) {
	const s = "current 6.63 min (mean of 7 days … 2026-01-31) vs baseline 7.5 min: -11.6 % × weight 1"
	b.Run("hand", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendJSONString(buf[:0], s)
		}
	})
	b.Run("encoder", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendViaEncoder(buf[:0], s)
		}
	})
}

// judgedPilot is a pilot of the bench's shape with data: 3 rings × 12
// KPIs judged on a week of the bench's values against a stated baseline.
func judgedPilot() health.PilotHealth {
	asOf := model.MustDate("2027-01-01")
	ph := health.PilotHealth{Pilot: "bench-pilot-0000", Name: "Benchmark pilot 0", AsOf: asOf.String()}
	for ri, ring := range []string{"pilot", "canary", "broad"} {
		var kpis []health.KPIHealth
		for m := range 12 {
			base := float64(10 + m*5%40)
			k := model.KPI{Key: fmt.Sprintf("metric_%02d", m), Name: fmt.Sprintf("Metric %d", m), Unit: "min", Better: model.BetterLower, Baseline: &base,
				Target: model.MustCriterion("<= +5%"), Warning: model.MustCriterion("<= +10%"), Rollback: model.MustCriterion("> +20%"), Critical: m%3 != 0}
			s := health.Series{}
			for d := range 7 {
				s.Days = append(s.Days, asOf.AddDays(d-6))
				s.Values = append(s.Values, math.Round((base+float64(ri*3)+2*math.Sin(float64(d+m)/9))*10)/10)
			}
			kpis = append(kpis, health.EvaluateKPI(k, s, nil, asOf))
		}
		ph.Rings = append(ph.Rings, health.EvaluateRing(ring, kpis))
	}
	return ph
}

// BenchmarkPilotHealthJSONJudged encodes a pilot of the bench's shape
// with data (judgedPilot).
func BenchmarkPilotHealthJSONJudged(b *testing.B) {
	benchPilotHealthJSON(b, judgedPilot(), 64<<10)
}

// benchPilotHealthJSON encodes ph over and over into one buffer of room
// bytes.
func benchPilotHealthJSON(b *testing.B, ph health.PilotHealth, room int) {
	buf := make([]byte, 0, room)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendPilotHealthJSON(buf[:0], ph); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// checkAppendJSONFloat: f is written as the encoder writes it, and in the
// range of the figures rounded to nine decimals as strconv's shortest 'f'
// form.
func checkAppendJSONFloat(t *testing.T, f float64) {
	t.Helper()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return
	}
	want, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSONFloat([]byte("x"), f); string(got) != "x"+string(want) {
		t.Fatalf("%v (%#x): got %s, want %s", f, math.Float64bits(f), got[1:], want)
	}
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		if got, want := string(appendJSONFloat(nil, f)), strconv.FormatFloat(f, 'f', -1, 64); got != want {
			t.Fatalf("%v: got %s, want %s", f, got, want)
		}
	}
}

// TestAppendJSONFloatNanos: figures rounded to nine decimals (what the
// engine reports) and their neighbours, from 10⁻⁷ to 10⁷, at the edges of
// the short form (10⁻⁶, 10⁶, nines), and random doubles, are written as
// the encoder writes them.
func TestAppendJSONFloatNanos(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 9))
	for _, f := range []float64{1e-6, 1e-6 - 1e-15, 0.000001001, 1e6, 1e6 - 1e-9, 999999.999999999, 999999.9999999999, 0.999999999, 1.000000001,
		0.1, 0.2 + 0.1, 11.142857143, 8.057548095, -0.805754809, 123456.789012345, 1, 95, 0.95, 1e15 / 1e9, 5e-324, 1e21, -1e-7} {
		checkAppendJSONFloat(t, f)
		checkAppendJSONFloat(t, -f)
		checkAppendJSONFloat(t, math.Nextafter(f, 0))
		checkAppendJSONFloat(t, math.Nextafter(f, 2e6))
	}
	for range 200000 {
		x := math.Pow(10, r.Float64()*14-7) * (r.Float64() + 0.5)
		j := math.Round(x*1e9) / 1e9
		checkAppendJSONFloat(t, j)
		checkAppendJSONFloat(t, -j)
		checkAppendJSONFloat(t, math.Nextafter(j, 0))
		checkAppendJSONFloat(t, math.Float64frombits(r.Uint64()))
		checkAppendJSONFloat(t, math.Round(x*1e4)/1e4)
	}
}

// FuzzAppendJSONFloat: any double, and it rounded to nine decimals, is
// written as the encoder writes it.
func FuzzAppendJSONFloat(f *testing.F) {
	for _, x := range []float64{11.142857143, 1e-6, 999999.999999999, -0.0, 3} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		checkAppendJSONFloat(t, x)
		checkAppendJSONFloat(t, math.Round(x*1e9)/1e9)
	})
}

// TestBodyRoom: the body of a pilot with data is written into a new
// buffer in one allocation, the room bodyRoom gives it (the buffer does
// not grow step by step), and that room is not far more than it takes;
// a body without data gets none (it grows as append does, as before).
func TestBodyRoom(t *testing.T) {
	ph := judgedPilot()
	n, err := AppendPilotHealthJSONBody(nil, ph)
	if err != nil {
		t.Fatal(err)
	}
	room := bodyRoom(ph.Rings)
	if room < len(n) || room > 2*len(n) {
		t.Fatalf("room %d for a body of %d bytes", room, len(n))
	}
	if allocs := testing.AllocsPerRun(20, func() { AppendPilotHealthJSONBody(nil, ph) }); allocs != 1 {
		t.Fatalf("%v allocations for a judged body, want 1", allocs)
	}
	for i := range ph.Rings {
		for j := range ph.Rings[i].KPIs {
			ph.Rings[i].KPIs[j].N = 0
		}
	}
	if room := bodyRoom(ph.Rings); room != 0 {
		t.Fatalf("room %d for a body without data, want 0", room)
	}
}

package importers

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNumberFormats reads one value column per case. Each expected value
// is what the exporting locale meant.
func TestNumberFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, delim string
		cells       []string
		opt         Options
		want        string
	}{
		// German Excel: ';' and a decimal comma; 1.487 is fourteen hundred
		// and eighty-seven, never 1.487 (the silent 1000× misread).
		{"German count with decimal comma elsewhere", ";", []string{"372,7", "1.487"}, claimsOpt, "372.7 1487"},
		{"German grouped with decimals", ";", []string{"1.234.567,89", "0,5"}, claimsOpt, "1234567.89 0.5"},
		{"US grouped", ",", []string{`"2,472"`, `"1,234,567.5"`, "0.25"}, claimsOpt, "2472 1234567.5 0.25"},
		{"Swiss apostrophe", ";", []string{"2'134", "2'134.50"}, claimsOpt, "2134 2134.5"},
		{"French spaces", ";", []string{"1 270", "1\u00a0270,5", "1\u202f270"}, claimsOpt, "1270 1270.5 1270"},
		{"percent", ",", []string{"81.7%", "80%"}, claimsOpt, "81.7 80"},
		{"unit suffix", ",", []string{"1082 ms", "990 ms"}, claimsOpt, "1082 990"},
		{"mixed units refused", ",", []string{"1082 ms", "2 s"}, claimsOpt, `1082 t.csv:3: value "2 s" in column "m" is in "s", but the values of "m" are in "ms" (line 2)`},
		{"ambiguous refused with both readings", ";", []string{"1.487", "2.001"}, claimsOpt,
			`t.csv:2: value "1.487" in column "m" reads two ways, 1.487 ("." as a decimal mark) or 1487 ("." between thousands)`},
		{"--decimal settles it", ";", []string{"1.487"}, Options{Pilot: "claims-triage", Decimal: ","}, "1487"},
		{"--decimal point", ";", []string{"1.487"}, Options{Pilot: "claims-triage", Decimal: "."}, "1.487"},
		{"leading zero is a decimal", ";", []string{"0.487"}, claimsOpt, "0.487"},
		// In a decimal-comma file 0.487 cannot be thousands (0487): refused, never 487.
		{"leading zero against a decimal comma", ";", []string{"1,5", "0.487", "1.487", "12.487.001"}, claimsOpt,
			`1.5 1487 12487001 t.csv:3: value "0.487" in column "m" has a decimal point, but the file's decimal mark is ","`},
		{"groups out of place", ";", []string{"1,5", "12.34", "1.2345"}, claimsOpt,
			`1.5 t.csv:3: value "12.34" in column "m" has a decimal point`},
		{"bad grouping", ",", []string{"1.5", `"12,34"`}, claimsOpt, `1.5 t.csv:3: value "12,34" in column "m" has a decimal comma, but the file's decimal mark is "."`},
		{"grouping against the mark", ";", []string{"1,5", "1,234,567"}, claimsOpt, `1.5 t.csv:3: value "1,234,567" in column "m" groups thousands with ","`},
		{"NaN", ",", []string{"1", "NaN"}, claimsOpt, `1 t.csv:3: value "NaN" in column "m" is not a finite number`},
		{"huge", ",", []string{"1e200"}, claimsOpt, `t.csv:2: value "1e200" in column "m" is out of range`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "date" + tt.delim + "ring" + tt.delim + "m\n"
			for _, c := range tt.cells {
				in += "2026-01-26" + tt.delim + "pilot" + tt.delim + c + "\n"
			}
			_, rows, errs, err := readAllMetrics(t, strings.NewReader(in), "t.csv", tt.opt)
			var got []string
			if err != nil {
				got = append(got, err.Error())
			}
			for _, r := range rows {
				got = append(got, metricRowText(r)[len("2 claims-triage pilot m 2026-01-26 "):])
			}
			got = append(got, errs...)
			if g := strings.Join(got, " "); !strings.HasPrefix(g, tt.want) {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

// TestNumberNotes: whatever the reader did to a value, it says once.
func TestNumberNotes(t *testing.T) {
	t.Parallel()
	in := "date;ring;count;aht;csat\n2026-01-26;pilot;1.487;372,7 s;81,7%\n2026-01-27;pilot;2.001;380 s;80%\n"
	m, _, errs, err := readAllMetrics(t, strings.NewReader(in), "t.csv", claimsOpt)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	got := strings.Join(m.Notes(), "\n")
	for _, want := range []string{`decimal comma, as line 2's "372,7 s" shows`, `"count": "1.487" read as 1487, with thousands separators`,
		`"aht": unit "s" stripped ("372,7 s" → 372.7)`, `"csat": values end in % and are read as percent points ("81,7%" → 81.7)`} {
		if !strings.Contains(got, want) {
			t.Errorf("notes lack %q:\n%s", want, got)
		}
	}
}

// FuzzNumber: parseNumber never panics, and what it reads is finite and
// within MaxValue.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1.487", "1.234,5", "2'134", "1 270", "81.7%", "-1e3", "1,234,567.89", "0,5", "1e999"} {
		f.Add([]byte(s), byte('.'))
		f.Add([]byte(s), byte(','))
		f.Add([]byte(s), byte(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, dec byte) {
		if len(b) == 0 {
			return
		}
		num, _ := splitUnit(b)
		if len(num) == 0 {
			return
		}
		v, _, problem, _ := parseNumber(num, dec, nil)
		if problem == "" && !(v <= MaxValue && v >= -MaxValue) {
			t.Fatalf("%q read as %v", b, v)
		}
	})
}

// TestGroupedFastPathMatchesParser: the reader's fast path for values with
// thousands separators reads exactly what the full parser reads, and
// refuses (falls back on it for) everything else.
func TestGroupedFastPathMatchesParser(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, dec := range []byte{',', '.'} {
		m := &MetricReader{delim: ';', dec: dec, values: map[string]*valueColumn{"m": {name: "m", groupNote: true}}}
		for range 100000 {
			var b []byte
			if rng.IntN(4) == 0 {
				b = append(b, '-')
			}
			for i, n := 0, 1+rng.IntN(12); i < n; i++ {
				switch r := rng.IntN(10); {
				case r < 7:
					b = append(b, byte('0'+rng.IntN(10)))
				case r < 9:
					b = append(b, otherMark(dec))
				default:
					b = append(b, dec)
				}
			}
			fast, ferr := m.value(b, 1, "m", "")
			slow, _, problem, _ := parseNumber(b, dec, nil)
			if (ferr == nil) != (problem == "") || (ferr == nil && fast != slow) {
				t.Fatalf("dec %c, %q: reader %v (%v), parser %v (%q)", dec, b, fast, ferr, slow, problem)
			}
		}
	}
}

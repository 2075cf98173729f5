package model

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseCriterion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		subject Subject
		op      Op
		value   float64
	}{
		{"<= -10%", SubjectPct, OpLE, -10},
		{"delta >= -1", SubjectDelta, OpGE, -1},
		{"pct <= 0", SubjectPct, OpLE, 0},
		{">= 80", SubjectValue, OpGE, 80},
		{"> +5%", SubjectPct, OpGT, 5},
		{"value < 7.5", SubjectValue, OpLT, 7.5},
		{"  PCT>=-2.5 % ", SubjectPct, OpGE, -2.5},
		{"pct < 3%", SubjectPct, OpLT, 3},
		{"<1e3", SubjectValue, OpLT, 1000},
		{"Delta > 0", SubjectDelta, OpGT, 0},
	}
	for _, c := range cases {
		got, err := ParseCriterion(c.in)
		if err != nil {
			t.Errorf("ParseCriterion(%q): %v", c.in, err)
			continue
		}
		if got.Subject != c.subject || got.Op != c.op || got.Value != c.value {
			t.Errorf("ParseCriterion(%q) = %s %s %v, want %s %s %v", c.in, got.Subject, got.Op, got.Value, c.subject, c.op, c.value)
		}
		if got.String() != strings.TrimSpace(c.in) {
			t.Errorf("String() = %q, want the text as written", got.String())
		}
		again, err := ParseCriterion(got.Canonical())
		if err != nil || again.Subject != got.Subject || again.Op != got.Op || again.Value != got.Value {
			t.Errorf("canonical %q does not parse back: %v", got.Canonical(), err)
		}
	}
}

func TestParseCriterionErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":            "it is empty",
		"80":          "no comparison operator",
		"== 5":        "no comparison operator",
		"<=":          "no number",
		">= lots":     `"lots" is not a number`,
		"delta <= 5%": "cannot be compared with delta",
		"value > 1%":  "cannot be compared with value",
		">= NaN":      "not a number",
		"<= Inf":      "not a number",
		"<= 0x10":     "not a number",
		"mean <= 3":   "no comparison operator",
		"=< 3":        "no comparison operator",
		">= 1_000":    "not a number",
	}
	for in, want := range cases {
		_, err := ParseCriterion(in)
		if err == nil || !errors.Is(err, ErrCriterionSyntax) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCriterion(%q) err = %v, want %q", in, err, want)
		}
		if err != nil && !strings.Contains(err.Error(), "e.g.") {
			t.Errorf("ParseCriterion(%q): the error does not show an example", in)
		}
	}
}

func f64(v float64) *float64 { return &v }

func TestCriterionEval(t *testing.T) {
	t.Parallel()
	cases := []struct {
		crit      string
		current   float64
		baseline  *float64
		holds, ok bool
	}{
		// 8.4 vs 12: delta -3.6, pct -30 exactly: holds at the boundary.
		{"<= -30%", 8.4, f64(12), true, true},
		{"<= -30%", 8.5, f64(12), false, true},
		{"delta >= -1", 79.5, f64(80), true, true},
		{"delta >= -1", 78.9, f64(80), false, true},
		{">= 80", 80, nil, true, true},
		{"> +5%", 12.7, f64(12), true, true},  // +5.83 %
		{"> +5%", 12.6, f64(12), false, true}, // +5 % is not > 5 %
		{"pct <= 0", 5, nil, false, false},    // no baseline: pct cannot be judged
		{"pct <= 0", 5, f64(0), false, false}, // zero baseline: no percent
		{"delta <= 0", 5, f64(0), false, true},
	}
	for _, c := range cases {
		cr := MustCriterion(c.crit)
		holds, ok := cr.Eval(NewMeasure(c.current, c.baseline))
		if holds != c.holds || ok != c.ok {
			t.Errorf("%q on %v (baseline %v) = %v,%v want %v,%v", c.crit, c.current, c.baseline, holds, ok, c.holds, c.ok)
		}
	}
}

func TestNewMeasurePctUsesSignedBaseline(t *testing.T) {
	t.Parallel()
	// (−4 − −5) ÷ −5 × 100 = −20: the spec's formula, taken literally.
	m := NewMeasure(-4, f64(-5))
	if m.Pct == nil || math.Abs(*m.Pct-(-20)) > 1e-9 {
		t.Errorf("pct = %v, want -20", m.Pct)
	}
}

func FuzzParseCriterion(f *testing.F) {
	for _, s := range []string{"<= -10%", "delta >= -1", "pct <= 0", ">= 80", "> +5%", "value<3", "", "%%", "pct", "\x1b[31m<3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCriterion(s)
		if err != nil {
			if !errors.Is(err, ErrCriterionSyntax) {
				t.Fatalf("error %v does not wrap ErrCriterionSyntax", err)
			}
			return
		}
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			t.Fatalf("%q parsed to a non-finite %v", s, c.Value)
		}
		if OneOf("subject", c.Subject, []Subject{SubjectValue, SubjectDelta, SubjectPct}) != nil {
			t.Fatalf("%q: subject %q", s, c.Subject)
		}
		back, err := ParseCriterion(c.Canonical())
		if err != nil || back.Subject != c.Subject || back.Op != c.Op || back.Value != c.Value {
			t.Fatalf("%q: canonical %q does not round-trip: %v", s, c.Canonical(), err)
		}
	})
}

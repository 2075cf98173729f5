package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Subject is what a KPI criterion compares.
type Subject string

const (
	SubjectValue Subject = "value" // the current level
	SubjectDelta Subject = "delta" // current − baseline
	SubjectPct   Subject = "pct"   // (current − baseline) / baseline × 100
)

// Op is a comparison operator of a criterion.
type Op string

const (
	OpLT Op = "<"
	OpLE Op = "<="
	OpGT Op = ">"
	OpGE Op = ">="
)

// Criterion is a parsed KPI condition such as `pct <= -10`. Raw keeps the text
// as the user wrote it, so files and screens show their own words back.
type Criterion struct {
	Subject Subject
	Op      Op
	Value   float64
	Raw     string
}

// ErrCriterionSyntax is wrapped by every parse error.
var ErrCriterionSyntax = errors.New("invalid criterion")

const criterionHelp = "write SUBJECT OP NUMBER, e.g. `<= -10%`, `delta >= -1`, `pct <= 0`, `>= 80`, `> +5%` (SUBJECT is value, delta or pct; OP is < <= > >=)"

// ParseCriterion reads `[SUBJECT] OP NUMBER[%]`. A bare `OP NUMBER` means
// value; a trailing % means pct (and may not be combined with value or delta).
func ParseCriterion(s string) (Criterion, error) {
	raw := strings.TrimSpace(s)
	fail := func(why string) (Criterion, error) {
		return Criterion{}, fmt.Errorf("%w %q: %s; %s", ErrCriterionSyntax, raw, why, criterionHelp)
	}
	if raw == "" {
		return fail("it is empty")
	}
	rest := raw
	c := Criterion{Raw: raw}
	explicit := false
	for _, subj := range []Subject{SubjectValue, SubjectDelta, SubjectPct} {
		if len(rest) >= len(subj) && strings.EqualFold(rest[:len(subj)], string(subj)) {
			c.Subject = subj
			rest = strings.TrimSpace(rest[len(subj):])
			explicit = true
			break
		}
	}
	switch {
	case strings.HasPrefix(rest, "<="):
		c.Op, rest = OpLE, rest[2:]
	case strings.HasPrefix(rest, ">="):
		c.Op, rest = OpGE, rest[2:]
	case strings.HasPrefix(rest, "<"):
		c.Op, rest = OpLT, rest[1:]
	case strings.HasPrefix(rest, ">"):
		c.Op, rest = OpGT, rest[1:]
	default:
		return fail("no comparison operator")
	}
	rest = strings.TrimSpace(rest)
	if strings.HasSuffix(rest, "%") {
		if explicit && c.Subject != SubjectPct {
			return fail(fmt.Sprintf("a %% number cannot be compared with %s", c.Subject))
		}
		c.Subject = SubjectPct
		rest = strings.TrimSpace(strings.TrimSuffix(rest, "%"))
	}
	if !explicit && c.Subject == "" {
		c.Subject = SubjectValue
	}
	if rest == "" {
		return fail("no number after the operator")
	}
	v, err := strconv.ParseFloat(rest, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(rest, "xXpP_") {
		return fail(fmt.Sprintf("%q is not a number", rest))
	}
	c.Value = v
	return c, nil
}

// MustCriterion parses s or panics; for tests and built-in defaults.
func MustCriterion(s string) Criterion {
	c, err := ParseCriterion(s)
	if err != nil {
		panic(err)
	}
	return c
}

// IsZero reports whether the criterion is unset.
func (c Criterion) IsZero() bool { return c.Op == "" }

// String returns the text as written, or a canonical form.
func (c Criterion) String() string {
	if c.Raw != "" {
		return c.Raw
	}
	if c.IsZero() {
		return ""
	}
	return c.Canonical()
}

// Canonical spells the criterion out in full, e.g. `pct <= -10`.
func (c Criterion) Canonical() string {
	return fmt.Sprintf("%s %s %s", c.Subject, c.Op, strconv.FormatFloat(c.Value, 'f', -1, 64))
}

// Holds reports whether x (the criterion's subject, already computed)
// satisfies the comparison.
func (c Criterion) Holds(x float64) bool {
	switch c.Op {
	case OpLT:
		return x < c.Value
	case OpLE:
		return x <= c.Value
	case OpGT:
		return x > c.Value
	case OpGE:
		return x >= c.Value
	}
	return false
}

// Measure is the three readings a criterion may compare: the current level,
// and, when a baseline is known, its change in points and in percent.
type Measure struct {
	Value float64
	Delta *float64
	Pct   *float64
}

// NewMeasure derives delta and pct from current and an optional baseline.
// pct is null when the baseline is zero: a change from nothing has no percent.
func NewMeasure(current float64, baseline *float64) Measure {
	m := Measure{Value: current}
	if baseline != nil {
		d := current - *baseline
		m.Delta = &d
		if *baseline != 0 {
			p := d / *baseline * 100
			m.Pct = &p
		}
	}
	return m
}

// Eval judges the criterion against m. ok is false when the subject cannot
// be computed (no baseline for delta, no or zero baseline for pct).
func (c Criterion) Eval(m Measure) (holds, ok bool) {
	switch c.Subject {
	case SubjectValue:
		return c.Holds(m.Value), true
	case SubjectDelta:
		if m.Delta == nil {
			return false, false
		}
		return c.Holds(*m.Delta), true
	case SubjectPct:
		if m.Pct == nil {
			return false, false
		}
		return c.Holds(*m.Pct), true
	}
	return false, false
}

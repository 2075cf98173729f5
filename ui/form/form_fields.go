package form

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"ringside/model"
	"ringside/ui/common"
)

// Small field builders and parsers the forms share. Numbers and dates are
// typed as text and checked as typed; the same parsers turn them into
// values when the form saves, so what was accepted is what is stored.

func input(title string, v *string, validate func(string) error) *huh.Input {
	in := huh.NewInput().Title(title).Value(v)
	if validate != nil {
		in = in.Validate(validate)
	}
	return in
}

// options turns an enumeration into select options.
func options[T ~string](values []T) []huh.Option[T] {
	out := make([]huh.Option[T], len(values))
	for i, v := range values {
		out[i] = huh.NewOption(string(v), v)
	}
	return out
}

func pick[T ~string](title string, v *T, values []T) *huh.Select[T] {
	return huh.NewSelect[T]().Title(title).Options(options(values)...).Value(v).Inline(true) // ←/→: one line at 80×24
}

// required refuses blank text.
func required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s is required", what)
		}
		return printable(s)
	}
}

// printable refuses control characters: they would reach terminals and files.
func printable(s string) error {
	if model.HasControl(s) {
		return errors.New("contains a control character: use printable text")
	}
	return nil
}

// parseNum reads a number; blank is def. lo and hi bound it.
func parseNum(s string, def, lo, hi float64, what string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number: type %s", s, what)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("must be %s, got %s", rangeText(lo, hi), s)
	}
	return v, nil
}

// rangeText says what a bound allows: "0 to 1", or "0 or more" when the
// upper bound is only a guard.
func rangeText(lo, hi float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	if hi >= 1e9 {
		return f(lo) + " or more"
	}
	return f(lo) + " to " + f(hi)
}

// number validates a number field as typed.
func number(def, lo, hi float64, what string) func(string) error {
	return func(s string) error { _, err := parseNum(s, def, lo, hi, what); return err }
}

// parseInt reads a whole number within [lo, hi]; blank is def.
func parseInt(s string, def, lo, hi int, what string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number: type %s", s, what)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("must be %s, got %d", rangeText(float64(lo), float64(hi)), v)
	}
	return v, nil
}

func whole(def, lo, hi int, what string) func(string) error {
	return func(s string) error { _, err := parseInt(s, def, lo, hi, what); return err }
}

// parseDay reads an optional date: blank is unset.
func parseDay(s string) (model.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return model.ParseDate(s)
}

func optDate(s string) error { _, err := parseDay(s); return err }

func reqDate(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("date is required: YYYY-MM-DD, e.g. 2026-11-20")
	}
	return optDate(s)
}

// parseCrit reads an optional criterion: blank is none.
func parseCrit(s string) (model.Criterion, error) {
	if strings.TrimSpace(s) == "" {
		return model.Criterion{}, nil
	}
	return model.ParseCriterion(s)
}

// critNote is the live line under a criterion field: what it means as
// typed, or the parser's own message.
func critNote(s string, optional bool) string {
	if strings.TrimSpace(s) == "" {
		if optional {
			return "none (optional)"
		}
		return "required, e.g. <= -10%"
	}
	c, err := model.ParseCriterion(s)
	if err != nil {
		return err.Error()
	}
	return "✓ " + c.Canonical()
}

func numText(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func intText(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// newConfirm is the yes/no screen before anything destructive. It
// defaults to No: enter alone writes nothing.
func NewConfirm(c *common.Common, title, question, detail string, yes func() tea.Cmd) *Screen {
	var ok bool
	build := func() *huh.Form {
		ok = false
		return huh.NewForm(huh.NewGroup(huh.NewConfirm().Title(question).Description(detail).
			Affirmative("Yes").Negative("No").Value(&ok)))
	}
	return New(c, title, build, func() tea.Cmd {
		if !ok {
			return common.CloseTop(title + ": no, nothing written")
		}
		return yes()
	})
}

// chain closes the current screen and opens next in its place.
func Chain(next common.Screen) tea.Cmd {
	return tea.Sequence(common.CloseTop(""), common.Push(next))
}

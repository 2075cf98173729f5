package uitest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ringside/store"
	"ringside/ui/common"
)

// Screen is what PickEntry drives: either driver.
type Screen interface {
	Keys(names ...string)
	Screen() string
}

// PickEntry moves the import screen's file picker to the entry named
// name and opens it.
func PickEntry(t testing.TB, d Screen, name string) {
	t.Helper()
	pick(t, d, name, CursorLine, "entry %q in the file list")
}

// PickChoice moves a form's picker (a huh select) to the choice whose
// line holds label and takes it.
func PickChoice(t testing.TB, d Screen, label string) {
	t.Helper()
	pick(t, d, label, HuhCursorLine, "choice %q")
}

// pick presses down until the line under the cursor (as cursor reads it)
// holds name, then enter; the test fails on no such line (what says so).
func pick(t testing.TB, d Screen, name string, cursor func(string) string, what string) {
	t.Helper()
	for range 50 {
		if strings.Contains(cursor(d.Screen()), name) {
			d.Keys("enter")
			return
		}
		d.Keys("down")
	}
	t.Fatalf("no "+what+":\n%s", name, d.Screen())
}

// CursorLine is the line of a list or picker under its cursor (the
// cursor glyph and a space lead it).
func CursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, common.GlyphCursor+" ") {
			return l
		}
	}
	return ""
}

// DBState is what a write would move: the audit chain's head and the
// number of observations.
func DBState(t testing.TB, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	head, err := s.HeadHash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.ObservationCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("head %s, %d observations", head, n)
}

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
	for range 50 {
		if strings.Contains(CursorLine(d.Screen()), name) {
			d.Keys("enter")
			return
		}
		d.Keys("down")
	}
	t.Fatalf("no entry %q in the file list:\n%s", name, d.Screen())
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

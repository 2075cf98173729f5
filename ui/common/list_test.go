package common

import (
	"strings"
	"testing"
)

type row struct{ key, text string }

func rows(keys ...string) []row {
	out := make([]row, len(keys))
	for i, k := range keys {
		out[i] = row{k, "item " + k}
	}
	return out
}

func newList(sorted bool) *List[row] {
	l := &List[row]{Key: func(r row) string { return r.key }, Match: func(q string, r row) bool { return strings.Contains(r.text, q) }}
	if sorted {
		l.Less = func(a, b row) bool { return a.key > b.key } // newest (highest key) first
	}
	return l
}

// shownKeys is the shown items' keys, in order, with the cursor's in [].
func shownKeys(l *List[row]) string {
	var b []string
	for i := 0; i < l.Len(); i++ {
		k := l.At(i).key
		if i == l.Cursor() {
			k = "[" + k + "]"
		}
		b = append(b, k)
	}
	return strings.Join(b, " ")
}

func TestListKeepsItsPlaceAcrossReloads(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sorted bool
		first  []row
		filter string
		cursor int // moves from the top before the reload
		reload []row
		want   string
	}{
		// the cursor on c (third); c moves to the front on reload: the
		// cursor follows it there, not the third row
		{"cursor kept by key", false, rows("a", "b", "c", "d"), "", 2, rows("c", "a", "b", "d"), "[c] a b d"},
		// c is deleted: the cursor stays on the third position
		{"item gone keeps position", false, rows("a", "b", "c", "d"), "", 2, rows("a", "b", "d"), "a b [d]"},
		// the last item is deleted while the cursor is on it: clamped to the new last
		{"gone at the end clamps", false, rows("a", "b", "c"), "", 2, rows("a", "b"), "a [b]"},
		// filter "1" shows a1, b1, c1; cursor on b1; the reload adds d1 and
		// drops a1: the filter still applies and the cursor is on b1
		{"filter then reload", false, []row{{"a", "a1"}, {"b", "b1"}, {"c", "c1"}, {"x", "x2"}}, "1", 1,
			[]row{{"b", "b1"}, {"c", "c1"}, {"d", "d1"}, {"x", "x2"}}, "[b] c d"},
		// sorted highest first: c b a; cursor on b; reload adds e: e c b a, cursor on b
		{"sort kept across reload", true, rows("a", "b", "c"), "", 1, rows("a", "b", "c", "e"), "e c [b] a"},
		// an empty list stays empty, no cursor; then items come
		{"empty list", false, nil, "", 3, rows("a"), "[a]"},
		// everything filtered out: nothing selected, reload brings a match
		{"filtered to nothing", false, rows("a", "b"), "zz", 0, []row{{"z", "zz"}}, "[z]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newList(tc.sorted)
			l.SetItems(tc.first)
			l.Filter.Value = []rune(tc.filter)
			l.Refilter()
			l.Move(tc.cursor)
			l.SetItems(tc.reload)
			if got := shownKeys(l); got != tc.want {
				t.Errorf("after the reload %q, want %q", got, tc.want)
			}
		})
	}
}

// Keep is the reload of a pane rebuilt from new data: the new list takes
// the old one's filter, cursor (by key) and scroll.
func TestListKeepFromARebuiltList(t *testing.T) {
	old := newList(false)
	old.SetItems(rows("a", "b", "c", "d", "e"))
	old.Filter.Value = []rune("item")
	old.Refilter()
	old.Move(3) // d
	old.Window(2)
	nu := newList(false)
	nu.SetItems(rows("d", "a", "b", "c", "e"))
	nu.Keep(old)
	if got := shownKeys(nu); got != "[d] a b c e" || nu.Filter.String() != "item" {
		t.Errorf("kept %q with filter %q, want the cursor on d and the filter", got, nu.Filter.String())
	}
	if nu.Offset() != old.Offset() {
		t.Errorf("offset %d, want the old %d", nu.Offset(), old.Offset())
	}
}

// Paging: a reload by pages (the audit log) empties the list, then older
// pages arrive; the cursor goes back to its item when the page with it
// does, and moving meanwhile forgets it.
func TestListPagingFindsTheCursorsItem(t *testing.T) {
	l := newList(false)
	l.SetItems(rows("9", "8", "7", "6", "5", "4"))
	l.Move(4) // on 5
	l.SetItems(nil)
	if _, ok := l.Selected(); ok || l.Len() != 0 {
		t.Fatalf("an emptied list selects something: %q", shownKeys(l))
	}
	l.Append(rows("9", "8", "7")...)
	if got := shownKeys(l); got != "[9] 8 7" {
		t.Fatalf("first page %q, want the cursor at the top until 5 arrives", got)
	}
	l.Append(rows("6", "5", "4")...)
	if got := shownKeys(l); got != "9 8 7 6 [5] 4" {
		t.Fatalf("second page %q, want the cursor back on 5", got)
	}
	// moved before the item came: it stays where the user put it
	l.SetItems(nil)
	l.Append(rows("9", "8")...)
	l.Move(1)
	l.Append(rows("7", "6", "5")...)
	if got := shownKeys(l); got != "9 [8] 7 6 5" {
		t.Errorf("after a move %q, want the cursor left on 8", got)
	}
}

// The viewport: Window returns only the rows that fit, scrolled so the
// cursor shows, and stops at both edges.
func TestListWindowAtTheEdges(t *testing.T) {
	l := newList(false)
	l.SetItems(rows("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))
	for _, tc := range []struct {
		move     int
		room     int
		from, to int
	}{
		{0, 4, 0, 4},    // top: rows 0–3
		{3, 4, 0, 4},    // cursor 3: still fits
		{1, 4, 1, 5},    // cursor 4: one down
		{100, 4, 6, 10}, // cursor clamped to 9: the last four
		{-100, 4, 0, 4}, // back to the top
		{0, 20, 0, 10},  // room for more than there are
	} {
		l.Move(tc.move)
		if from, to := l.Window(tc.room); from != tc.from || to != tc.to {
			t.Errorf("cursor %d room %d: window [%d,%d), want [%d,%d)", l.Cursor(), tc.room, from, to, tc.from, tc.to)
		}
	}
	empty := newList(false)
	if from, to := empty.Window(5); from != 0 || to != 0 || empty.Cursor() != 0 {
		t.Errorf("empty list window [%d,%d) cursor %d", from, to, empty.Cursor())
	}
	empty.Move(1)
	if _, ok := empty.Selected(); ok {
		t.Error("an empty list selects an item")
	}
}

// ClearFilter is esc on a list: it clears a set filter and says so, and
// says nothing is left to clear after.
func TestListClearFilter(t *testing.T) {
	l := newList(false)
	l.SetItems(rows("a", "b"))
	l.Filter.Value = []rune("item b")
	l.Refilter()
	if got := shownKeys(l); got != "[b]" {
		t.Fatalf("filtered %q", got)
	}
	if !l.ClearFilter() || shownKeys(l) != "[a] b" {
		t.Errorf("clear: %q", shownKeys(l))
	}
	if l.ClearFilter() {
		t.Error("a second esc cleared a filter that is not set")
	}
}

package common

import (
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ringside/ui/widgets"
)

// List is the cockpit's one list: items with a cursor, a filter typed
// after /, an order, and a virtual viewport (a screen draws only the rows
// Window returns, so the cost of a frame does not grow with the items).
// SetItems and Keep carry the cursor (by item key), the filter and the
// scroll across a reload, so a save does not lose the user's place.
// The screen draws the rows; the list knows which ones.
type List[T any] struct {
	// Key names an item across reloads; nil keeps the cursor by position.
	Key func(T) string
	// Match reports whether an item matches the filter's text q, lower
	// case; nil matches every item.
	Match func(q string, it T) bool
	// Less orders the shown items (a stable sort); nil keeps the items'
	// order. Call Refilter after changing it.
	Less   func(a, b T) bool
	Filter LineInput

	items  []T
	shown  []int // indexes into items in the shown order; nil: all, as they are
	cursor int   // into the shown items
	offset int   // the first shown item in the viewport
	// pending is the key the cursor was on before a reload that did not
	// bring it back: the Append that brings it (paging) puts the cursor on it.
	pending string
}

// Items are all the items, shown or not, in their own order.
func (l *List[T]) Items() []T { return l.items }

// Len is the number of items shown (matching the filter).
func (l *List[T]) Len() int {
	if l.shown == nil {
		return len(l.items)
	}
	return len(l.shown)
}

// Total is the number of items, shown or not.
func (l *List[T]) Total() int { return len(l.items) }

// Index is the position in Items of the i-th shown item.
func (l *List[T]) Index(i int) int {
	if l.shown == nil {
		return i
	}
	return l.shown[i]
}

// At is the i-th shown item.
func (l *List[T]) At(i int) T { return l.items[l.Index(i)] }

// Cursor is the position of the cursor among the shown items.
func (l *List[T]) Cursor() int { return l.cursor }

// Offset is the first shown item of the viewport.
func (l *List[T]) Offset() int { return l.offset }

// Selected is the item under the cursor; false when none shows.
func (l *List[T]) Selected() (T, bool) {
	if l.cursor < 0 || l.cursor >= l.Len() {
		var zero T
		return zero, false
	}
	return l.At(l.cursor), true
}

// SetCursor puts the cursor on the i-th shown item (clamped).
func (l *List[T]) SetCursor(i int) {
	l.cursor = widgets.Clamp(i, 0, l.Len()-1)
	l.pending = ""
}

// Move moves the cursor by d shown items (clamped).
func (l *List[T]) Move(d int) { l.SetCursor(l.cursor + d) }

// Select puts the cursor on the first shown item that is, and reports
// whether one is.
func (l *List[T]) Select(is func(T) bool) bool {
	for i := 0; i < l.Len(); i++ {
		if is(l.At(i)) {
			l.cursor, l.pending = i, ""
			return true
		}
	}
	return false
}

// Filtering reports whether a filter text is set.
func (l *List[T]) Filtering() bool { return len(l.Filter.Value) > 0 }

// Refilter shows the items that match the filter, in order; the cursor
// keeps its position (clamped). Call it after the filter text or the
// order changed.
func (l *List[T]) Refilter() {
	q := strings.ToLower(l.Filter.String())
	if (q == "" || l.Match == nil) && l.Less == nil {
		l.shown = nil
	} else {
		l.shown = l.shown[:0:0]
		for i, it := range l.items {
			if q == "" || l.Match == nil || l.Match(q, it) {
				l.shown = append(l.shown, i)
			}
		}
		if l.Less != nil {
			sort.SliceStable(l.shown, func(a, b int) bool { return l.Less(l.items[l.shown[a]], l.items[l.shown[b]]) })
		}
	}
	l.cursor = widgets.Clamp(l.cursor, 0, l.Len()-1)
}

func (l *List[T]) selectedKey() (string, bool) {
	if it, ok := l.Selected(); ok && l.Key != nil {
		return l.Key(it), true
	}
	return "", false
}

// SetItems replaces the items (a reload), keeping the filter, the order
// and the scroll; the cursor stays on the item of the same key, or on
// its position when that item is gone. An item that comes back later by
// Append (paging) gets the cursor back then.
func (l *List[T]) SetItems(items []T) {
	want, ok := l.selectedKey()
	if !ok {
		want = l.pending
	}
	l.items = items
	l.Refilter()
	l.land(want)
}

// land puts the cursor on the item of key want, or remembers want for a
// later Append.
func (l *List[T]) land(want string) {
	if want == "" || l.Key == nil {
		return
	}
	if l.Select(func(it T) bool { return l.Key(it) == want }) {
		return
	}
	l.pending = want
}

// Keep takes over old's filter, cursor (on the item of the same key) and
// scroll: a pane rebuilt on a reload keeps the user's place. The order is
// the new list's own (its screen copies its sort first).
func (l *List[T]) Keep(old *List[T]) {
	want, ok := old.selectedKey()
	if !ok {
		want = old.pending
	}
	l.Filter, l.cursor, l.offset = old.Filter, old.cursor, old.offset
	l.Refilter()
	l.land(want)
}

// Append adds items after the last (an older page): the cursor stays,
// unless one of them is the item it was on before a reload; it reports
// whether one was and the cursor went back to it.
func (l *List[T]) Append(items ...T) (found bool) {
	l.items = append(l.items, items...)
	if l.shown != nil || (l.Filtering() && l.Match != nil) {
		l.Refilter()
	}
	if l.pending != "" {
		l.land(l.pending)
		return l.pending == ""
	}
	return false
}

// Scroll moves the viewport of room rows so the cursor shows.
func (l *List[T]) Scroll(room int) { l.offset = widgets.Scroll(l.cursor, l.offset, room, l.Len()) }

// Window scrolls the viewport of room rows to the cursor and returns the
// shown items to draw, [from, to).
func (l *List[T]) Window(room int) (from, to int) {
	l.Scroll(room)
	return l.offset, min(l.offset+room, l.Len())
}

// FilterKey gives a key to the focused filter and refilters when the
// text changed; it reports whether it did.
func (l *List[T]) FilterKey(k *KeyMap, msg tea.KeyPressMsg) bool {
	if l.Filter.FilterKey(k, msg) {
		l.Refilter()
		return true
	}
	return false
}

// ClearFilter clears a set filter (esc) and reports whether there was one.
func (l *List[T]) ClearFilter() bool {
	if !l.Filtering() {
		return false
	}
	l.Filter.Clear()
	l.Refilter()
	return true
}

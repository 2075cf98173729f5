package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"ringside/themes"
)

// itemLines draws items of n lines each: "a1", "a2" … for item "a:2";
// a blank line, of no item, between them.
func itemLines(items ...string) func(int) ([]string, []string) {
	return func(int) (lines, keys []string) {
		for _, it := range items {
			name, n, _ := strings.Cut(it, ":")
			for i := 0; i < int(n[0]-'0'); i++ {
				lines = append(lines, name+string(rune('1'+i)))
				keys = append(keys, name)
			}
			lines = append(lines, "")
			keys = append(keys, "")
		}
		return lines, keys
	}
}

// A keyed pane rebuilt over other items keeps the line it showed at the
// top there (the same line of the same item), filtered or not; at the
// top it stays at the top, and when the item is gone the offset stays.
func TestKeyedScrollPaneKeepsItsItemInView(t *testing.T) {
	c := &Common{Keys: DefaultKeys()}
	c.ApplyTheme(themes.NoColor())
	top := func(p *ScrollPane) string { return strings.TrimSpace(ansi.Strip(strings.SplitN(p.View(), "\n", 2)[0])) }
	for _, tc := range []struct {
		name         string
		before       []string
		offset       int    // lines scrolled before the reload
		filter       string // set before the reload
		after        []string
		wantBefore   string // the top line before
		want         string // the top line after
		unkeyedAfter string // what an unkeyed pane (the offset kept) shows
	}{
		{name: "lines added before", before: []string{"a:2", "b:3", "c:2", "d:2", "e:2"}, offset: 4, wantBefore: "b2",
			after: []string{"x:3", "a:2", "b:3", "c:2", "d:2", "e:2"}, want: "b2", unkeyedAfter: "a1"},
		{name: "lines removed before", before: []string{"a:2", "b:3", "c:2", "d:2", "e:2", "f:2"}, offset: 8, wantBefore: "c2",
			after: []string{"b:3", "c:2", "d:2", "e:2", "f:2"}, want: "c2", unkeyedAfter: "d2"},
		{name: "item moved", before: []string{"a:2", "b:3", "c:2", "d:2", "e:2", "f:2"}, offset: 7, wantBefore: "c1",
			after: []string{"c:2", "a:2", "b:3", "d:2", "e:2", "f:2"}, want: "c1", unkeyedAfter: "b2"},
		{name: "at the top", before: []string{"a:2", "b:3", "c:2", "d:2"}, offset: 0, wantBefore: "a1",
			after: []string{"x:2", "a:2", "b:3", "c:2", "d:2"}, want: "x1", unkeyedAfter: "x1"},
		{name: "item gone", before: []string{"a:2", "b:3", "c:2", "d:2", "e:2"}, offset: 4, wantBefore: "b2",
			after: []string{"a:2", "c:2", "d:2", "e:2", "f:2"}, want: "c2", unkeyedAfter: "c2"},
		{name: "filtered", before: []string{"a:2", "b:3", "a:1", "c:3", "d:3", "e:3", "f:3"}, filter: "3", offset: 2, wantBefore: "d3",
			after: []string{"x:3", "y:3", "b:3", "c:3", "d:3", "e:3", "f:3", "g:3"}, want: "d3", unkeyedAfter: "b3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]string
			for i, keyed := range []bool{true, false} {
				mk := func(items []string) *ScrollPane {
					if keyed {
						return NewKeyedScrollPane(c, itemLines(items...))
					}
					b := itemLines(items...)
					return NewScrollPane(c, func(w int) []string { l, _ := b(w); return l })
				}
				old := mk(tc.before)
				old.SetSize(20, 4)
				if tc.filter != "" {
					old.Filter.Value = []rune(tc.filter)
					old.Ensure()
					old.refilter()
				}
				old.Offset = tc.offset
				if tl := top(old); tl != tc.wantBefore && tc.filter == "" {
					t.Fatalf("before: the top line is %q, want %q", tl, tc.wantBefore)
				}
				p := mk(tc.after)
				p.SetSize(20, 4)
				p.KeepFrom(old)
				got[i] = top(p)
				if tc.filter != "" { // the filter box is the first line: the window starts below it
					got[i] = strings.TrimSpace(ansi.Strip(strings.Split(p.View(), "\n")[1]))
				}
			}
			if got[0] != tc.want {
				t.Errorf("keyed: the top line is %q, want %q", got[0], tc.want)
			}
			if got[1] != tc.unkeyedAfter {
				t.Errorf("unkeyed: the top line is %q, want %q (the offset kept)", got[1], tc.unkeyedAfter)
			}
		})
	}
}

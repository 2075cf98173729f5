package store

import "testing"

func TestSeriesRanges(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ids    []int64
		text   string
		ranges string
		n      int
	}{
		{nil, "", "", 0},
		{[]int64{7}, "7", "[[7,7]]", 1},
		// unsorted, repeated: 1,2,3 and 5 and 9,10 → 6 ids
		{[]int64{3, 1, 2, 2, 9, 5, 10}, "1-3,5,9-10", "[[1,3],[5,5],[9,10]]", 6},
	} {
		text := seriesRanges(c.ids)
		if text != c.text {
			t.Errorf("seriesRanges(%v) = %q, want %q", c.ids, text, c.text)
		}
		ranges, n, err := parseRanges(text)
		if err != nil || ranges != c.ranges || n != c.n {
			t.Errorf("parseRanges(%q) = %q, %d, %v; want %q, %d", text, ranges, n, err, c.ranges, c.n)
		}
	}
	for _, bad := range []string{"x", "3-1", "1-", ",", "1,,2"} {
		if _, _, err := parseRanges(bad); err == nil {
			t.Errorf("parseRanges(%q) accepted", bad)
		}
	}
}

package common

import "testing"

func TestCountAgrees(t *testing.T) {
	for _, tt := range []struct {
		n          int
		noun, want string
	}{{1, "risk", "1 risk"}, {2, "risk", "2 risks"}, {0, "risk", "0 risks"}, {1, "entry", "1 entry"}, {3, "entry", "3 entries"},
		{1, "person", "1 person"}, {40, "person", "40 people"}, {1, "day", "1 day"}, {2, "day", "2 days"}, {2, "criterion", "2 criteria"}} {
		if got := Count(tt.n, tt.noun); got != tt.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

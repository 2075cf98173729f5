package health

import "testing"

func TestRingVerdict(t *testing.T) {
	t.Parallel()
	score := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		r    RingHealth
		want string
	}{
		// 83.333… shows as 83.33 by the one rounding rule (two decimals, zeros trimmed).
		{"warn", RingHealth{Ring: "pilot", Status: Warn, Score: score(250.0 / 3)}, "ring pilot: WARN, score 83.33"},
		{"fail with a trigger", RingHealth{Ring: "canary", Status: Fail, Rollback: true, Score: score(37.5)},
			"ring canary: FAIL, score 37.5, ROLLBACK TRIGGER FIRED"},
		// No data: no score.
		{"nodata", RingHealth{Ring: "broad", Status: NoData}, "ring broad: NODATA"},
		{"pass", RingHealth{Ring: "x", Status: Pass, Score: score(100)}, "ring x: PASS, score 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RingVerdict(tc.r); got != tc.want {
				t.Errorf("RingVerdict = %q, want %q", got, tc.want)
			}
		})
	}
}

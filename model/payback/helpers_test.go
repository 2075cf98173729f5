package payback

import (
	"encoding/json"
	"math"
	"testing"
)

func f64(x float64) *float64 { return &x }

// approx compares to the hundredth the output is rounded to.
func approx(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// samePtr compares two optional month counts: both null, or both close.
func samePtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return approx(*a, *b)
}

func show(p *float64) string {
	if p == nil {
		return "null"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

// mustBeFinite fails when any number of r is Inf or NaN: encoding/json
// refuses both, so marshalling the whole result checks every field.
func mustBeFinite(t *testing.T, r Result) {
	t.Helper()
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("result holds a non-finite number: %v", err)
	}
}

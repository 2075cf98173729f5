package store

import (
	"math/rand/v2"
	"testing"

	"ringside/model"
)

// TestDaySet against a map: days added in any order, below and above the
// lowest so far and across word boundaries, are found, and no other day is.
func TestDaySet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 50 {
		var s daySet
		want := map[model.Date]bool{}
		for range r.IntN(200) {
			d := model.Date(20000 + r.IntN(1000) - 500)
			s.add(d)
			want[d] = true
		}
		for d := model.Date(19400); d < 20600; d++ {
			if got := s.has(d); got != want[d] {
				t.Fatalf("round %d: has(%d) = %v, want %v", round, d, got, want[d])
			}
		}
	}
	var nilMarks *dayMarks
	if nilMarks.keptDay(20000) || nilMarks.updatedDay(20000) {
		t.Error("a series without marks has a marked day")
	}
}

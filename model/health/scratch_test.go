package health

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"ringside/model"
)

// TestEvaluateReusingIsEvaluate: verdicts written in one Scratch, pilot
// after pilot, are those Evaluate gives: the benchmark's portfolio and
// 5,000 random pilots (bigger after smaller, rings with and without
// series, SLOs), a pilot without rings and none at all; each is read
// before the next overwrites it, as health's renderer does.
func TestEvaluateReusingIsEvaluate(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 10))
	inputs := benchInputs()
	for range 5000 {
		inputs = append(inputs, randomInput(r))
	}
	none := Input{Pilot: &model.Pilot{Slug: "none"}, AsOf: asOf}
	inputs = append(inputs, none, Input{AsOf: asOf}, inputs[0])
	var first Scratch // a new one: its first pilot has no rings ([], not null)
	if got, want := verdictText(t, EvaluateReusing(none, &first)), verdictText(t, Evaluate(none)); got != want {
		t.Fatalf("a pilot without rings:\n got %s\nwant %s", got, want)
	}
	var sc Scratch
	for i, in := range inputs {
		if got, want := verdictText(t, EvaluateReusing(in, &sc)), verdictText(t, Evaluate(in)); got != want {
			t.Fatalf("input %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestEvaluateReusingReusesMemory: judged in a Scratch used before, a
// pilot of the benchmark takes a small part of the memory Evaluate takes
// (about 44 kB).
func TestEvaluateReusingReusesMemory(t *testing.T) {
	inputs := benchInputs()
	var sc Scratch
	EvaluateReusing(inputs[0], &sc)
	bytes := func(f func(Input)) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for _, in := range inputs {
			f(in)
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / uint64(len(inputs))
	}
	fresh := bytes(func(in Input) { Evaluate(in) })
	reused := bytes(func(in Input) { EvaluateReusing(in, &sc) })
	t.Logf("a pilot: %d bytes new, %d reusing", fresh, reused)
	if fresh < 20000 || reused > fresh/10 {
		t.Fatalf("a pilot takes %d bytes reusing a Scratch, %d without", reused, fresh)
	}
}

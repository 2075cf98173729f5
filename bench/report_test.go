package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{ms(30, 10, 20), 20 * time.Millisecond},     // sorted 10 20 30: the middle one
		{ms(40, 10, 30, 20), 25 * time.Millisecond}, // sorted 10 20 30 40: (20 + 30) / 2
		{nil, 0},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestResultsVerdicts(t *testing.T) {
	r := &results{
		ringImport: []time.Duration{900 * time.Millisecond, 1000 * time.Millisecond, 1100 * time.Millisecond},
		cliImport:  []time.Duration{2000 * time.Millisecond, 2000 * time.Millisecond, 2000 * time.Millisecond},
		ringHealth: []time.Duration{60 * time.Millisecond, 70 * time.Millisecond, 80 * time.Millisecond},
		cliHealth:  []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond},
		rssKB:      []int64{40 << 10, 50 << 10, 45 << 10},
		machine:    "test machine", command: "go run ./bench",
	}
	// import 1000 / 2000 = 0.5 (met); health 70 / 100 = 0.7 (missed: ≤ 0.5); RSS max 50 MB (met).
	if r.importRatio() != 0.5 || math.Abs(r.healthRatio()-0.7) > 1e-9 || r.peakRSSMB() != 50 || r.ok() {
		t.Errorf("import %v health %v rss %v ok %v", r.importRatio(), r.healthRatio(), r.peakRSSMB(), r.ok())
	}
	md := r.markdown()
	for _, want := range []string{"| import 1,001,376 rows | 1000 ms | 2000 ms | 0.50× | ≤ 1.0× | met |",
		"| health, all 76 pilots | 70 ms | 100 ms | 0.70× | ≤ 0.5× | MISSED |", "go run ./bench", "test machine"} {
		if !strings.Contains(md, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, md)
		}
	}
}

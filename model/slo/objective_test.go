package slo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func nan() float64 { return math.NaN() }

func TestWithDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         Objective
		period     int
		short      int
		long       int
		fast, slow float64
	}{
		// 14.4 × 28 ÷ 30 = 13.44; 6 × 28 ÷ 30 = 5.6
		{Objective{Target: 99}, 28, 1, 7, 13.44, 5.6},
		// A 30-day period keeps the workbook's own 14.4 and 6.
		{Objective{Target: 99, PeriodDays: 30}, 30, 1, 7, 14.4, 6},
		// 14.4 × 7 ÷ 30 = 3.36; 6 × 7 ÷ 30 = 1.4
		{Objective{Target: 99, PeriodDays: 7, ShortDays: 1, LongDays: 3}, 7, 1, 3, 3.36, 1.4},
		{Objective{Target: 99, FastBurn: 10, SlowBurn: 2}, 28, 1, 7, 10, 2},
	}
	for _, tt := range tests {
		o := tt.in.WithDefaults()
		if o.PeriodDays != tt.period || o.ShortDays != tt.short || o.LongDays != tt.long ||
			judged(o.FastBurn) != tt.fast || judged(o.SlowBurn) != tt.slow {
			t.Errorf("%+v.WithDefaults() = %+v", tt.in, o)
		}
		if err := tt.in.Validate(); err != nil {
			t.Errorf("%+v: %v", tt.in, err)
		}
	}
}

func TestValidateObjective(t *testing.T) {
	t.Parallel()
	tests := []struct {
		o    Objective
		want string
	}{
		{Objective{Target: 100}, "target 100 is outside (0, 100)"},
		{Objective{Target: 0}, "target 0 is outside (0, 100)"},
		{Objective{Target: -5}, "target -5 is outside"},
		{Objective{Target: 100.5}, "target 100.5 is outside"},
		{Objective{Target: nan()}, "target NaN is outside"},
		{Objective{Target: 99, PeriodDays: -1}, "period of -1 days is outside 1…366"},
		{Objective{Target: 99, PeriodDays: 400}, "period of 400 days"},
		{Objective{Target: 99, ShortDays: -1}, "each must be at least 1 day"},
		{Objective{Target: 99, ShortDays: 8, LongDays: 7}, "short window of 8 days is longer than the long one of 7: swap them"},
		{Objective{Target: 99, LongDays: 30}, "long window of 30 days is longer than the period of 28 days"},
		{Objective{Target: 99, FastBurn: -1}, "fast burn threshold -1 is not a positive number"},
		{Objective{Target: 99, SlowBurn: math.Inf(1)}, "slow burn threshold +Inf"},
	}
	for _, tt := range tests {
		err := tt.o.Validate()
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.o, err, tt.want)
		}
		if _, err2 := Evaluate(tt.o, nil, asOf); err2 == nil {
			t.Errorf("Evaluate accepted %+v", tt.o)
		}
	}
}

package slo

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"ringside/model"
)

// month is 28 days, 2026-01-04 … 2026-01-31, of 100,000 events a day, with
// the given bad counts on some days.
func month(bad map[string]float64) []Day {
	var out []Day
	first := model.MustDate("2026-01-04")
	for i := 0; i < 28; i++ {
		d := first.AddDays(i)
		out = append(out, Day{Day: d, Good: 100000 - bad[d.String()], Total: 100000})
	}
	return out
}

var asOf = model.MustDate("2026-01-31")

func ptr(x float64) *float64 { return &x }

func eqPtr(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		target     float64
		days       []Day
		attainment *float64
		budgetTot  float64
		used, left float64
		short      *float64
		long       *float64
		fast, slow bool
		why        []string // phrases some line of Why must contain
	}{
		{
			// 28 × 100,000 = 2,800,000 events, 500 bad (on 01-28).
			// attainment = 2,799,500 ÷ 2,800,000 × 100 = 99.982142857… → 99.982143
			// budget = 1 % × 2,800,000 = 28,000; used = 500 ÷ 28,000 = 0.017857142…
			// short (01-31 alone): 0 bad → 0
			// long (01-25…01-31): 500 ÷ 700,000 ÷ 0.01 = 0.071428571…
			name: "one bad day", target: 99, days: month(map[string]float64{"2026-01-28": 500}),
			attainment: ptr(99.982143), budgetTot: 28000, used: 0.017857, left: 0.982143,
			short: ptr(0), long: ptr(0.071429),
			why: []string{
				"attainment 99.9821 % over the 28 days 2026-01-04 – 2026-01-31 against a target of 99 %: 500 of 2800000 events bad",
				"error budget: 28000 bad events allowed, 500 used (1.79 %), 98.21 % left",
				"burn rate 0 over the last 1 day (fast burn at 13.44)",
				"burn rate 0.07 over the last 7 days (slow burn at 5.6 on both windows)",
			},
		},
		{
			// 99.5 %: 0.5 % may be bad. 10 % bad on the last day:
			// short = 0.10 ÷ 0.005 = 20 ≥ 13.44 → fast; the budget lasts 28 ÷ 20 = 1.4 days
			// long = 10,000 ÷ 700,000 ÷ 0.005 = 2.857142… < 5.6 → not slow
			// budget = 0.005 × 2,800,000 = 14,000; used = 10,000 ÷ 14,000 = 0.714285…
			// attainment = 2,790,000 ÷ 2,800,000 × 100 = 99.642857…
			name: "fast burn", target: 99.5, days: month(map[string]float64{"2026-01-31": 10000}),
			attainment: ptr(99.642857), budgetTot: 14000, used: 0.714286, left: 0.285714,
			short: ptr(20), long: ptr(2.857143), fast: true,
			why: []string{"fast burn: 20 over the last 1 day is at or above 13.44; at this pace the budget lasts 1.4 days: treat it as a rollback trigger"},
		},
		{
			// The same day against 99 %: short = 0.10 ÷ 0.01 = 10 < 13.44: not fast
			// (at 10 the budget lasts 2.8 days; daily data sees it tomorrow, as slow).
			// long = 10,000 ÷ 700,000 ÷ 0.01 = 1.428571…; used = 10,000 ÷ 28,000 = 0.357142…
			name: "10 % bad against 99 %", target: 99, days: month(map[string]float64{"2026-01-31": 10000}),
			attainment: ptr(99.642857), budgetTot: 28000, used: 0.357143, left: 0.642857,
			short: ptr(10), long: ptr(1.428571),
			why: []string{"burn rate 10 over the last 1 day (fast burn at 13.44)"},
		},
		{
			// 6,000 bad on each of the last 7 days: short = 0.06 ÷ 0.01 = 6,
			// long = 42,000 ÷ 700,000 ÷ 0.01 = 6; both ≥ 5.6 → slow, not fast.
			// used = 42,000 ÷ 28,000 = 1.5: overspent, remaining −0.5.
			// attainment = 2,758,000 ÷ 2,800,000 × 100 = 98.5
			name: "slow burn", target: 99, days: month(map[string]float64{
				"2026-01-25": 6000, "2026-01-26": 6000, "2026-01-27": 6000, "2026-01-28": 6000,
				"2026-01-29": 6000, "2026-01-30": 6000, "2026-01-31": 6000}),
			attainment: ptr(98.5), budgetTot: 28000, used: 1.5, left: -0.5,
			short: ptr(6), long: ptr(6), slow: true,
			why: []string{
				"error budget exhausted: 42000 bad events against 28000 allowed (150 % used)",
				"slow burn: 6 over the last 7 days and 6 over the last 1 day are at or above 5.6",
			},
		},
		{
			// 7,000 bad on six days, none on the last: long = 42,000 ÷ 700,000
			// ÷ 0.01 = 6 ≥ 5.6 but short = 0: the burn has stopped, no alert.
			name: "slow burn that stopped", target: 99, days: month(map[string]float64{
				"2026-01-25": 7000, "2026-01-26": 7000, "2026-01-27": 7000,
				"2026-01-28": 7000, "2026-01-29": 7000, "2026-01-30": 7000}),
			attainment: ptr(98.5), budgetTot: 28000, used: 1.5, left: -0.5,
			short: ptr(0), long: ptr(6),
		},
		{
			// 30,000 bad on the first day: used = 30,000 ÷ 28,000 = 1.071428…,
			// remaining 1 − 1.071428… = −0.071428…; nothing burns now.
			// attainment = 2,770,000 ÷ 2,800,000 × 100 = 98.928571…
			name: "budget exhausted", target: 99, days: month(map[string]float64{"2026-01-04": 30000}),
			attainment: ptr(98.928571), budgetTot: 28000, used: 1.071429, left: -0.071429,
			short: ptr(0), long: ptr(0),
			why: []string{"error budget exhausted: 30000 bad events against 28000 allowed (107.14 % used)"},
		},
		{
			name: "no data", target: 99, days: nil, left: 1,
			why: []string{
				"no events in the 28 days 2026-01-04 – 2026-01-31: attainment and budget unknown",
				"no events in the last 1 day, so no burn rate (fast burn at 13.44)",
				"no events in the last 7 days, so no burn rate (slow burn at 5.6 on both windows)",
			},
		},
		{
			// 2026-01-03 is a day before the period, 2026-02-01 after asOf,
			// and a day of zero events counts as none.
			name: "data only outside the period", target: 99, left: 1, days: []Day{
				{Day: model.MustDate("2026-01-03"), Good: 1, Total: 10},
				{Day: model.MustDate("2026-02-01"), Good: 1, Total: 10},
				{Day: model.MustDate("2026-01-31"), Good: 0, Total: 0},
			},
		},
		{
			// The last day is missing: no short rate; the long window still has
			// six clean days → 0. Period: 27 × 100,000 = 2,700,000, all good.
			name: "no data on the last day", target: 99, days: month(nil)[:27],
			attainment: ptr(100), budgetTot: 27000, used: 0, left: 1,
			short: nil, long: ptr(0),
			why: []string{"no events in the last 1 day, so no burn rate (fast burn at 13.44)", "burn rate 0 over the last 7 days"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(Objective{Target: tt.target}, tt.days, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if !eqPtr(r.Attainment, tt.attainment) {
				t.Errorf("attainment = %s, want %s", fmtPtr(r.Attainment), fmtPtr(tt.attainment))
			}
			if r.BudgetTotal != tt.budgetTot || r.BudgetUsed != tt.used || r.BudgetRemaining != tt.left {
				t.Errorf("budget total/used/remaining = %v/%v/%v, want %v/%v/%v",
					r.BudgetTotal, r.BudgetUsed, r.BudgetRemaining, tt.budgetTot, tt.used, tt.left)
			}
			if !eqPtr(r.BurnShort, tt.short) || !eqPtr(r.BurnLong, tt.long) {
				t.Errorf("burn short/long = %s/%s, want %s/%s", fmtPtr(r.BurnShort), fmtPtr(r.BurnLong), fmtPtr(tt.short), fmtPtr(tt.long))
			}
			if r.Fast != tt.fast || r.Slow != tt.slow {
				t.Errorf("fast/slow = %v/%v, want %v/%v", r.Fast, r.Slow, tt.fast, tt.slow)
			}
			all := strings.Join(r.Why, "\n")
			for _, w := range tt.why {
				if !strings.Contains(all, w) {
					t.Errorf("why lacks %q:\n%s", w, all)
				}
			}
			if _, err := json.Marshal(r); err != nil {
				t.Errorf("result does not marshal: %v", err)
			}
		})
	}
}

func TestEvaluateRejectsBadCounts(t *testing.T) {
	t.Parallel()
	d := model.MustDate("2026-01-05")
	tests := []struct {
		name string
		days []Day
		want string
	}{
		{"good above total", []Day{{Day: d, Good: 101, Total: 100}}, "2026-01-05: good 101 is more than total 100"},
		{"negative", []Day{{Day: d, Good: 0, Total: -1}}, "2026-01-05: good 0 and total -1 must be numbers of at least 0"},
		{"not a number", []Day{{Day: d, Good: nan(), Total: 1}}, "2026-01-05: good NaN"},
		{"counted twice", []Day{{Day: d, Good: 1, Total: 1}, {Day: d, Good: 1, Total: 1}}, "2026-01-05: counted twice"},
		{"no date", []Day{{Good: 1, Total: 1}}, "a day of counts has no date"},
		{"too many", []Day{{Day: d, Good: 1, Total: 2e15}}, "more than 1e+15 events a day"},
	}
	for _, tt := range tests {
		_, err := Evaluate(Objective{Target: 99}, tt.days, asOf)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
	}
	if _, err := Evaluate(Objective{Target: 99}, nil, 0); err == nil || !strings.Contains(err.Error(), "no evaluation date") {
		t.Errorf("zero as-of date: %v", err)
	}
}

package payback

import (
	"errors"
	"strings"
	"testing"

	"ringside/model"
)

func TestProject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		model model.PaybackModel
		opt   Options
		// expected headline figures
		benefit, run, net  float64
		payback, breakEven *float64
		lastCumulative     float64
		months             int // length of the curve, month 0 included
	}{
		{
			// monthly net = (48000 − 12000) ÷ 12 = 3000; payback = 10000 ÷ 3000 = 3.33.
			// cum(3) = −10000 + 9000 = −1000, cum(4) = 2000: break-even 3 + 1000 ÷ 3000 = 3.33,
			// which equals one_time ÷ monthly net, as it must without a ramp.
			// cum(36) = −10000 + 36 × 3000 = 98000.
			name:    "constant benefit",
			model:   model.PaybackModel{OneTimeCost: 10000, AnnualRunCost: 12000, AnnualBenefit: f64(48000)},
			benefit: 48000, run: 12000, net: 36000,
			payback: f64(3.33), breakEven: f64(3.33), lastCumulative: 98000, months: 37,
		},
		{
			// full monthly benefit 48000 ÷ 12 = 4000, no run cost.
			// month 1: 25 % → 1000, cum −9000; month 2: 50 % → 2000, cum −7000;
			// month 3: 100 % → 4000, cum −3000; month 4: 4000, cum 1000 ≥ 0.
			// break-even 3 + 3000 ÷ 4000 = 3.75; simple payback ignores the ramp: 10000 ÷ 4000 = 2.5.
			// cum(36) = −3000 + 33 × 4000 = 129000.
			name:    "ramp 25/50/100",
			model:   model.PaybackModel{OneTimeCost: 10000, AnnualBenefit: f64(48000), Ramp: []float64{0.25, 0.5, 1}},
			benefit: 48000, run: 0, net: 48000,
			payback: f64(2.5), breakEven: f64(3.75), lastCumulative: 129000, months: 37,
		},
		{
			// ramp holds its last share: 50 % forever → 2000 a month.
			// cum(n) = −10000 + 2000n: 0 at n = 5, so 4 + 2000 ÷ 2000 = 5; cum(36) = 62000.
			name:    "ramp holds its last share",
			model:   model.PaybackModel{OneTimeCost: 10000, AnnualBenefit: f64(48000), Ramp: []float64{0.5}},
			benefit: 48000, run: 0, net: 48000,
			payback: f64(2.5), breakEven: f64(5), lastCumulative: 62000, months: 37,
		},
		{
			// benefit = run: monthly net 0, never pays back; the curve stays at −5000.
			name:    "zero net",
			model:   model.PaybackModel{OneTimeCost: 5000, AnnualRunCost: 12000, AnnualBenefit: f64(12000)},
			benefit: 12000, run: 12000, net: 0,
			payback: nil, breakEven: nil, lastCumulative: -5000, months: 37,
		},
		{
			// monthly net (6000 − 12000) ÷ 12 = −500; cum(36) = −5000 − 36 × 500 = −23000.
			name:    "negative net",
			model:   model.PaybackModel{OneTimeCost: 5000, AnnualRunCost: 12000, AnnualBenefit: f64(6000)},
			benefit: 6000, run: 12000, net: -6000,
			payback: nil, breakEven: nil, lastCumulative: -23000, months: 37,
		},
		{
			// nothing to pay back and a positive net (1000 a month): both 0; cum(36) = 36000.
			name:    "zero one-time cost",
			model:   model.PaybackModel{AnnualRunCost: 12000, AnnualBenefit: f64(24000)},
			benefit: 24000, run: 12000, net: 12000,
			payback: f64(0), breakEven: f64(0), lastCumulative: 36000, months: 37,
		},
		{
			// no one-time cost, but month 1 at 25 %: 500 − 1000 = −500, cum −500;
			// month 2: 2000 − 1000 = 1000, cum 500: break-even 1 + 500 ÷ 1000 = 1.5.
			// cum(36) = 500 + 34 × 1000 = 34500.
			name:    "zero one-time cost, ramp dips first",
			model:   model.PaybackModel{AnnualRunCost: 12000, AnnualBenefit: f64(24000), Ramp: []float64{0.25, 1}},
			benefit: 24000, run: 12000, net: 12000,
			payback: f64(0), breakEven: f64(1.5), lastCumulative: 34500, months: 37,
		},
		{
			// nothing to pay back and nothing earned: no payback to speak of.
			name:    "zero one-time cost, zero net",
			model:   model.PaybackModel{AnnualRunCost: 12000, AnnualBenefit: f64(12000)},
			benefit: 12000, run: 12000, net: 0,
			payback: nil, breakEven: nil, lastCumulative: 0, months: 37,
		},
		{
			// 2000 a month against 100000: simple payback 50 months, but the
			// 12-month horizon ends at −100000 + 24000 = −76000: no break-even.
			name:    "horizon cut-off",
			model:   model.PaybackModel{OneTimeCost: 100000, AnnualBenefit: f64(24000), HorizonMonths: 12},
			benefit: 24000, run: 0, net: 24000,
			payback: f64(50), breakEven: nil, lastCumulative: -76000, months: 13,
		},
		{
			// the same model over 60 months: cum(50) = 0 → 49 + 2000 ÷ 2000 = 50; cum(60) = 20000.
			name:    "horizon long enough",
			model:   model.PaybackModel{OneTimeCost: 100000, AnnualBenefit: f64(24000), HorizonMonths: 60},
			benefit: 24000, run: 0, net: 24000,
			payback: f64(50), breakEven: f64(50), lastCumulative: 20000, months: 61,
		},
		{
			// 9000 × 12 × 12 × 0.9 × 0.31 = 361584; net 301584; monthly 25132.
			// payback 180000 ÷ 25132 = 7.16; cum(7) = 180000 − 175924 → −4076,
			// cum(8) = 21056: break-even 7 + 4076 ÷ 25132 = 7.16. cum(36) = −180000 + 36 × 25132 = 724752.
			name: "drivers with a fraction",
			model: model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
				MinutesPerUnit: 12, CostPerMinute: 0.9, Reduction: 0.31},
			benefit: 361584, run: 60000, net: 301584,
			payback: f64(7.16), breakEven: f64(7.16), lastCumulative: 724752, months: 37,
		},
		{
			// the same drivers with the reduction measured on KPI triage_min: same figures.
			name: "measured reduction from a KPI",
			model: model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
				MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min"},
			opt:     Options{Measured: &Measured{KPI: "triage_min", Ring: "pilot", AsOf: model.MustDate("2026-02-01"), Fraction: 0.31}},
			benefit: 361584, run: 60000, net: 301584,
			payback: f64(7.16), breakEven: f64(7.16), lastCumulative: 724752, months: 37,
		},
		{
			// a KPI that got worse (−5 %) costs minutes: reduction −0.05 (not clamped to 0),
			// benefit 9000 × 12 × 12 × 0.9 × −0.05 = −58320, net −58320 − 60000 = −118320,
			// monthly −9860, never pays back; cum(36) = −180000 − 36 × 9860 = −534960.
			name: "measured KPI got worse",
			model: model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
				MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min"},
			opt:     Options{Measured: &Measured{KPI: "triage_min", Ring: "pilot", AsOf: model.MustDate("2026-02-01"), Fraction: -0.05}},
			benefit: -58320, run: 60000, net: -118320,
			payback: nil, breakEven: nil, lastCumulative: -534960, months: 37,
		},
		{
			// what-if ×2.5: benefit 100000 × 2.5 = 250000, run 20000 × 2.5 = 50000,
			// one-time unscaled 50000; monthly net 200000 ÷ 12 = 16666.67; payback 50000 ÷ 16666.67 = 3.
			// cum(3) = 0 exactly → 2 + 16666.67 ÷ 16666.67 = 3; cum(36) = −50000 + 600000 = 550000.
			name:    "population scale",
			model:   model.PaybackModel{OneTimeCost: 50000, AnnualRunCost: 20000, AnnualBenefit: f64(100000)},
			opt:     Options{PopulationScale: 2.5},
			benefit: 250000, run: 50000, net: 200000,
			payback: f64(3), breakEven: f64(3), lastCumulative: 550000, months: 37,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Project(tt.model, tt.opt)
			if err != nil {
				t.Fatalf("Project: %v", err)
			}
			mustBeFinite(t, r)
			if !approx(r.AnnualBenefit, tt.benefit) || !approx(r.AnnualRunCost, tt.run) || !approx(r.AnnualNet, tt.net) {
				t.Errorf("benefit/run/net = %v/%v/%v, want %v/%v/%v", r.AnnualBenefit, r.AnnualRunCost, r.AnnualNet, tt.benefit, tt.run, tt.net)
			}
			if !samePtr(r.PaybackMonths, tt.payback) {
				t.Errorf("payback_months = %s, want %s", show(r.PaybackMonths), show(tt.payback))
			}
			if !samePtr(r.BreakEvenMonth, tt.breakEven) {
				t.Errorf("break_even_month = %s, want %s", show(r.BreakEvenMonth), show(tt.breakEven))
			}
			if len(r.Months) != tt.months {
				t.Fatalf("%d months, want %d", len(r.Months), tt.months)
			}
			if got := r.Months[len(r.Months)-1].Cumulative; !approx(got, tt.lastCumulative) {
				t.Errorf("last cumulative = %v, want %v", got, tt.lastCumulative)
			}
			m0 := r.Months[0]
			if m0.Month != 0 || m0.Net != -r.OneTimeCost || m0.Cumulative != -r.OneTimeCost || m0.DiscountedCumulative != -r.OneTimeCost {
				t.Errorf("month 0 = %+v, want net, cumulative and discounted cumulative −%v", m0, r.OneTimeCost)
			}
		})
	}
}

func TestDiscounting(t *testing.T) {
	t.Parallel()
	// An annual rate of 1.01^12 − 1 gives a monthly rate of exactly 1 %.
	// net 6000 ÷ 12 = 500 a month against 1000, over 3 months:
	//   500 ÷ 1.01     = 495.0495
	//   500 ÷ 1.0201   = 490.1480  → discounted cum(2) = −1000 + 985.1975 = −14.8025
	//   500 ÷ 1.030301 = 485.2950  → discounted cum(3) = 470.4925
	// NPV = 470.49; discounted payback = 2 + 14.8025 ÷ 485.2950 = 2.03.
	// Undiscounted: cum(2) = 0 → break-even 1 + 500 ÷ 500 = 2.
	rate := 1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01 - 1
	m := model.PaybackModel{OneTimeCost: 1000, AnnualBenefit: f64(6000), DiscountRate: &rate, HorizonMonths: 3}
	r, err := Project(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustBeFinite(t, r)
	if !approx(r.Inputs.MonthlyRate, 0.01) {
		t.Errorf("monthly rate = %v, want 0.01", r.Inputs.MonthlyRate)
	}
	if !approx(r.NPV, 470.49) {
		t.Errorf("npv = %v, want 470.49", r.NPV)
	}
	if !samePtr(r.DiscountedPaybackMonths, f64(2.03)) {
		t.Errorf("discounted payback = %s, want 2.03", show(r.DiscountedPaybackMonths))
	}
	if !samePtr(r.BreakEvenMonth, f64(2)) {
		t.Errorf("break-even = %s, want 2", show(r.BreakEvenMonth))
	}
	wantDisc := []float64{-1000, -504.95, -14.80, 470.49}
	for i, w := range wantDisc {
		if got := r.Months[i].DiscountedCumulative; !approx(got, w) {
			t.Errorf("month %d discounted cumulative = %v, want %v", i, got, w)
		}
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	// No rate, horizon or ramp given: 10 % a year, 36 months, full benefit.
	// monthly rate = 1.1^(1/12) − 1 = 0.00797414.
	r, err := Project(model.PaybackModel{OneTimeCost: 1, AnnualBenefit: f64(12)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := r.Inputs
	if in.DiscountRate != 0.10 || in.MonthlyRate != 0.00797414 || in.HorizonMonths != 36 || in.PopulationScale != 1 {
		t.Errorf("defaults = rate %v, monthly %v, horizon %d, scale %v; want 0.1, 0.00797414, 36, 1", in.DiscountRate, in.MonthlyRate, in.HorizonMonths, in.PopulationScale)
	}
	if len(in.Ramp) != 1 || in.Ramp[0] != 1 {
		t.Errorf("ramp = %v, want [1]", in.Ramp)
	}
	if got := r.Formula.MonthlyRate; got != "(1 + 0.1)^(1/12) − 1 = 0.00797414" {
		t.Errorf("monthly rate formula = %q", got)
	}
}

func TestScenarios(t *testing.T) {
	t.Parallel()
	drivers := model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
		MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min", RiskAdjustment: 0.2}
	// 9000 × 12 × 12 × 0.9 = 1166400 a year per unit of reduction.
	tests := []struct {
		name                  string
		model                 model.PaybackModel
		measured              *Measured
		pess, exp, opti       float64 // annual benefit
		pessPay, expPay, optP *float64
	}{
		{
			// pessimistic: 0.31 − 0.05 = 0.26 → 303264, less 20 % → 242611.2; net 182611.2;
			//   payback 180000 ÷ 15217.6 = 11.83.
			// expected: 0.31 → 361584; payback 180000 ÷ 25132 = 7.16.
			// optimistic: 0.36 → 419904; net 359904; payback 180000 ÷ 29992 = 6.00.
			name:     "measured spread and risk adjustment",
			model:    drivers,
			measured: &Measured{KPI: "triage_min", Ring: "pilot", Fraction: 0.31, Spread: 0.05},
			pess:     242611.2, exp: 361584, opti: 419904,
			pessPay: f64(11.83), expPay: f64(7.16), optP: f64(6.0),
		},
		{
			// optimistic 0.9 + 0.2 = 1.1 is clamped to 1 → 1166400; net 1106400; 180000 ÷ 92200 = 1.95.
			// expected 0.9 → 1049760; net 989760; 180000 ÷ 82480 = 2.18.
			// pessimistic 0.7 → 816480 × 0.8 = 653184; net 593184; 180000 ÷ 49432 = 3.64.
			name:     "optimistic reduction clamped to 1",
			model:    drivers,
			measured: &Measured{KPI: "triage_min", Ring: "canary", Fraction: 0.9, Spread: 0.2},
			pess:     653184, exp: 1049760, opti: 1166400,
			pessPay: f64(3.64), expPay: f64(2.18), optP: f64(1.95),
		},
		{
			// pessimistic 0.03 − 0.05 = −0.02 stays negative: 1166400 × −0.02 = −23328, and the
			//   20 % haircut does not shrink a loss; never pays back.
			// expected 0.03 → 34992, net −25008: never. optimistic 0.08 → 93312, net 33312;
			//   180000 ÷ 2776 = 64.84.
			name:     "pessimistic reduction below 0 is a loss",
			model:    drivers,
			measured: &Measured{KPI: "triage_min", Ring: "pilot", Fraction: 0.03, Spread: 0.05},
			pess:     -23328, exp: 34992, opti: 93312,
			pessPay: nil, expPay: nil, optP: f64(64.84),
		},
		{
			// stated benefit 120000 with a 25 % haircut: pessimistic 90000, net 60000,
			// 60000 ÷ 5000 = 12; expected and optimistic 120000, net 90000, 60000 ÷ 7500 = 8.
			name:  "stated benefit, haircut only",
			model: model.PaybackModel{OneTimeCost: 60000, AnnualRunCost: 30000, AnnualBenefit: f64(120000), RiskAdjustment: 0.25},
			pess:  90000, exp: 120000, opti: 120000,
			pessPay: f64(12), expPay: f64(8), optP: f64(8),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Project(tt.model, Options{Measured: tt.measured})
			if err != nil {
				t.Fatal(err)
			}
			mustBeFinite(t, r)
			s := r.Scenarios
			for _, c := range []struct {
				name    string
				got     Scenario
				benefit float64
				payback *float64
			}{
				{"pessimistic", s.Pessimistic, tt.pess, tt.pessPay},
				{"expected", s.Expected, tt.exp, tt.expPay},
				{"optimistic", s.Optimistic, tt.opti, tt.optP},
			} {
				if !approx(c.got.AnnualBenefit, c.benefit) {
					t.Errorf("%s benefit = %v, want %v", c.name, c.got.AnnualBenefit, c.benefit)
				}
				if !samePtr(c.got.PaybackMonths, c.payback) {
					t.Errorf("%s payback = %s, want %s", c.name, show(c.got.PaybackMonths), show(c.payback))
				}
			}
			if s.Expected.AnnualBenefit != r.AnnualBenefit || s.Expected.NPV != r.NPV || !samePtr(s.Expected.BreakEvenMonth, r.BreakEvenMonth) {
				t.Errorf("expected scenario %+v differs from the headline", s.Expected)
			}
			if s.Pessimistic.NPV > s.Expected.NPV || s.Expected.NPV > s.Optimistic.NPV {
				t.Errorf("NPVs out of order: %v, %v, %v", s.Pessimistic.NPV, s.Expected.NPV, s.Optimistic.NPV)
			}
		})
	}
}

func TestReductionSource(t *testing.T) {
	t.Parallel()
	m := model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
		MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min"}
	r, err := Project(m, Options{Measured: &Measured{KPI: "triage_min", Ring: "pilot", AsOf: model.MustDate("2026-02-01"), Fraction: 0.31, Spread: 0.02}})
	if err != nil {
		t.Fatal(err)
	}
	src := r.ReductionSource
	if src == nil || src.KPI != "triage_min" || src.Ring != "pilot" || src.AsOf != "2026-02-01" || src.Fraction != 0.31 || src.Spread != 0.02 {
		t.Fatalf("reduction_source = %+v", src)
	}
	if r.Inputs.Reduction == nil || *r.Inputs.Reduction != 0.31 || r.Inputs.ReductionKPI != "triage_min" {
		t.Errorf("inputs do not echo the measured reduction: %+v", r.Inputs)
	}
	// A fraction given outright has no source.
	m.ReductionKPI, m.Reduction = "", 0.31
	r, err = Project(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.ReductionSource != nil {
		t.Errorf("reduction_source = %+v for a given fraction, want none", r.ReductionSource)
	}
}

func TestFormula(t *testing.T) {
	t.Parallel()
	m := model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
		MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min"}
	r, err := Project(m, Options{Measured: &Measured{KPI: "triage_min", Ring: "pilot", AsOf: model.MustDate("2026-02-01"), Fraction: 0.31}, PopulationScale: 2})
	if err != nil {
		t.Fatal(err)
	}
	// ×2: benefit 723168, run 120000, net 603168, monthly 50264;
	// payback 180000 ÷ 50264 = 3.58; cum(3) = −29208, cum(4) = 21056 → 3 + 29208 ÷ 50264 = 3.58.
	want := Formula{
		Reduction:     "measured improvement of triage_min in ring pilot as of 2026-02-01 = 0.31",
		AnnualBenefit: "9000 × 12 × 12 × 0.9 × 0.31 × 2 = 723168",
		AnnualRunCost: "60000 × 2 = 120000",
		AnnualNet:     "723168 − 120000 = 603168",
		MonthlyNet:    "(723168 − 120000) ÷ 12 = 50264",
		Payback:       "180000 ÷ 50264 = 3.58",
		BreakEven:     "cumulative first ≥ 0 in month 4: 3 + |-29208| ÷ 50264 = 3.58",
		MonthlyRate:   "(1 + 0.1)^(1/12) − 1 = 0.00797414",
	}
	got := r.Formula
	got.NPV, got.DiscountedPayback = "", ""
	if got != want {
		t.Errorf("formula =\n%+v\nwant\n%+v", got, want)
	}
	if !strings.HasPrefix(r.Formula.NPV, "-180000 + Σ net(t) ÷ (1 + 0.00797414)^t for t = 1…36 = ") {
		t.Errorf("npv formula = %q", r.Formula.NPV)
	}
	if !strings.HasPrefix(r.Formula.DiscountedPayback, "discounted cumulative first ≥ 0 in month 4: 3 + |") {
		t.Errorf("discounted payback formula = %q", r.Formula.DiscountedPayback)
	}

	never, err := Project(model.PaybackModel{OneTimeCost: 5000, AnnualRunCost: 12000, AnnualBenefit: f64(6000), HorizonMonths: 12}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// monthly net (6000 − 12000) ÷ 12 = −500; cum(12) = −5000 − 6000 = −11000.
	if got, want := never.Formula.Payback, "monthly net -500 ≤ 0: never pays back"; got != want {
		t.Errorf("payback formula = %q, want %q", got, want)
	}
	if got, want := never.Formula.BreakEven, "cumulative is -11000 after month 12: no break-even within the horizon"; got != want {
		t.Errorf("break-even formula = %q, want %q", got, want)
	}
}

func TestProjectErrors(t *testing.T) {
	t.Parallel()
	drivers := model.PaybackModel{OneTimeCost: 1000, VolumePerMonth: 100, MinutesPerUnit: 5, CostPerMinute: 1, ReductionKPI: "triage_min", Ring: "pilot"}
	tests := []struct {
		name   string
		model  model.PaybackModel
		opt    Options
		target error
		want   string
	}{
		{"KPI without a measurement", drivers, Options{}, ErrNoMeasurement,
			"reduction names KPI triage_min but it has no measured value yet in ring pilot"},
		{"KPI without a measurement, default ring",
			model.PaybackModel{OneTimeCost: 1000, VolumePerMonth: 100, MinutesPerUnit: 5, CostPerMinute: 1, ReductionKPI: "triage_min"},
			Options{}, ErrNoMeasurement, "no measured value yet in the most advanced active ring"},
		{"measurement of another KPI", drivers, Options{Measured: &Measured{KPI: "csat", Fraction: 0.2}}, ErrInvalid,
			"the measured value is for KPI csat but reduction names KPI triage_min"},
		{"negative spread", drivers, Options{Measured: &Measured{KPI: "triage_min", Fraction: 0.2, Spread: -0.1}}, ErrInvalid,
			"the measured spread of triage_min is -0.1"},
		{"negative population scale", model.PaybackModel{AnnualBenefit: f64(1)}, Options{PopulationScale: -2}, ErrInvalid,
			"population scale is -2: use a number above 0"},
		{"overflow", model.PaybackModel{VolumePerMonth: 1e300, MinutesPerUnit: 1e300, CostPerMinute: 1, Reduction: 0.5}, Options{}, ErrInvalid,
			"the projection overflows"},
		{"invalid model", model.PaybackModel{OneTimeCost: -1, AnnualBenefit: f64(1)}, Options{}, ErrInvalid,
			"one_time_cost is -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Project(tt.model, tt.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.target) {
				t.Errorf("error %v is not %v", err, tt.target)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestControlCharactersInFormula(t *testing.T) {
	t.Parallel()
	m := model.PaybackModel{VolumePerMonth: 1, MinutesPerUnit: 1, CostPerMinute: 1, ReductionKPI: "k\x1b[31m"}
	r, err := Project(m, Options{Measured: &Measured{KPI: "k\x1b[31m", Ring: "p\x07", Fraction: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(r.Formula.Reduction, "\x1b\x07") {
		t.Errorf("formula keeps control characters: %q", r.Formula.Reduction)
	}
	_, err = Project(model.PaybackModel{VolumePerMonth: 1, MinutesPerUnit: 1, CostPerMinute: 1, ReductionKPI: "k\x1b"}, Options{})
	if err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("error keeps control characters: %q", err)
	}
}

// A KPI that moved the wrong way says so, with how far; one that improved
// carries no such line.
func TestWrongWayReason(t *testing.T) {
	t.Parallel()
	m := model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000,
		MinutesPerUnit: 12, CostPerMinute: 0.9, ReductionKPI: "triage_min"}
	tests := []struct {
		name     string
		fraction float64
		want     string // "" = no reason line
	}{
		// −0.125: 12.5 % worse; benefit 1166400 × −0.125 = −145800.
		{"worse by 12.5 %", -0.125, "KPI triage_min moved the wrong way in ring pilot: 12.5 % worse than its baseline as of 2026-02-01, so the reduction is -0.125 and the annual benefit -145800: at this level the pilot destroys value"},
		{"better", 0.2, ""},
		{"unchanged", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Project(m, Options{Measured: &Measured{KPI: "triage_min", Ring: "pilot", AsOf: model.MustDate("2026-02-01"), Fraction: tt.fraction}})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(r.Why, "\n")
			if got != tt.want {
				t.Errorf("why = %q, want %q", got, tt.want)
			}
			if tt.fraction < 0 && (r.PaybackMonths != nil || r.BreakEvenMonth != nil || r.AnnualBenefit >= 0) {
				t.Errorf("a loss: payback %v break-even %v benefit %v, want null, null, negative", r.PaybackMonths, r.BreakEvenMonth, r.AnnualBenefit)
			}
		})
	}
}

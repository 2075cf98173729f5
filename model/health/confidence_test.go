package health

import (
	"strings"
	"testing"

	"ringside/model"
)

// Reference intervals (scipy 1.10.1 and an exhaustive enumeration of the
// signed-rank distribution; see model/stats) worked into each case by hand.
func TestConfidence(t *testing.T) {
	t.Parallel()
	five := run("2026-01-31", 8.0, 8.1, 7.9, 8.1, 8.0) // mean 8.02, t interval 7.916115 … 8.123885
	a := run("2026-01-31", 6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2)
	b := run("2026-01-10", 8.3, 7.9, 8.1, 8.4, 7.8, 8.0, 8.2, 8.1, 7.7, 8.6, 8.0, 7.9) // mean 8.083333
	outlier := run("2026-01-31", 6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2, 9.9)               // D'Agostino p 0.000114
	asks := func(c float64) kpiOpt { return func(k *model.KPI) { k.Confidence = c } }
	tests := []struct {
		name           string
		k              model.KPI
		s              Series
		ringBase       *float64
		baseSample     *Series
		status         Status
		lo, hi         *float64 // level interval
		pLo, pHi       *float64 // pct interval
		dLo, dHi       *float64 // delta interval
		method, change string
		conclusive     *bool
		why            string // a line the reasons must hold
	}{
		{
			// t(0.975, 4) = 2.776445, s = 0.083666, 8.02 ± 0.103885 → 7.916115 … 8.123885;
			// against the stated 12: delta −4.083885 … −3.876115, pct ÷ 12 → −34.032376 … −32.300958,
			// all ≤ −30: conclusive pass.
			name: "stated baseline, interval inside the target", k: kpi("<= -30%", baseline(12), asks(0.95)), s: five,
			status: Pass, lo: f(7.916114937), hi: f(8.123885063), dLo: f(-4.083885063), dHi: f(-3.876114937),
			pLo: f(-34.032375528), pHi: f(-32.300957805), method: "t", change: "t", conclusive: ptrBool(true),
			why: "95 % interval of the current level 7.92 min … 8.12 min (t on 5 observations, normality assumed: 5 day values are too few to test)",
		},
		{
			// point pct −33.17 meets <= −33 %, but the interval −34.03 … −32.30 crosses −33: warn.
			name: "point meets, interval crosses: inconclusive warn", k: kpi("<= -33%", baseline(12), asks(0.95)), s: five,
			status: Warn, conclusive: ptrBool(false), lo: f(7.916114937), hi: f(8.123885063),
			why: "inconclusive: 95 % interval -34 % … -32.3 % crosses the target -33 %: warn",
		},
		{
			// the same without confidence asked: the verdict stays pass; conclusive says false.
			name: "not asked: verdict unchanged", k: kpi("<= -33%", baseline(12)), s: five,
			status: Pass, conclusive: ptrBool(false), lo: f(7.916114937), hi: f(8.123885063),
		},
		{
			// baseline from ring "baseline" (12 values, mean 8.083333): Welch delta
			// −1.388882 … −0.806356 (df 11.48), pct ÷ 8.083333 → −17.182048 … −9.975537,
			// which crosses −10 (point −13.58 meets it): warn; −9.98 shows with the decimal that tells it from −10.
			name: "baseline sample: Welch interval of the change", k: kpi("pct <= -10", asks(0.95)), s: a, ringBase: f(8.0833333333333333), baseSample: &b,
			status: Warn, dLo: f(-1.388882195), dHi: f(-0.8063559), pLo: f(-17.182047772), pHi: f(-9.975536912),
			method: "t", change: "welch_t", conclusive: ptrBool(false),
			why: "inconclusive: 95 % interval -17.2 % … -9.98 % crosses the target -10 %: warn",
		},
		{
			// 8 days with an outlier (9.9): not normal (p 0.000114), so the signed-rank
			// Hodges–Lehmann interval: qsignrank(0.025, 8) = 4, Walsh averages w(4) … w(33) =
			// 6.75 … 8.5; the mean 7.35 meets <= 7.5, the interval does not: warn.
			name: "not normal: Hodges–Lehmann", k: kpi("<= 7.5", window(8), asks(0.95)), s: outlier,
			status: Warn, method: "hodges_lehmann", conclusive: ptrBool(false), lo: f(6.75), hi: f(8.5),
			why: "95 % interval of the current level 6.75 min … 8.5 min (Hodges–Lehmann, Wilcoxon signed-rank on 8 day values: not normal, D'Agostino–Pearson p 0.00011)",
		},
		{
			name: "one observation: no interval", k: kpi("<= 9", asks(0.95)), s: run("2026-01-31", 8),
			status: Pass, why: "no 95 % interval: one observation in the window",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := evaluateKPI(tt.k, tt.s, tt.ringBase, tt.baseSample, asOf)
			if h.Status != tt.status {
				t.Errorf("status = %s, want %s\n%s", h.Status, tt.status, strings.Join(h.Why.Lines(), "\n"))
			}
			for _, c := range []struct {
				name      string
				got, want *float64
			}{{"ci_low", h.CILow, tt.lo}, {"ci_high", h.CIHigh, tt.hi}, {"pct_ci_low", h.PctCILow, tt.pLo}, {"pct_ci_high", h.PctCIHigh, tt.pHi},
				{"delta_ci_low", h.DeltaCILow, tt.dLo}, {"delta_ci_high", h.DeltaCIHigh, tt.dHi}} {
				if c.want != nil {
					eqPtr(t, c.name, c.got, c.want)
				}
			}
			if tt.method != "" && h.CIMethod != tt.method || tt.change != "" && h.ChangeMethod != tt.change {
				t.Errorf("methods %q %q, want %q %q", h.CIMethod, h.ChangeMethod, tt.method, tt.change)
			}
			if (h.Conclusive == nil) != (tt.conclusive == nil) || h.Conclusive != nil && *h.Conclusive != *tt.conclusive {
				t.Errorf("conclusive = %v, want %v", show2(h.Conclusive), show2(tt.conclusive))
			}
			if tt.why != "" && !hasLine(h.Why.Lines(), tt.why) {
				t.Errorf("why lacks %q:\n%s", tt.why, strings.Join(h.Why.Lines(), "\n"))
			}
			if h.Confidence == nil || *h.Confidence != level(tt.k) {
				t.Errorf("confidence = %v, want %v", h.Confidence, level(tt.k))
			}
		})
	}
}

// Several readings a day: the interval comes from every reading's moments,
// not from the day means. Days (8.0, 8.1) and (7.9, 8.1, 8.0) are the five
// readings of the case above: 7.916115 … 8.123885 on n 5, where the two day
// means 8.05 and 8.0 alone would give 8.025 ± 12.706 × 0.025 = 7.707 … 8.343.
func TestConfidenceUsesReadingMoments(t *testing.T) {
	t.Parallel()
	s := Series{Days: []model.Date{model.MustDate("2026-01-30"), model.MustDate("2026-01-31")}, Values: []float64{8.05, 8.0},
		Counts: []int{2, 3}, Sums: []float64{16.1, 24.0}, SumSqs: []float64{64 + 65.61, 62.41 + 65.61 + 64}}
	h := EvaluateKPI(kpi("<= 9"), s, nil, asOf)
	eqPtr(t, "ci_low", h.CILow, f(7.916114937))
	eqPtr(t, "ci_high", h.CIHigh, f(8.123885063))
}

func ptrBool(b bool) *bool { return &b }

func show2(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}

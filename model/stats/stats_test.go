package stats

import (
	"math"
	"testing"
)

// Reference figures come from scipy 1.10.1 (stats.t.ppf, stats.t.cdf,
// special.betainc, stats.normaltest) and, for the rank intervals, from a
// brute-force Python enumeration of every sign pattern (signed rank) and
// every rank subset (Mann–Whitney), which is the definition of the exact
// distribution R's qsignrank and qwilcox use; the script is quoted in
// docs/numbers.md.

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

func TestRegIncBeta(t *testing.T) {
	t.Parallel()
	tests := []struct{ a, b, x, want float64 }{
		{2.5, 0.5, 0.3, 0.01892712407194565}, // scipy.special.betainc(2.5, 0.5, 0.3)
		{10, 20, 0.4, 0.785318389762826},     // betainc(10, 20, 0.4)
		{1, 1, 0.37, 0.37},                   // I_x(1, 1) = x
		{2, 3, 0, 0},
		{2, 3, 1, 1},
	}
	for _, tt := range tests {
		near(t, "I", RegIncBeta(tt.a, tt.b, tt.x), tt.want, 1e-12)
	}
}

func TestStudent(t *testing.T) {
	t.Parallel()
	quantiles := []struct{ p, df, want float64 }{
		{0.975, 4, 2.7764451051977987},  // t.ppf(0.975, 4); R qt(0.975, 4) = 2.776445
		{0.975, 6, 2.4469118487916806},  // t.ppf(0.975, 6)
		{0.95, 1, 6.313751514800932},    // t.ppf(0.95, 1): Cauchy, tan(0.45π)
		{0.995, 2.5, 7.16372813402124},  // fractional df, as Welch's
		{0.975, 30, 2.0422724563012373}, // t.ppf(0.975, 30)
		{0.025, 4, -2.7764451051977987}, // symmetric
		{0.5, 9, 0},
	}
	// scipy's t.ppf is itself good to about 1e-9 (t.cdf of its 0.975 quantile
	// at 6 df is 0.97499999992): compare to 1e-8, and check that the
	// quantile inverts the CDF to 1e-12.
	for _, tt := range quantiles {
		q := StudentQuantile(tt.p, tt.df)
		near(t, "quantile", q, tt.want, 1e-8)
		near(t, "cdf(quantile)", StudentCDF(q, tt.df), tt.p, 1e-12)
	}
	near(t, "cdf(-1.5, 3)", StudentCDF(-1.5, 3), 0.11529193262241141, 1e-12)
	near(t, "cdf(2, 7.3)", StudentCDF(2.0, 7.3), 0.9580294803329485, 1e-12)
	if !math.IsNaN(StudentQuantile(1, 3)) || !math.IsNaN(StudentQuantile(0.5, 0)) {
		t.Error("quantile outside (0, 1) or df ≤ 0 must be NaN")
	}
}

func TestTInterval(t *testing.T) {
	t.Parallel()
	// 8.0 8.1 7.9 8.1 8.0: mean 8.02, s = √(0.028 ÷ 4) = 0.083666, se 0.037417,
	// t(0.975, 4) = 2.776445: 8.02 ± 0.103885 → 7.916115 … 8.123885 (scipy).
	iv, ok := TInterval(MomentsOf([]float64{8.0, 8.1, 7.9, 8.1, 8.0}), 0.95)
	if !ok || iv.Method != MethodT || iv.N != 5 {
		t.Fatalf("%+v %v", iv, ok)
	}
	near(t, "low", iv.Low, 7.916114936631643, 1e-9)
	near(t, "high", iv.High, 8.123885063368355, 1e-9)
	near(t, "estimate", iv.Estimate, 8.02, 1e-12)
	// constant: zero width
	iv, ok = TInterval(MomentsOf([]float64{3, 3, 3}), 0.95)
	if !ok || iv.Low != 3 || iv.High != 3 || iv.Method != MethodDegenerat {
		t.Errorf("constant: %+v", iv)
	}
	// one observation: no interval
	if _, ok := TInterval(MomentsOf([]float64{3}), 0.95); ok {
		t.Error("one observation gave an interval")
	}
	// the same from per-day moments: days (2 readings: 8.0, 8.1) and (3: 7.9, 8.1, 8.0)
	iv, _ = TInterval(Moments{N: 5, Sum: 8.0 + 8.1 + 7.9 + 8.1 + 8.0, SumSq: 64 + 65.61 + 62.41 + 65.61 + 64}, 0.95)
	near(t, "moments low", iv.Low, 7.916114936631643, 1e-9)
}

func TestWelchInterval(t *testing.T) {
	t.Parallel()
	a := []float64{6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2}
	b := []float64{8.3, 7.9, 8.1, 8.4, 7.8, 8.0, 8.2, 8.1, 7.7, 8.6, 8.0, 7.9}
	// mean a 6.985714, mean b 8.083333; s²a/na = 0.012313, s²b/nb = 0.005985;
	// Welch df 11.4755; scipy: −1.388882 … −0.806356.
	iv, ok := WelchInterval(MomentsOf(a), MomentsOf(b), 0.95)
	if !ok || iv.Method != MethodWelch || iv.N != 7 || iv.N2 != 12 {
		t.Fatalf("%+v %v", iv, ok)
	}
	near(t, "low", iv.Low, -1.3888821948718197, 1e-9)
	near(t, "high", iv.High, -0.8063559003662766, 1e-9)
}

func TestRankIntervals(t *testing.T) {
	t.Parallel()
	// Walsh averages of 8 values, exact qsignrank(0.025, 8) = 4 (enumeration of
	// the 2^8 sign patterns): [w(4), w(33)] = 6.75 … 8.5, pseudo-median 7.075.
	iv, ok := SignedRankInterval([]float64{6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2, 9.9}, 0.95)
	if !ok || iv.Method != MethodHLOne || !iv.Exact {
		t.Fatalf("%+v %v", iv, ok)
	}
	near(t, "low", iv.Low, 6.75, 1e-12)
	near(t, "high", iv.High, 8.5, 1e-12)
	near(t, "estimate", iv.Estimate, 7.075, 1e-12)
	// n = 5: qsignrank(0.025, 5) = 0, raised to 1: the extreme Walsh averages 7.9 … 8.1.
	iv, _ = SignedRankInterval([]float64{8.0, 8.1, 7.9, 8.1, 8.0}, 0.95)
	near(t, "n5 low", iv.Low, 7.9, 1e-12)
	near(t, "n5 high", iv.High, 8.1, 1e-12)

	// 7 × 12 differences, qwilcox(0.025, 7, 12) = 19 (enumeration of C(19, 7)
	// rank subsets): [d(19), d(66)] = −1.4 … −0.8, shift −1.1.
	a := []float64{6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2}
	b := []float64{8.3, 7.9, 8.1, 8.4, 7.8, 8.0, 8.2, 8.1, 7.7, 8.6, 8.0, 7.9}
	iv, ok = MannWhitneyInterval(a, b, 0.95)
	if !ok || iv.Method != MethodHLTwo || !iv.Exact {
		t.Fatalf("%+v %v", iv, ok)
	}
	near(t, "mw low", iv.Low, -1.4, 1e-12)
	near(t, "mw high", iv.High, -0.8, 1e-12)
	near(t, "mw estimate", iv.Estimate, -1.1, 1e-12)
	// 3 × 4 at 90 %: qwilcox(0.05, 3, 4) = 0 → 1: the extreme differences −1.2 … 2.9, shift 0.85.
	iv, _ = MannWhitneyInterval([]float64{1.0, 2.5, 3.1}, []float64{0.2, 0.9, 1.7, 2.2}, 0.9)
	near(t, "small low", iv.Low, -1.2, 1e-12)
	near(t, "small high", iv.High, 2.9, 1e-12)
	near(t, "small estimate", iv.Estimate, 0.85, 1e-12)
}

// The exact null distributions against closed forms: P(V ≤ 0) = 2^−n,
// P(U ≤ 0) = 1 ÷ C(m+n, m), and both symmetric.
func TestExactDistributions(t *testing.T) {
	t.Parallel()
	sr := signedRankCDF(10)
	near(t, "P(V≤0)", sr[0], 1.0/1024, 1e-15)
	near(t, "P(V≤54)", sr[54], 1-1.0/1024, 1e-15) // 55 = max; P(V ≤ 54) = 1 − P(V = 55)
	mw := mannWhitneyCDF(4, 6)
	near(t, "P(U≤0)", mw[0], 1.0/210, 1e-15)
	near(t, "P(U≤23)", mw[23], 1-1.0/210, 1e-15) // max 24
	near(t, "total", mw[24], 1, 1e-15)
	// symmetry about mn/2 = 12: P(U ≤ 11) = 1 − P(U ≤ 12)
	near(t, "symmetric", mw[11], 1-mw[12], 1e-14)
}

func TestNormality(t *testing.T) {
	t.Parallel()
	// scipy.stats.normaltest: one outlier among ten → p = 7.39e-07; a plain sample → 0.9553.
	p, ok := NormalityP([]float64{1, 1.2, 0.9, 1.1, 1.0, 1.05, 0.95, 5.0, 1.02, 0.98})
	if !ok {
		t.Fatal("not tested")
	}
	near(t, "outlier p", p, 7.390178534179252e-07, 1e-6)
	p, _ = NormalityP([]float64{6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2, 7.1, 6.7})
	near(t, "plain p", p, 0.9553001971550205, 1e-9)
	if _, ok := NormalityP([]float64{1, 2, 3, 4, 5, 6, 7}); ok {
		t.Error("seven values were tested; the test needs eight")
	}
	if _, ok := NormalityP([]float64{2, 2, 2, 2, 2, 2, 2, 2}); ok {
		t.Error("a constant sample was tested")
	}
}

// A KPI may ask for any level in (0, 1): 0.1 and 0.9999 as well as 0.95.
// 8.0 8.1 7.9 8.1 8.0: mean 8.02, se √(0.028 ÷ 4) ÷ √5 = 0.0374166;
// t(0.55, 4) = 0.1338304 and t(0.99995, 4) = 15.5441006 (mpmath, inverting
// the regularized incomplete beta), so 8.02 ± 0.0050075 and ± 0.5816070.
func TestTIntervalAtExtremeLevels(t *testing.T) {
	t.Parallel()
	xs := MomentsOf([]float64{8.0, 8.1, 7.9, 8.1, 8.0})
	for _, tt := range []struct{ conf, low, high float64 }{
		{0.1, 8.014992526183209, 8.025007473816791},
		{0.9999, 7.438393012383024, 8.601606987616975},
	} {
		iv, ok := TInterval(xs, tt.conf)
		if !ok {
			t.Fatalf("no interval at %g", tt.conf)
		}
		near(t, "low", iv.Low, tt.low, 1e-9)
		near(t, "high", iv.High, tt.high, 1e-9)
	}
	// The rank intervals take the same levels. At 0.9999 qsignrank(0.00005,
	// 5) is 0, raised to 1: the extreme Walsh averages 7.9 … 8.1. For 7 × 12,
	// C(19, 7) = 50388 and U takes 0, 1, 2 in 1, 1, 2 ways, so P(U ≤ 1) =
	// 2/50388 < 0.00005 ≤ P(U ≤ 2) = 4/50388: qwilcox = 2, [d(2), d(83)] of
	// the 84 differences. At 0.1 the interval sits inside that one.
	iv, ok := SignedRankInterval([]float64{8.0, 8.1, 7.9, 8.1, 8.0}, 0.9999)
	if !ok {
		t.Fatal("no signed-rank interval at 0.9999")
	}
	near(t, "sr low", iv.Low, 7.9, 1e-12)
	near(t, "sr high", iv.High, 8.1, 1e-12)
	a := []float64{6.9, 7.1, 6.5, 7.4, 6.8, 7.0, 7.2}
	b := []float64{8.3, 7.9, 8.1, 8.4, 7.8, 8.0, 8.2, 8.1, 7.7, 8.6, 8.0, 7.9}
	wide, ok1 := MannWhitneyInterval(a, b, 0.9999)
	narrow, ok2 := MannWhitneyInterval(a, b, 0.1)
	if !ok1 || !ok2 || !(narrow.Low > wide.Low && narrow.High < wide.High) || narrow.Low > narrow.High {
		t.Errorf("Mann–Whitney at 0.1 %+v should sit inside 0.9999 %+v", narrow, wide)
	}
	near(t, "mw 0.9999 low", wide.Low, 6.5-8.4, 1e-12)   // d(2): after 6.5 − 8.6, the next smallest 6.5 − 8.4
	near(t, "mw 0.9999 high", wide.High, 7.4-7.8, 1e-12) // d(83): before 7.4 − 7.7, the next largest 7.4 − 7.8
}

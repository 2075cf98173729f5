package stats

import (
	"math"
	"sort"
)

// Methods an Interval names.
const (
	MethodT         = "t"              // Student's t interval for a mean
	MethodWelch     = "welch_t"        // Welch's t interval for a difference of means
	MethodHLOne     = "hodges_lehmann" // Wilcoxon signed-rank (Hodges–Lehmann) interval for a location
	MethodHLTwo     = "mann_whitney_hodges_lehmann"
	MethodDegenerat = "constant" // every value equal: the interval is that value
)

// Interval is a two-sided confidence interval and how it was made.
type Interval struct {
	Low, High  float64
	Estimate   float64 // the point estimate the interval is around (mean, or Hodges–Lehmann median)
	Method     string
	Confidence float64
	N          int // observations behind it (for two samples, the first sample's)
	N2         int // the second sample's, for a difference; 0 otherwise
	Exact      bool
}

// Moments summarise a sample: its size, Σx and Σx².
type Moments struct {
	N          int
	Sum, SumSq float64
}

// Mean is Σx ÷ n.
func (m Moments) Mean() float64 { return m.Sum / float64(m.N) }

// Var is the sample variance (n − 1 in the denominator), never below 0.
func (m Moments) Var() float64 {
	if m.N < 2 {
		return 0
	}
	mean := m.Mean()
	v := (m.SumSq - float64(m.N)*mean*mean) / float64(m.N-1)
	if v < 0 || v < 1e-13*mean*mean { // cancellation noise of a constant sample
		return 0
	}
	return v
}

// MomentsOf sums a sample.
func MomentsOf(xs []float64) Moments {
	m := Moments{N: len(xs)}
	for _, x := range xs {
		m.Sum += x
		m.SumSq += x * x
	}
	return m
}

// TInterval is the t interval for the mean of a sample: mean ± t(1 − α/2,
// n − 1) × s ÷ √n. ok is false below two observations.
func TInterval(m Moments, conf float64) (Interval, bool) {
	if m.N < 2 || !(conf > 0 && conf < 1) {
		return Interval{}, false
	}
	mean, v := m.Mean(), m.Var()
	iv := Interval{Estimate: mean, Method: MethodT, Confidence: conf, N: m.N, Exact: true}
	if v == 0 {
		iv.Low, iv.High, iv.Method = mean, mean, MethodDegenerat
		return iv, true
	}
	half := StudentQuantile(1-(1-conf)/2, float64(m.N-1)) * math.Sqrt(v/float64(m.N))
	iv.Low, iv.High = mean-half, mean+half
	return iv, true
}

// WelchInterval is Welch's t interval for mean(a) − mean(b): the
// difference ± t(1 − α/2, ν) × √(s²a ÷ na + s²b ÷ nb), ν by
// Welch–Satterthwaite. ok is false unless both samples have two or more.
func WelchInterval(a, b Moments, conf float64) (Interval, bool) {
	if a.N < 2 || b.N < 2 || !(conf > 0 && conf < 1) {
		return Interval{}, false
	}
	d := a.Mean() - b.Mean()
	va, vb := a.Var()/float64(a.N), b.Var()/float64(b.N)
	iv := Interval{Estimate: d, Method: MethodWelch, Confidence: conf, N: a.N, N2: b.N, Exact: true}
	if va+vb == 0 {
		iv.Low, iv.High, iv.Method = d, d, MethodDegenerat
		return iv, true
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	half := StudentQuantile(1-(1-conf)/2, df) * math.Sqrt(va+vb)
	iv.Low, iv.High = d-half, d+half
	return iv, true
}

// exactBelow is the sample size (or product of sizes) below which the rank
// intervals use the exact null distribution, as R's wilcox.test does
// (n < 50); above it, the normal approximation of the rank index.
const exactBelow = 50

// SignedRankInterval is the Hodges–Lehmann estimate of a sample's location
// (the median of its Walsh averages) with the Wilcoxon signed-rank
// interval, as R's wilcox.test(x, conf.int = TRUE) computes it: the
// sorted Walsh averages w, qu = qsignrank(α/2, n) (at least 1),
// [w(qu), w(n(n+1)/2 − qu + 1)]. Ties are not corrected for.
func SignedRankInterval(xs []float64, conf float64) (Interval, bool) {
	n := len(xs)
	if n < 2 || !(conf > 0 && conf < 1) {
		return Interval{}, false
	}
	w := make([]float64, 0, n*(n+1)/2)
	for i := range n {
		for j := i; j < n; j++ {
			w = append(w, (xs[i]+xs[j])/2)
		}
	}
	sort.Float64s(w)
	total := len(w)
	alpha := 1 - conf
	var qu int
	exact := n < exactBelow
	if exact {
		qu = lowerQuantile(signedRankCDF(n), alpha/2)
	} else {
		mean := float64(total) / 2
		sd := math.Sqrt(float64(n) * float64(n+1) * float64(2*n+1) / 24)
		qu = int(math.Floor(mean + NormalQuantile(alpha/2)*sd))
	}
	qu = max(qu, 1)
	ql := total - qu
	iv := Interval{Estimate: median(w), Method: MethodHLOne, Confidence: conf, N: n, Exact: exact}
	iv.Low, iv.High = w[qu-1], w[min(ql, total-1)]
	return iv, true
}

// MannWhitneyInterval is the Hodges–Lehmann estimate of the shift between
// two samples (the median of all differences a_i − b_j) with the
// Mann–Whitney interval, as R's wilcox.test(a, b, conf.int = TRUE)
// computes it: the sorted differences d, qu = qwilcox(α/2, na, nb) (at
// least 1), [d(qu), d(na·nb − qu + 1)]. Ties are not corrected for.
func MannWhitneyInterval(a, b []float64, conf float64) (Interval, bool) {
	na, nb := len(a), len(b)
	if na < 1 || nb < 1 || na*nb < 2 || !(conf > 0 && conf < 1) {
		return Interval{}, false
	}
	d := make([]float64, 0, na*nb)
	for _, x := range a {
		for _, y := range b {
			d = append(d, x-y)
		}
	}
	sort.Float64s(d)
	total := len(d)
	alpha := 1 - conf
	var qu int
	exact := na < exactBelow && nb < exactBelow
	if exact {
		qu = lowerQuantile(mannWhitneyCDF(na, nb), alpha/2)
	} else {
		mean := float64(total) / 2
		sd := math.Sqrt(float64(na) * float64(nb) * float64(na+nb+1) / 12)
		qu = int(math.Floor(mean + NormalQuantile(alpha/2)*sd))
	}
	qu = max(qu, 1)
	ql := total - qu
	iv := Interval{Estimate: median(d), Method: MethodHLTwo, Confidence: conf, N: na, N2: nb, Exact: exact}
	iv.Low, iv.High = d[qu-1], d[min(ql, total-1)]
	return iv, true
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// NormalityMinN is the smallest sample NormalityP tests: below it the
// skewness test is not defined, and a sample counts as normal.
const NormalityMinN = 8

// NormalityP is the p-value of D'Agostino and Pearson's omnibus test
// K² = Z(skewness)² + Z(kurtosis)² against the normal distribution (chi²
// with 2 df), as scipy.stats.normaltest computes it; ok is false below
// NormalityMinN values or for a constant sample.
func NormalityP(xs []float64) (float64, bool) {
	n := float64(len(xs))
	if len(xs) < NormalityMinN {
		return 0, false
	}
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m2, m3, m4 float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
		m3 += d * d * d
		m4 += d * d * d * d
	}
	m2, m3, m4 = m2/n, m3/n, m4/n
	if m2 <= 1e-300 || m2 < 1e-13*mean*mean {
		return 0, false
	}
	// skewness test
	b1 := m3 / math.Pow(m2, 1.5)
	y := b1 * math.Sqrt((n+1)*(n+3)/(6*(n-2)))
	beta2 := 3 * (n*n + 27*n - 70) * (n + 1) * (n + 3) / ((n - 2) * (n + 5) * (n + 7) * (n + 9))
	w2 := -1 + math.Sqrt(2*(beta2-1))
	delta := 1 / math.Sqrt(0.5*math.Log(w2))
	alpha := math.Sqrt(2 / (w2 - 1))
	if y == 0 {
		y = 1
	}
	zs := delta * math.Log(y/alpha+math.Sqrt((y/alpha)*(y/alpha)+1))
	// kurtosis test
	b2 := m4 / (m2 * m2)
	e := 3 * (n - 1) / (n + 1)
	varb2 := 24 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1) * (n + 3) * (n + 5))
	x := (b2 - e) / math.Sqrt(varb2)
	sqrtbeta1 := 6 * (n*n - 5*n + 2) / ((n + 7) * (n + 9)) * math.Sqrt(6*(n+3)*(n+5)/(n*(n-2)*(n-3)))
	a := 6 + 8/sqrtbeta1*(2/sqrtbeta1+math.Sqrt(1+4/(sqrtbeta1*sqrtbeta1)))
	term1 := 1 - 2/(9*a)
	denom := 1 + x*math.Sqrt(2/(a-4))
	if denom == 0 {
		return 0, false
	}
	term2 := math.Copysign(math.Cbrt((1-2/a)/math.Abs(denom)), denom)
	zk := (term1 - term2) / math.Sqrt(2/(9*a))
	k2 := zs*zs + zk*zk
	return math.Exp(-k2 / 2), true
}

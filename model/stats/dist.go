// Package stats holds the few distributions and interval estimates the
// health engine needs to say how sure a verdict is: Student's t (through
// the regularized incomplete beta function), the normal quantile, the
// exact null distributions of the Wilcoxon signed-rank and Mann–Whitney U
// statistics, Welch's t interval, the Hodges–Lehmann intervals and the
// D'Agostino–Pearson normality test. Pure Go, standard library only.
package stats

import (
	"math"
	"sync"
)

// RegIncBeta is the regularized incomplete beta function I_x(a, b) for
// a, b > 0 and 0 ≤ x ≤ 1, by the continued fraction of Numerical Recipes
// (modified Lentz), accurate to about 1e-14.
func RegIncBeta(a, b, x float64) float64 {
	switch {
	case math.IsNaN(x) || a <= 0 || b <= 0:
		return math.NaN()
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

// betaCF evaluates the continued fraction of the incomplete beta function.
func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	const eps = 1e-15
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

// StudentCDF is P(T ≤ t) for Student's t with df degrees of freedom
// (df > 0, not necessarily whole: Welch's df is not).
func StudentCDF(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		if t > 0 {
			return 1
		}
		return 0
	}
	tail := 0.5 * RegIncBeta(df/2, 0.5, df/(df+t*t)) // P(T > |t|)
	if t > 0 {
		return 1 - tail
	}
	return tail
}

// quantiles caches StudentQuantile: a portfolio's intervals ask for the
// same few (level, df) pairs thousands of times, and each answer costs a
// bisection of continued fractions. It only grows by distinct pairs.
var quantiles sync.Map // [2]float64{p, df} → float64

// StudentQuantile is the t with P(T ≤ t) = p, by bisection on StudentCDF
// (to 1e-12 relative), for 0 < p < 1 and df > 0.
func StudentQuantile(p, df float64) float64 {
	if !(p > 0 && p < 1) || !(df > 0) {
		return math.NaN()
	}
	key := [2]float64{p, df}
	if q, ok := quantiles.Load(key); ok {
		return q.(float64)
	}
	q := studentQuantile(p, df)
	quantiles.Store(key, q)
	return q
}

func studentQuantile(p, df float64) float64 {
	if p == 0.5 {
		return 0
	}
	if p < 0.5 {
		return -StudentQuantile(1-p, df)
	}
	lo, hi := 0.0, 1.0
	for StudentCDF(hi, df) < p {
		lo, hi = hi, hi*2
		if hi > 1e12 {
			return math.Inf(1)
		}
	}
	for range 200 {
		mid := (lo + hi) / 2
		if StudentCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-12*hi {
			break
		}
	}
	return (lo + hi) / 2
}

// NormalQuantile is the z with Φ(z) = p, for 0 < p < 1.
func NormalQuantile(p float64) float64 {
	if !(p > 0 && p < 1) {
		return math.NaN()
	}
	return math.Sqrt2 * math.Erfinv(2*p-1)
}

// signedRankCDF returns, for the Wilcoxon signed-rank statistic V of n
// observations under the null hypothesis, P(V ≤ k) for k = 0…n(n+1)/2:
// the coefficients of ∏(1 + q^i), i = 1…n, over 2^n.
func signedRankCDF(n int) []float64 {
	top := n * (n + 1) / 2
	c := make([]float64, top+1)
	c[0] = 1
	for i := 1; i <= n; i++ {
		for k := i * (i + 1) / 2; k >= i; k-- {
			c[k] += c[k-i]
		}
	}
	return cumulate(c)
}

// mannWhitneyCDF returns, for the Mann–Whitney statistic U of samples of
// m and n under the null hypothesis, P(U ≤ k) for k = 0…mn: the
// coefficients of the Gaussian binomial [m+n choose m]_q =
// ∏ (1 − q^(n+i)) ÷ (1 − q^i), i = 1…m, over C(m+n, m).
func mannWhitneyCDF(m, n int) []float64 {
	if m > n {
		m, n = n, m
	}
	top := m * n
	c := make([]float64, top+1)
	c[0] = 1
	deg := 0
	for i := 1; i <= m; i++ {
		// multiply by (1 − q^(n+i)) …
		for k := deg + n + i; k >= n+i; k-- {
			if k <= top {
				c[k] -= c[k-n-i]
			}
		}
		deg += n
		// … and divide by (1 − q^i): c[k] += c[k−i], in increasing k.
		for k := i; k <= top; k++ {
			c[k] += c[k-i]
		}
	}
	return cumulate(c)
}

// cumulate turns counts into a cumulative distribution.
func cumulate(c []float64) []float64 {
	var total float64
	for _, v := range c {
		total += v
	}
	out := make([]float64, len(c))
	var run float64
	for i, v := range c {
		run += v
		out[i] = run / total
	}
	return out
}

// lowerQuantile is R's q* for a discrete CDF: the smallest k with
// P(X ≤ k) ≥ p (a hair of slack for rounding in the sums).
func lowerQuantile(cdf []float64, p float64) int {
	for k, v := range cdf {
		if v >= p*(1-64*1e-16) {
			return k
		}
	}
	return len(cdf) - 1
}

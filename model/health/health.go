// Package health is the ring-health engine: per ring×KPI, the current value
// against the baseline and the criteria agreed before the pilot started,
// whether a rollback trigger fired, and a verdict that explains itself line
// by line. It is pure: the store hands it recent observations, it hands back
// verdicts.
package health

import (
	"ringside/model"
	"ringside/model/slo"
)

// Status is the verdict on a ring×KPI or on a whole ring.
type Status string

const (
	Pass   Status = "pass"
	Warn   Status = "warn"
	Fail   Status = "fail"
	NoData Status = "nodata"
)

// Baseline sources reported in KPIHealth.BaselineSource.
const (
	SourceKPI          = "kpi"           // the KPI definition states it
	SourceBaselineRing = "baseline_ring" // mean of ring "baseline" observations
)

// Series is one ring×metric's daily observations, sorted by day ascending
// (the engine does not rely on the order). It may be only a recent suffix,
// e.g. the last 60 days: the window and staleness rules never look further
// back than the latest observation minus the window.
type Series struct {
	Days   []model.Date
	Values []float64 // the day's value: the mean of its readings, or the KPI's daily aggregate
	// Counts, Sums and SumSqs describe the readings behind each day (their
	// number, Σx and Σx²) so a window's current value is the mean of the
	// observations, not of day means, and intervals can be computed. nil
	// means one reading a day, equal to Values.
	Counts []int
	Sums   []float64
	SumSqs []float64
	// Latest is the day of the latest observation overall, when the store
	// knows it; it lets a suffix that is empty because the data is old
	// still say how old. Zero: take it from Days.
	Latest model.Date
}

// Input is everything Evaluate needs for one pilot.
type Input struct {
	Pilot *model.Pilot
	AsOf  model.Date                   // evaluation day (today unless --as-of)
	Obs   map[string]map[string]Series // ring → metric key → series
	// BaselineMeans holds, per metric key, the mean of all observations of
	// ring "baseline"; a key that is absent has none.
	BaselineMeans map[string]float64
	// Baselines holds, per metric key, the observations of ring "baseline"
	// (on or before AsOf), so the change against a baseline that is a
	// sample gets a two-sample interval; nil: the baseline mean is taken
	// as a constant.
	Baselines map[string]Series
}

// PilotHealth is the health of every ring of one pilot.
type PilotHealth struct {
	Pilot string       `json:"pilot"`
	Name  string       `json:"name,omitempty"`
	AsOf  string       `json:"as_of"`
	Rings []RingHealth `json:"rings"`
}

// RingHealth is the verdict on one ring and the KPI verdicts behind it.
type RingHealth struct {
	Ring     string      `json:"ring"`
	Status   Status      `json:"status"`
	Rollback bool        `json:"rollback"`
	Score    *float64    `json:"score"` // null when the ring has no data
	KPIs     []KPIHealth `json:"kpis"`
	Why      Reasons     `json:"why"`
}

// KPIHealth is the verdict on one ring×KPI. Numbers are rounded to four
// decimals for output; verdicts were judged on unrounded values.
type KPIHealth struct {
	Key            string   `json:"key"`
	Name           string   `json:"name,omitempty"`
	Unit           string   `json:"unit,omitempty"`
	Baseline       *float64 `json:"baseline"`
	BaselineSource string   `json:"baseline_source"` // "kpi", "baseline_ring" or "" (none)
	Current        *float64 `json:"current"`
	Delta          *float64 `json:"delta"`
	Pct            *float64 `json:"pct"`
	Status         Status   `json:"status"`
	Rollback       bool     `json:"rollback"`
	Latest         *string  `json:"latest"` // day of the latest observation on or before the evaluation day
	Target         string   `json:"target"`
	Warning        string   `json:"warning,omitempty"`
	Trigger        string   `json:"trigger,omitempty"`
	Critical       bool     `json:"critical"`
	Weight         float64  `json:"weight"`
	N              int      `json:"n"` // observations in the window
	// How sure the verdict is (confidence.go): the interval of the current
	// level at Confidence, and of the change (delta and pct) against the
	// baseline; Conclusive says whether the target's verdict holds over
	// the whole interval of its subject. Null without data.
	CILow        *float64 `json:"ci_low"`
	CIHigh       *float64 `json:"ci_high"`
	Confidence   *float64 `json:"confidence"`
	Conclusive   *bool    `json:"conclusive"`
	CIMethod     string   `json:"ci_method,omitempty"` // t, hodges_lehmann or constant
	DeltaCILow   *float64 `json:"delta_ci_low,omitempty"`
	DeltaCIHigh  *float64 `json:"delta_ci_high,omitempty"`
	PctCILow     *float64 `json:"pct_ci_low,omitempty"`
	PctCIHigh    *float64 `json:"pct_ci_high,omitempty"`
	ChangeMethod string   `json:"change_method,omitempty"` // welch_t, mann_whitney_hodges_lehmann, or the level's for a stated baseline
	BaselineN    int      `json:"baseline_n,omitempty"`    // baseline-ring observations behind a two-sample interval
	Why          Reasons  `json:"why"`
	// SLO is the standing of the KPI's SLO in the ring; absent
	// when the KPI is no SLO.
	SLO *slo.Result `json:"slo,omitempty"`
}

// Failed reports whether any ring fails or fired a rollback trigger: what
// makes `ringside health` exit 1.
func (p PilotHealth) Failed() bool {
	for _, r := range p.Rings {
		if r.Status == Fail || r.Rollback {
			return true
		}
	}
	return false
}

// Ring returns the health of the named ring.
func (p PilotHealth) Ring(name string) (RingHealth, bool) {
	for _, r := range p.Rings {
		if r.Ring == name {
			return r, true
		}
	}
	return RingHealth{}, false
}

// KPI returns the health of the KPI with the given key.
func (r RingHealth) KPI(key string) (KPIHealth, bool) {
	for _, k := range r.KPIs {
		if k.Key == key {
			return k, true
		}
	}
	return KPIHealth{}, false
}

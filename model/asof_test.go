package model

import (
	"testing"
	"time"
)

func TestAsOf(t *testing.T) {
	t.Parallel()
	day := MustDate("2026-11-20")
	late := time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC)                     // on the day, late: visible
	next := time.Date(2026, 11, 21, 0, 30, 0, 0, time.UTC)                      // the next UTC day: gone
	berlin := time.Date(2026, 11, 21, 0, 30, 0, 0, time.FixedZone("CET", 3600)) // 2026-11-20 23:30 UTC: visible
	p := &Pilot{Slug: "p",
		Hypothesis: Hypothesis{Text: "v3", Revisions: []HypothesisRevision{{Text: "v1", At: late.Add(-48 * time.Hour)}, {Text: "v2", At: next}}},
		Signoffs:   []Signoff{{Role: RoleSecurity, At: late}, {Role: RoleLegal, At: next}, {Role: RoleSupport, At: berlin}},
		Reviews:    []GateReview{{Gate: GateG3, Date: day}, {Gate: GateG4, Date: day.AddDays(1)}},
		Runbooks:   []Runbook{{Title: "r", Drills: []Drill{{Date: day.AddDays(-5)}, {Date: day.AddDays(3)}}}},
		Gates:      []GatePlan{{Gate: GateG3, Ticks: []ManualTick{{Criterion: "a", At: late}, {Criterion: "b", At: next}}}},
	}
	v := AsOf(p, day)
	// Kept: security (late on the day) and support (CET 00:30 = 23:30 UTC); dropped: legal (next day).
	if len(v.Signoffs) != 2 || v.Signoffs[0].Role != RoleSecurity || v.Signoffs[1].Role != RoleSupport {
		t.Errorf("signoffs = %+v", v.Signoffs)
	}
	if len(v.Reviews) != 1 || v.Reviews[0].Gate != GateG3 {
		t.Errorf("reviews = %+v", v.Reviews)
	}
	if d := v.Runbooks[0].Drills; len(d) != 1 || d[0].Date != day.AddDays(-5) {
		t.Errorf("drills = %+v", d)
	}
	if tk := v.Gates[0].Ticks; len(tk) != 1 || tk[0].Criterion != "a" {
		t.Errorf("ticks = %+v", tk)
	}
	// Revised to v3 on the 21st: as of the 20th the text was v2, with one earlier revision.
	if v.Hypothesis.Text != "v2" || len(v.Hypothesis.Revisions) != 1 {
		t.Errorf("hypothesis = %+v", v.Hypothesis)
	}
	if len(p.Signoffs) != 3 || len(p.Runbooks[0].Drills) != 2 || p.Hypothesis.Text != "v3" {
		t.Error("AsOf changed the pilot it was given")
	}
	// The next day sees everything: the same pilot back.
	if AsOf(p, day.AddDays(3)) != p || AsOf(p, 0) != p {
		t.Error("nothing after the day should give the pilot back as it is")
	}
}

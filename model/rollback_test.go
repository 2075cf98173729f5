package model

import (
	"reflect"
	"testing"
)

func TestRollbackPlanFor(t *testing.T) {
	t.Parallel()
	p := &Pilot{
		Rings:    []Ring{{Name: "pilot"}, {Name: "canary"}},
		Runbooks: []Runbook{{Title: "Off", Body: "Intro text\n1. Disable the flag\n  2) Re-route mail\n- not a step\n"}, {Title: "Prose", Body: "Just do it."}},
		Flags: []Flag{
			{Key: "a", Owner: "Sam", Runbook: "Off", States: map[string]FlagState{"canary": FlagOn}},
			{Key: "b", States: map[string]FlagState{"canary": FlagOn}},
			{Key: "c", Runbook: "Gone", States: map[string]FlagState{"canary": FlagOn}},
			{Key: "d", Runbook: "Prose", States: map[string]FlagState{"canary": FlagOn}},
			{Key: "e", Runbook: "Off", States: map[string]FlagState{"canary": FlagOff, "pilot": FlagOn}},
		},
	}
	got := RollbackPlanFor(p, "canary")
	want := RollbackPlan{Ring: "canary", Flags: []FlagToTurnOff{
		{Key: "a", Owner: "Sam", Runbook: "Off", Steps: []string{"Disable the flag", "Re-route mail"}},
		{Key: "b", Steps: []string{"no runbook named: turn the flag off by hand and record it with ringside flag"}},
		{Key: "c", Runbook: "Gone", Steps: []string{`runbook "Gone" is missing: turn the flag off by hand`}},
		{Key: "d", Runbook: "Prose", Steps: []string{`runbook "Prose" has no numbered steps: follow its text`}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RollbackPlanFor =\n%+v\nwant\n%+v", got, want)
	}
	if s := RollbackPlanFor(p, "broad").Summary(); s != "no flag is recorded as on in broad" {
		t.Errorf("empty plan summary = %q", s)
	}
	before := &Pilot{Rings: []Ring{{Name: "pilot", Status: RingRolledBack}, {Name: "canary", Status: RingActive}}}
	after := &Pilot{Rings: []Ring{{Name: "pilot", Status: RingRolledBack}, {Name: "canary", Status: RingRolledBack}}}
	if got := RolledBackRings(before, after); !reflect.DeepEqual(got, []string{"canary"}) {
		t.Errorf("RolledBackRings = %v, want only the newly rolled-back canary", got)
	}
}

func TestActionsJoinReviewAndPIRActions(t *testing.T) {
	t.Parallel()
	p := &Pilot{
		Reviews: []GateReview{{Gate: GateG5, Date: MustDate("2026-07-30"), Actions: []ActionItem{
			{What: "undated"}, {What: "late", Due: MustDate("2026-12-01")}}}},
		PIR: &PostImplementationReview{Date: MustDate("2026-10-22"), Actions: []ActionItem{{What: "early", Due: MustDate("2026-11-01")}}},
	}
	var got []string
	for _, a := range Actions(p) {
		got = append(got, a.What+" / "+a.Source)
	}
	want := []string{"early / post-implementation review 2026-10-22", "late / G5 review 2026-07-30", "undated / G5 review 2026-07-30"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Actions = %q, want %q", got, want)
	}
}

package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

// opsPilot is samplePilot with every operations field set.
func opsPilot() model.Pilot {
	p := samplePilot()
	p.KPIs = append(p.KPIs, model.KPI{Key: "avail", Better: model.BetterHigher, Critical: true,
		SLO: &model.KPISLO{Good: "req_ok", Total: "req_all", Objective: 99.5, PeriodDays: 28, LongDays: 7}})
	p.Flags = []model.Flag{
		{Key: "auto-triage", Description: "routes mail", Owner: "Sam", Runbook: "Roll back",
			States: map[string]model.FlagState{"pilot": model.FlagOn, "canary": model.FlagOff}},
		{Key: "draft-replies", Runbook: "Roll back", States: map[string]model.FlagState{"pilot": model.FlagOn}},
		{Key: "unused"},
	}
	p.NFRs = []model.NFR{{Category: model.NFRSecurity, Requirement: "MFA", Verification: "review", Evidence: "SR-1", Status: model.NFRVerified}}
	p.Plan = []model.Milestone{{What: "Train", Owner: "Kim", Due: model.MustDate("2026-02-10"), Bucket: 30}}
	p.Gates[0].Add = []model.GateCriterion{{ID: "g3-nfr", Kind: model.KindNFR, Text: "NFRs", Categories: []model.NFRCategory{model.NFRSecurity}}}
	return p
}

func TestOperationsRoundTripThroughTheDatabase(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{opsPilot()}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pilot(ctx, "claims-triage")
	if err != nil {
		t.Fatal(err)
	}
	if want := enteredFromFile(Normalize(opsPilot()), "tester"); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, want)
	}
	res, err := s.ApplyPilots(ctx, "tester", []model.Pilot{opsPilot()})
	if err != nil || len(res.Unchanged) != 1 {
		t.Errorf("re-apply = %+v, %v; want unchanged", res, err)
	}
}

// A ring rolled back through UpdatePilot names, in its audit entry, the
// flags still on in that ring and the steps of their runbooks.
func TestRollbackAuditListsFlagsToTurnOff(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{opsPilot()}); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdatePilot(ctx, Change{Actor: "tester", Action: "ring.status", Summary: "ring pilot: active → rolled_back"}, "claims-triage", func(p *model.Pilot) error {
		p.Rings[0].Status = model.RingRolledBack
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1].Summary
	for _, e := range entries {
		if e.Action == "ring.status" {
			last = e.Summary
		}
	}
	want := `ring pilot: active → rolled_back; ring pilot rolled back: flags to turn off in pilot: ` +
		`auto-triage (runbook "Roll back": 1. Disable the flag; 2. Re-route); draft-replies (runbook "Roll back": 1. Disable the flag; 2. Re-route)`
	if last != want {
		t.Errorf("summary =\n%s\nwant\n%s", last, want)
	}
}

func TestSetFlagIsAuditedWithItsReason(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{opsPilot()}); err != nil {
		t.Fatal(err)
	}
	fc, err := s.SetFlag(ctx, Change{Actor: "ana"}, FlagSet{Pilot: "claims-triage", Flag: "auto-triage", Ring: "canary", State: model.FlagOn, Reason: "canary opens Monday"})
	if err != nil || !fc.Changed || fc.Before != model.FlagOff || fc.After != model.FlagOn {
		t.Fatalf("SetFlag = %+v, %v", fc, err)
	}
	p, _ := s.Pilot(ctx, "claims-triage")
	if p.Flags[0].States["canary"] != model.FlagOn {
		t.Errorf("canary state = %q, want on", p.Flags[0].States["canary"])
	}
	entries, _ := s.Audit(ctx, AuditFilter{})
	e := entries[len(entries)-1]
	for _, x := range entries {
		if x.Action == "flag.set" {
			e = x
		}
	}
	if e.Action != "flag.set" || e.Actor != "ana" || e.Summary != "flag auto-triage in ring canary set on: canary opens Monday" {
		t.Errorf("audit entry = %+v", e)
	}
	n := len(entries)
	if fc, err := s.SetFlag(ctx, Change{Actor: "ana"}, FlagSet{Pilot: "claims-triage", Flag: "auto-triage", Ring: "canary", State: model.FlagOn, Reason: "again"}); err != nil || fc.Changed {
		t.Errorf("same state again = %+v, %v; want unchanged", fc, err)
	}
	if entries, _ := s.Audit(ctx, AuditFilter{}); len(entries) != n {
		t.Errorf("an unchanged flag wrote an audit entry")
	}
	for _, tt := range []struct {
		key, ring, state, reason, want string
	}{
		{"auto-triage", "canary", "off", " ", "a flag change needs a reason"},
		{"auto-triage", "broad", "off", "x", `has no ring "broad": use one of pilot, canary`},
		{"nope", "canary", "off", "x", `has no flag "nope": add it under flags: in the portfolio file (known: auto-triage, draft-replies, unused)`},
		{"auto-triage", "canary", "dark", "x", `unknown flag state "dark": use one of on, off`},
	} {
		_, err := s.SetFlag(ctx, Change{Actor: "ana"}, FlagSet{Pilot: "claims-triage", Flag: tt.key, Ring: tt.ring, State: model.FlagState(tt.state), Reason: tt.reason})
		if !errors.Is(err, ErrBadFlagChange) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt, err, tt.want)
		}
	}
}

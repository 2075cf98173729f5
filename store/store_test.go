package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "ringside.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	clock := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	return s
}

func f64(v float64) *float64 { return &v }

// samplePilot exercises every stored field.
func samplePilot() model.Pilot {
	return model.Pilot{
		Slug: "claims-triage", Name: "Claims email triage assistant", Stage: model.StagePilot,
		StageSince: model.MustDate("2026-01-05"),
		Hypothesis: model.Hypothesis{Text: "Cut triage from 12 to 7 minutes", Locked: true},
		Owners:     map[model.Role]string{model.RoleProductOwner: "Dana Ruiz", model.RoleSecurity: "Lee Park"},
		Rings: []model.Ring{
			{Name: "pilot", Population: 25, Exposure: 0.02, Status: model.RingActive, Start: model.MustDate("2026-01-05")},
			{Name: "canary", Population: 240, Status: model.RingPlanned},
		},
		KPIs: []model.KPI{
			{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: f64(12),
				Target: model.MustCriterion("<= -30%"), Rollback: model.MustCriterion("> +5%"), Critical: true},
			{Key: "misroute_pct", Better: model.BetterLower, Target: model.MustCriterion("pct <= 0"),
				Warning: model.MustCriterion("pct <= 5"), Weight: new(2.0), Window: 14},
		},
		Payback: &model.PaybackModel{OneTimeCost: 180000, AnnualRunCost: 60000, VolumePerMonth: 9000, MinutesPerUnit: 12,
			CostPerMinute: 0.9, ReductionKPI: "triage_min", Ramp: []float64{0.25, 0.5, 1}, DiscountRate: f64(0.08)},
		Risks: []model.Risk{{Title: "PII reaches prompts", Category: "privacy", Likelihood: 3, Impact: 5, ResidualLikelihood: 1,
			ResidualImpact: 5, Owner: "Lee Park", Mitigation: "DLP", Status: model.RiskMitigating, Due: model.MustDate("2026-03-01")}},
		Runbooks: []model.Runbook{{Title: "Roll back", Kind: model.RunbookRollback, Body: "1. Disable the flag\n2. Re-route\n",
			TargetRestoreMin: 15, Drills: []model.Drill{{Date: model.MustDate("2026-01-20"), By: "Sam", Outcome: model.DrillSuccess, RestoreMin: 11,
				Steps: []model.DrillStep{{Step: "Disable the flag", Done: true, AtSec: 95}}}}}},
		Gates: []model.GatePlan{{Gate: model.GateG3, Drop: []string{"g3-adoption"},
			Waivers: []model.Waiver{{Criterion: "g3-legal", Reason: "No PII leaves", Role: model.RoleSecurity}}}},
		Signoffs: []model.Signoff{{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz", Decision: model.DecisionApprove,
			Meaning: "Outcome verified", At: time.Date(2026, 2, 3, 14, 5, 0, 0, time.UTC), ChecklistHash: "abc"}},
		Reviews: []model.GateReview{{Gate: model.GateG3, Date: model.MustDate("2026-02-03"), Attendees: []string{"Dana Ruiz"},
			Notes: map[string]string{"g3-kpis": "down 31 %"}, Decision: model.ReviewConditional, Conditions: []string{"DLP first"},
			Actions: []model.ActionItem{{What: "Enforce DLP", Who: "Lee Park", Due: model.MustDate("2026-02-20")}}}},
	}
}

func TestApplyStoresEveryFieldAndIsIdempotent(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	in := samplePilot()
	res, err := s.ApplyPilots(ctx, "tester", []model.Pilot{in})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Created, []string{"claims-triage"}) {
		t.Fatalf("created = %v", res.Created)
	}
	got, err := s.Pilot(ctx, "claims-triage")
	if err != nil {
		t.Fatal(err)
	}
	if want := enteredFromFile(Normalize(samplePilot()), "tester"); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip through the database differs:\n got %+v\nwant %+v", got, want)
	}
	res, err = s.ApplyPilots(ctx, "tester", []model.Pilot{samplePilot()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unchanged) != 1 || len(res.Updated) != 0 {
		t.Errorf("second apply = %+v, want unchanged", res)
	}
	entries, _ := s.Audit(ctx, AuditFilter{})
	if len(entries) != 1 {
		t.Errorf("audit entries = %d, want 1 (an unchanged apply writes nothing)", len(entries))
	}
}

func TestApplyKeepsSignoffsAndLocksHypothesis(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "a", []model.Pilot{samplePilot()}); err != nil {
		t.Fatal(err)
	}
	edited := samplePilot()
	edited.Signoffs = nil
	edited.Hypothesis.Text = "Cut triage to 6 minutes"
	if _, err := s.ApplyPilots(ctx, "a", []model.Pilot{edited}); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("changing a locked hypothesis without a reason: err = %v", err)
	}
	edited.Hypothesis.Reason = "Baseline re-measured"
	res, err := s.ApplyPilots(ctx, "dana", []model.Pilot{edited})
	if err != nil || len(res.Updated) != 1 {
		t.Fatalf("apply with reason: %v %+v", err, res)
	}
	got, _ := s.Pilot(ctx, "claims-triage")
	if len(got.Signoffs) != 1 {
		t.Errorf("sign-offs = %d, want the recorded one kept", len(got.Signoffs))
	}
	revs := got.Hypothesis.Revisions
	if len(revs) != 1 || revs[0].Text != "Cut triage from 12 to 7 minutes" || revs[0].Reason != "Baseline re-measured" || revs[0].By != "dana" {
		t.Errorf("revisions = %+v", revs)
	}
	if got.Hypothesis.Text != "Cut triage to 6 minutes" {
		t.Errorf("text = %q", got.Hypothesis.Text)
	}
}

// A failing pilot in the middle of a file leaves the database as it was.
func TestApplyIsAllOrNothing(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	a := samplePilot()
	b := samplePilot()
	b.Slug = "second"
	b.Rings = append(b.Rings, model.Ring{Name: "pilot", Status: model.RingPlanned}) // duplicate ring name violates UNIQUE
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{a, b}); err == nil {
		t.Fatal("want an error for the duplicate ring")
	}
	slugs, _ := s.Slugs(ctx)
	if len(slugs) != 0 {
		t.Errorf("slugs = %v, want none", slugs)
	}
	if h, _ := s.HeadHash(ctx); h != genesisHash {
		t.Errorf("audit head moved to %s", h)
	}
}

func TestUpdatePilotAuditsBeforeAndAfter(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{samplePilot()}); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: "ring.status", Summary: "canary activated"}, "claims-triage", func(p *model.Pilot) error {
		p.Rings[1].Status = model.RingActive
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	es, _ := s.Audit(ctx, AuditFilter{Pilot: "claims-triage", Limit: 1})
	if len(es) != 1 || es[0].Action != "ring.status" || es[0].Actor != "lee" {
		t.Fatalf("newest entry = %+v", es)
	}
	if !strings.Contains(es[0].Before, `"planned"`) || !strings.Contains(es[0].After, `"active"`) {
		t.Error("before/after do not show the change")
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name   string
		tamper []string
		bad    int64
		want   string
	}{
		{"intact", nil, 0, ""},
		{"edited after dropping the guard", []string{"DROP TRIGGER audit_no_update", "UPDATE audit SET actor='mallory' WHERE seq=2"}, 2, "edited"},
		{"removed from the middle", []string{"DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq=2"}, 3, "removed"},
		{"guards dropped only", []string{"DROP TRIGGER audit_no_delete"}, 0, "guard"},
		{"rehashed entry", []string{"DROP TRIGGER audit_no_update", "UPDATE audit SET summary='x', hash='" + strings.Repeat("1", 64) + "' WHERE seq=1"}, 1, "edited"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			p := samplePilot()
			if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{p}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				if _, err := s.UpdatePilot(ctx, Change{Actor: "x", Action: "edit", Summary: "edit"}, p.Slug, func(p *model.Pilot) error { p.Name += "!"; return nil }); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range c.tamper {
				if _, err := s.db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK != (c.want == "") || r.FirstBad != c.bad || !strings.Contains(r.Problem, c.want) {
				t.Errorf("report = %+v, want bad=%d problem~%q", r, c.bad, c.want)
			}
		})
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	if _, err := s.ApplyPilots(context.Background(), "x", []model.Pilot{samplePilot()}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit SET actor='m'", "DELETE FROM audit"} {
		if _, err := s.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refusal", q, err)
		}
	}
}

// Weight 0 is a weight, not "unset": it survives the database, while an
// unset weight reads back unset (scored as model.DefaultWeight).
func TestKPIWeightZeroSurvivesTheDatabase(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := samplePilot()
	p.KPIs[0].Weight = new(0.0)
	p.KPIs[0].Confidence = 0.95
	p.KPIs[1].Weight = nil
	if _, err := s.ApplyPilots(ctx, "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pilot(ctx, "claims-triage")
	if err != nil {
		t.Fatal(err)
	}
	if w := got.KPIs[0].Weight; w == nil || *w != 0 {
		t.Errorf("weight 0 read back as %v", w)
	}
	if c := got.KPIs[0].Confidence; c != 0.95 || got.KPIs[1].Confidence != 0 {
		t.Errorf("confidence read back as %v and %v, want 0.95 and 0", c, got.KPIs[1].Confidence)
	}
	if w := got.KPIs[1].Weight; w != nil || got.KPIs[1].EffectiveWeight() != 1 {
		t.Errorf("unset weight read back as %v (effective %v), want unset (1)", w, got.KPIs[1].EffectiveWeight())
	}
}

// enteredFromFile is p as apply records it from a file: its sign-offs
// entered by actor on behalf of the people they name.
func enteredFromFile(p model.Pilot, actor string) model.Pilot {
	p.Signoffs = append([]model.Signoff(nil), p.Signoffs...)
	for i := range p.Signoffs {
		p.Signoffs[i].OnBehalf, p.Signoffs[i].EnteredBy = true, actor
	}
	return p
}

package gates

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"ringside/model"
)

// isolate makes c the only G3 criterion of p: every default is dropped and c added.
func isolate(p *model.Pilot, c model.GateCriterion) {
	g, _ := Default(model.GateG3)
	plan := model.GatePlan{Gate: model.GateG3, Add: []model.GateCriterion{c}}
	for _, d := range g.Criteria {
		plan.Drop = append(plan.Drop, d.ID)
	}
	if old, ok := p.GatePlan(model.GateG3); ok && c.Kind == model.KindManual {
		plan.Ticks = old.Ticks
	}
	p.Gates = []model.GatePlan{plan}
}

func TestEvaluateEachCriterionKind(t *testing.T) {
	t.Parallel()
	kpiAll := model.GateCriterion{ID: "k", Kind: model.KindKPI, Ring: RingPilot, Text: "KPIs pass"}
	kpiOne := model.GateCriterion{ID: "k", Kind: model.KindKPI, KPI: "triage_min", Ring: RingPilot, Text: "Triage passes"}
	sec := model.GateCriterion{ID: "s", Kind: model.KindSignoff, Role: model.RoleSecurity, Text: "Security approved"}
	risk15 := model.GateCriterion{ID: "r", Kind: model.KindRisk, MaxScore: 15, Text: "No critical risk"}
	rb90 := model.GateCriterion{ID: "rb", Kind: model.KindRunbook, RunbookKind: model.RunbookRollback, WithinDays: 90, Text: "Rollback drilled"}
	tick := model.GateCriterion{ID: "g3-works-council", Kind: model.KindManual, Text: "Works council informed"}

	setFact := func(key, status string) func(*model.Pilot, *[]KPIFact) {
		return func(_ *model.Pilot, fs *[]KPIFact) {
			for i := range *fs {
				if (*fs)[i].Key == key {
					(*fs)[i].Status = status
				}
			}
		}
	}
	tests := []struct {
		name     string
		c        model.GateCriterion
		asOf     string
		mod      func(*model.Pilot, *[]KPIFact)
		signHash bool // sign-offs carry the current checklist hash
		status   string
		evidence string // substring
		blocker  string // substring of the one blocker a criterion that is not met causes
	}{
		// kpi
		{name: "kpi all must-meet pass; should-meet csat fail ignored", c: kpiAll, status: Met,
			evidence: "ring pilot: triage_min pass: current 8.1 min vs baseline 12 (-32.5 %), target <= -30%; misroute_pct pass"},
		{name: "kpi one named passes", c: kpiOne, status: Met, evidence: "ring pilot: triage_min pass"},
		{name: "kpi a must-meet warns", c: kpiAll, mod: setFact("misroute_pct", KPIWarn), status: Unmet,
			blocker: "KPIs pass: ring pilot: misroute_pct warn: current 7.6 %"},
		// target met, but the ring's trigger for the KPI fired: not met.
		{name: "kpi passes but its rollback trigger fired", c: kpiOne, mod: func(_ *model.Pilot, fs *[]KPIFact) {
			(*fs)[0].Rollback, (*fs)[0].Trigger = true, "> +5%"
		}, status: Unmet, blocker: "Triage passes: ring pilot: triage_min pass, but its rollback trigger > +5% fired"},
		{name: "kpi a must-meet fails", c: kpiAll, mod: setFact("triage_min", KPIFail), status: Unmet, blocker: "triage_min fail"},
		{name: "kpi no data", c: kpiAll, mod: setFact("triage_min", KPINoData), status: Unknown, blocker: "KPIs pass: ring pilot: triage_min nodata"},
		{name: "kpi fail outranks no data", c: kpiAll, mod: func(p *model.Pilot, fs *[]KPIFact) {
			setFact("triage_min", KPINoData)(p, fs)
			setFact("misroute_pct", KPIFail)(p, fs)
		}, status: Unmet, blocker: "misroute_pct fail"},
		{name: "kpi fact missing counts as no data", c: kpiAll, mod: func(_ *model.Pilot, fs *[]KPIFact) { *fs = (*fs)[1:] },
			status: Unknown, evidence: "triage_min nodata: no measurement"},
		{name: "kpi no must-meet KPI defined", c: kpiAll, mod: func(p *model.Pilot, fs *[]KPIFact) {
			p.KPIs = nil
			*fs = nil
		}, status: Unknown, evidence: "the pilot defines no must-meet KPI"},
		{name: "kpi broad falls back to the last ring", c: model.GateCriterion{ID: "k", Kind: model.KindKPI, Ring: RingBroad, Text: "Broad"},
			mod: func(p *model.Pilot, fs *[]KPIFact) {
				for i := range *fs {
					(*fs)[i].Ring = "canary"
				}
			}, status: Met, evidence: "no ring named broad: judged on canary, the last ring: triage_min pass"},
		{name: "kpi canary falls back to the 2nd ring", c: model.GateCriterion{ID: "k", Kind: model.KindKPI, Ring: RingCanary, Text: "Canary"},
			mod: func(p *model.Pilot, fs *[]KPIFact) {
				p.Rings[1].Name = "wave-2"
			}, status: Unknown, evidence: "no ring named canary: judged on wave-2, the 2nd ring: triage_min nodata"},
		{name: "kpi ring missing altogether", c: model.GateCriterion{ID: "k", Kind: model.KindKPI, Ring: RingCanary, Text: "Canary"},
			mod: func(p *model.Pilot, _ *[]KPIFact) { p.Rings = p.Rings[:1] }, status: Unknown,
			blocker: "Canary: the pilot has no ring named canary and no 2nd ring"},
		{name: "kpi empty ring means most advanced active", c: model.GateCriterion{ID: "k", Kind: model.KindKPI, Text: "Active"},
			status: Met, evidence: "judged on pilot, the most advanced active ring"},

		// signoff
		{name: "signoff missing", c: sec, status: Unknown, blocker: "Security approved: no sign-off yet from security (Lee Park)"},
		{name: "signoff current approval", c: sec, signHash: true, mod: signs(model.DecisionApprove, "2026-02-03T14:05:00Z"),
			status: Met, evidence: `approved by Lee Park 2026-02-03 14:05 UTC, attesting "Data flows reviewed"`},
		{name: "signoff stale approval", c: sec, mod: signs(model.DecisionApprove, "2026-02-03T14:05:00Z"), status: Unknown,
			blocker: "the approval by Lee Park 2026-02-03 14:05 UTC is stale: the checklist changed since it was signed; security must sign again"},
		{name: "signoff reject", c: sec, signHash: true, mod: signs(model.DecisionReject, "2026-02-03T14:05:00Z"), status: Unmet,
			blocker: "security (Lee Park) rejected: DLP not enforced"},
		{name: "signoff stale reject still stands", c: sec, mod: signs(model.DecisionReject, "2026-02-03T14:05:00Z"), status: Unmet,
			evidence: "the rejection stands until security signs again", blocker: "security (Lee Park) rejected: DLP not enforced"},
		{name: "signoff abstain", c: sec, signHash: true, mod: signs(model.DecisionAbstain, "2026-02-03T14:05:00Z"), status: Unmet,
			blocker: "Security approved: security (Lee Park) abstained; the criterion needs an approval"},
		{name: "signoff latest wins: reject then approve", c: sec, signHash: true, mod: func(p *model.Pilot, fs *[]KPIFact) {
			signs(model.DecisionReject, "2026-02-01T09:00:00Z")(p, fs)
			signs(model.DecisionApprove, "2026-02-03T14:05:00Z")(p, fs)
		}, status: Met, evidence: "approved by Lee Park 2026-02-03"},
		{name: "signoff after as-of does not count yet", c: sec, signHash: true, asOf: "2026-02-02",
			mod: signs(model.DecisionApprove, "2026-02-03T14:05:00Z"), status: Unknown, evidence: "no sign-off yet"},
		{name: "signoff for another gate does not count", c: sec, signHash: true, mod: func(p *model.Pilot, fs *[]KPIFact) {
			signs(model.DecisionApprove, "2026-02-03T14:05:00Z")(p, fs)
			p.Signoffs[0].Gate = model.GateG2
		}, status: Unknown, evidence: "no sign-off yet"},

		// risk
		{name: "risk mitigating at the limit: 3×5 = 15 >= 15", c: risk15, status: Unmet,
			blocker: `No critical risk: "PII in email bodies reaches prompts" is mitigating with score 15 (3×5, critical), residual 5 once mitigated, owner Lee Park (limit: below 15)`},
		{name: "risk open at the limit", c: risk15, mod: func(p *model.Pilot, _ *[]KPIFact) { p.Risks[0].Status = model.RiskOpen }, status: Unmet, evidence: "is open with score 15"},
		{name: "risk accepted does not count", c: risk15, mod: func(p *model.Pilot, _ *[]KPIFact) { p.Risks[0].Status = model.RiskAccepted },
			status: Met, evidence: `no open risk scores 15 or more; highest open: "Misrouted urgent claims", score 8`},
		{name: "risk below the limit: 14 < 15", c: risk15, mod: func(p *model.Pilot, _ *[]KPIFact) {
			p.Risks[0].Status = model.RiskClosed
			p.Risks[1].Likelihood, p.Risks[1].Impact = 2, 7 // 14, out of the 1–5 range but the engine only multiplies
		}, status: Met, evidence: "score 14"},
		{name: "risk none open", c: risk15, mod: func(p *model.Pilot, _ *[]KPIFact) { p.Risks = nil }, status: Met, evidence: "no open risk scores 15 or more"},
		{name: "risk several over, worst first", c: model.GateCriterion{ID: "r", Kind: model.KindRisk, MaxScore: 8, Text: "x"}, status: Unmet,
			evidence: `"PII in email bodies reaches prompts" is mitigating with score 15 (3×5, critical), residual 5 once mitigated, owner Lee Park; "Misrouted urgent claims" is open with score 8 (2×4, medium) (limit: below 8)`},

		// runbook: the drill is on 2026-01-20, 26 days before 2026-02-15
		{name: "runbook drilled 26 days ago", c: rb90, status: Met,
			evidence: `"Roll back to manual triage" drilled 2026-01-20 by Sam Okafor, 26 days ago: success, restored in 11 min (target 15)`},
		{name: "runbook drilled exactly 90 days ago: 2026-01-20 + 90 = 2026-04-20", c: rb90, asOf: "2026-04-20", status: Met, evidence: "90 days ago"},
		{name: "runbook drilled 91 days ago", c: rb90, asOf: "2026-04-21", status: Unmet,
			blocker: `Rollback drilled: "Roll back to manual triage" last drilled 2026-01-20, 91 days ago (limit 90)`},
		// 2026-01-02 → 2026-05-22: 29 (rest of Jan) + 28 + 31 + 30 + 22 = 140 days
		{name: "runbook 140 days ago", c: rb90, asOf: "2026-05-22", mod: func(p *model.Pilot, _ *[]KPIFact) {
			p.Runbooks[0].Drills[0].Date = model.MustDate("2026-01-02")
		}, status: Unmet, blocker: "last drilled 2026-01-02, 140 days ago (limit 90)"},
		{name: "runbook never drilled", c: rb90, mod: func(p *model.Pilot, _ *[]KPIFact) { p.Runbooks[0].Drills = nil }, status: Unmet,
			blocker: `Rollback drilled: "Roll back to manual triage" never drilled`},
		{name: "runbook drill after as-of does not count", c: rb90, asOf: "2026-01-19", status: Unmet, evidence: "never drilled"},
		{name: "runbook of that kind missing", c: model.GateCriterion{ID: "rb", Kind: model.KindRunbook, RunbookKind: model.RunbookSupportSOP, WithinDays: 0, Text: "SOP"},
			status: Unmet, blocker: "SOP: no support sop runbook"},
		{name: "runbook latest drill failed", c: rb90, mod: func(p *model.Pilot, _ *[]KPIFact) {
			p.Runbooks[0].Drills = append(p.Runbooks[0].Drills, model.Drill{Date: model.MustDate("2026-02-10"), Outcome: model.DrillFailed, RestoreMin: 40})
		}, status: Unmet, blocker: `the latest drill of "Roll back to manual triage", on 2026-02-10, failed`},
		{name: "runbook exists (within 0 days)", c: model.GateCriterion{ID: "rb", Kind: model.KindRunbook, RunbookKind: model.RunbookRollback, Text: "exists"},
			mod: func(p *model.Pilot, _ *[]KPIFact) { p.Runbooks[0].Drills = nil }, status: Met, evidence: `"Roll back to manual triage" exists`},

		// manual
		{name: "manual ticked", c: tick, status: Met, evidence: "Minutes 2026-02-01 (ticked by Dana Ruiz, 2026-02-02 10:00 UTC)"},
		{name: "manual not ticked", c: tick, mod: func(p *model.Pilot, _ *[]KPIFact) { p.Gates[0].Ticks = nil }, status: Unknown,
			blocker: "Works council informed: nobody has ticked it yet"},
		{name: "manual ticked after as-of", c: tick, asOf: "2026-02-01", status: Unknown, evidence: "not ticked yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := claimsTriage()
			facts := claimsFacts()
			isolate(p, tt.c)
			if tt.mod != nil {
				tt.mod(p, &facts)
			}
			day := asOf
			if tt.asOf != "" {
				day = model.MustDate(tt.asOf)
			}
			in := Input{Pilot: p, Gate: model.GateG3, AsOf: day, KPIs: facts}
			if tt.signHash {
				r, err := Evaluate(in)
				if err != nil {
					t.Fatal(err)
				}
				for i := range p.Signoffs {
					p.Signoffs[i].ChecklistHash = r.ChecklistHash
				}
			}
			r, err := Evaluate(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Criteria) != 1 {
				t.Fatalf("got %d criteria, want 1", len(r.Criteria))
			}
			got := r.Criteria[0]
			if got.Status != tt.status {
				t.Errorf("status = %s, want %s (evidence %q)", got.Status, tt.status, got.Evidence)
			}
			if !strings.Contains(got.Evidence, tt.evidence) {
				t.Errorf("evidence = %q\nwant it to contain %q", got.Evidence, tt.evidence)
			}
			// A met criterion blocks nothing; any other blocks exactly once.
			if tt.status == Met {
				if len(r.Blockers) != 0 {
					t.Errorf("blockers = %q, want none", r.Blockers)
				}
			} else if len(r.Blockers) != 1 || !strings.Contains(r.Blockers[0], tt.blocker) {
				t.Errorf("blockers = %q\nwant one containing %q", r.Blockers, tt.blocker)
			}
			if r.Ready != (tt.status == Met) {
				t.Errorf("ready = %v with the only criterion %s", r.Ready, tt.status)
			}
		})
	}
}

// signs appends a security sign-off with the given decision and time.
func signs(d model.Decision, when string) func(*model.Pilot, *[]KPIFact) {
	return func(p *model.Pilot, _ *[]KPIFact) {
		p.Signoffs = append(p.Signoffs, model.Signoff{
			Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park", Decision: d,
			Meaning: "Data flows reviewed", Comment: "DLP not enforced", At: at(when), ChecklistHash: "0ld",
		})
	}
}

func TestEvaluateClaimsTriageG3(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	in := Input{Pilot: p, Gate: model.GateG3, AsOf: asOf, KPIs: claimsFacts()}
	first, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	p.Signoffs = []model.Signoff{
		{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz", Decision: model.DecisionApprove,
			Meaning: "Outcome verified", At: at("2026-02-03T14:05:00Z"), ChecklistHash: first.ChecklistHash},
		{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park", Decision: model.DecisionApprove,
			Meaning: "Data flows reviewed", At: at("2026-01-30T09:00:00Z"), ChecklistHash: "an-earlier-checklist"},
	}
	r, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"g3-kpis-pilot": Met, "g3-po-approved": Met, "g3-security-approved": Unknown, "g3-legal-approved": Waived,
		"g3-no-critical-risk": Unmet, "g3-rollback-drilled": Met, "g3-works-council": Met,
	}
	for _, c := range r.Criteria {
		if want[c.ID] != c.Status {
			t.Errorf("%s = %s, want %s (%s)", c.ID, c.Status, want[c.ID], c.Evidence)
		}
	}
	if len(r.Criteria) != len(want) {
		t.Errorf("%d criteria, want %d", len(r.Criteria), len(want))
	}
	// 7 criteria − 1 waived = 6 counted; met: kpis, po, rollback, works council = 4; 4 ÷ 6 = 0.6667
	if r.Share != 0.6667 {
		t.Errorf("share = %v, want 0.6667", r.Share)
	}
	if r.Ready || len(r.Blockers) != 2 {
		t.Errorf("ready = %v, blockers = %q; want not ready with 2 blockers (stale security, PII risk)", r.Ready, r.Blockers)
	}
	legal := r.Criteria[3]
	if legal.Waiver == nil || legal.Waiver.Role != "security" || legal.Evidence != "waived by security: No personal data leaves the tenant" {
		t.Errorf("legal waiver = %+v, evidence %q", legal.Waiver, legal.Evidence)
	}
	if r.Pilot != "claims-triage" || r.Gate != "G3" || r.GateName != "pilot exit" || r.AsOf != "2026-02-15" {
		t.Errorf("header = %s %s %q %s", r.Pilot, r.Gate, r.GateName, r.AsOf)
	}
	if len(r.Signoffs) != 2 || r.Signoffs[0].Role != "product_owner" || r.Signoffs[0].Stale || !r.Signoffs[1].Stale || r.Signoffs[0].At != "2026-02-03T14:05:00Z" {
		t.Errorf("signoffs = %+v", r.Signoffs)
	}
}

func TestSignoffGoesStaleWhenTheChecklistChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		mod   func(*model.Pilot, []KPIFact) []KPIFact
		stale bool
	}{
		{"nothing changes", nil, false},
		{"KPI figures move, verdicts hold", func(_ *model.Pilot, fs []KPIFact) []KPIFact {
			fs[0].Evidence = "current 7.9 min vs baseline 12 (-34.2 %), target <= -30%"
			return fs
		}, false},
		{"drill ages a day", nil, false}, // as-of moves below
		{"a verdict changes: the PII risk is closed", func(p *model.Pilot, fs []KPIFact) []KPIFact {
			p.Risks[0].Status = model.RiskClosed
			return fs
		}, true},
		{"a KPI starts failing", func(_ *model.Pilot, fs []KPIFact) []KPIFact {
			fs[1].Status = KPIFail
			return fs
		}, true},
		{"a criterion is added", func(p *model.Pilot, fs []KPIFact) []KPIFact {
			p.Gates[0].Add = append(p.Gates[0].Add, model.GateCriterion{ID: "g3-dpia", Kind: model.KindManual, Text: "DPIA filed"})
			return fs
		}, true},
		{"a criterion's text is reworded", func(p *model.Pilot, fs []KPIFact) []KPIFact {
			p.Gates[0].Add[0].Text = "Works council consulted"
			return fs
		}, true},
		{"a waiver's reason changes", func(p *model.Pilot, fs []KPIFact) []KPIFact {
			p.Gates[0].Waivers[0].Reason = "Legal is on holiday"
			return fs
		}, true},
		{"another role signs", func(p *model.Pilot, fs []KPIFact) []KPIFact {
			p.Signoffs = append(p.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park",
				Decision: model.DecisionApprove, At: at("2026-02-04T10:00:00Z"), ChecklistHash: "x"})
			return fs
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := claimsTriage()
			facts := claimsFacts()
			in := Input{Pilot: p, Gate: model.GateG3, AsOf: asOf, KPIs: facts}
			r, err := Evaluate(in)
			if err != nil {
				t.Fatal(err)
			}
			p.Signoffs = []model.Signoff{{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz",
				Decision: model.DecisionApprove, At: at("2026-02-03T14:05:00Z"), ChecklistHash: r.ChecklistHash}}
			if tt.mod != nil {
				in.KPIs = tt.mod(p, facts)
			}
			in.AsOf = asOf.AddDays(1)
			r, err = Evaluate(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Signoffs[0].Stale != tt.stale {
				t.Errorf("stale = %v, want %v", r.Signoffs[0].Stale, tt.stale)
			}
			wantStatus := Met
			if tt.stale {
				wantStatus = Unknown
			}
			if po := r.Criteria[1]; po.ID != "g3-po-approved" || po.Status != wantStatus {
				t.Errorf("%s = %s, want %s (%s)", po.ID, po.Status, wantStatus, po.Evidence)
			}
		})
	}
}

func TestRejectBlocksGo(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	isolate(p, model.GateCriterion{ID: "g3-works-council", Kind: model.KindManual, Text: "Works council informed"})
	in := Input{Pilot: p, Gate: model.GateG3, AsOf: asOf}
	r, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Ready || CanGo(r) != nil || r.Share != 1 {
		t.Fatalf("without sign-offs: ready %v, share %v, CanGo %v; want ready, 1, nil", r.Ready, r.Share, CanGo(r))
	}
	// Legal has no criterion in this gate; its reject still blocks, once.
	p.Signoffs = []model.Signoff{{Gate: model.GateG3, Role: model.RoleLegal, Person: "Ola Berg", Decision: model.DecisionReject,
		Comment: "Contract clause 7 unresolved", At: at("2026-02-03T14:05:00Z"), ChecklistHash: r.ChecklistHash}}
	r, err = Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ready {
		t.Error("ready despite a reject")
	}
	if len(r.Blockers) != 1 || r.Blockers[0] != "legal (Ola Berg) rejected: Contract clause 7 unresolved" {
		t.Errorf("blockers = %q", r.Blockers)
	}
	err = CanGo(r)
	if err == nil || !strings.Contains(err.Error(), "rejected by legal (Ola Berg)") {
		t.Errorf("CanGo = %v, want it to name legal (Ola Berg)", err)
	}
	// A later approval by the same role replaces the reject.
	p.Signoffs = append(p.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleLegal, Person: "Ola Berg",
		Decision: model.DecisionApprove, At: at("2026-02-05T08:00:00Z"), ChecklistHash: r.ChecklistHash})
	r, _ = Evaluate(in)
	if !r.Ready || CanGo(r) != nil {
		t.Errorf("after re-approval: ready %v, CanGo %v", r.Ready, CanGo(r))
	}
}

func TestRejectOnAWaivedSignoffStillBlocks(t *testing.T) {
	t.Parallel()
	p := claimsTriage() // g3-legal-approved is waived
	p.Signoffs = []model.Signoff{{Gate: model.GateG3, Role: model.RoleLegal, Person: "Ola Berg", Decision: model.DecisionReject, At: at("2026-02-03T14:05:00Z")}}
	r, err := Evaluate(Input{Pilot: p, Gate: model.GateG3, AsOf: asOf, KPIs: claimsFacts()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Criteria[3].Status != Waived {
		t.Fatalf("legal criterion = %s, want waived", r.Criteria[3].Status)
	}
	last := r.Blockers[len(r.Blockers)-1]
	if r.Ready || last != "legal (Ola Berg) rejected the checklist" {
		t.Errorf("ready %v, last blocker %q", r.Ready, last)
	}
}

func TestEverythingWaivedIsReady(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	p.Gates = []model.GatePlan{{Gate: model.GateG1}}
	g, _ := Default(model.GateG1)
	for _, c := range g.Criteria {
		p.Gates[0].Waivers = append(p.Gates[0].Waivers, model.Waiver{Criterion: c.ID, Reason: "fast track", Role: model.RoleProductOwner})
	}
	r, err := Evaluate(Input{Pilot: p, Gate: model.GateG1, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	// 6 criteria − 6 waived = 0 counted: nothing left to meet, share 1.
	if !r.Ready || r.Share != 1 || len(r.Blockers) != 0 {
		t.Errorf("ready %v, share %v, blockers %q", r.Ready, r.Share, r.Blockers)
	}
}

func TestEvaluateRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"no pilot", Input{Gate: model.GateG3, AsOf: asOf}, "no pilot"},
		{"no day", Input{Pilot: claimsTriage(), Gate: model.GateG3}, "no evaluation day"},
		{"unknown gate", Input{Pilot: claimsTriage(), Gate: "g3", AsOf: asOf}, `unknown gate "g3"`},
	}
	for _, tt := range tests {
		if _, err := Evaluate(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestHashWhenSigned: judged without the checklist hash (the dashboard's
// guards), a gate gives the same verdicts, blockers and share as judged
// with it; the hash is left out only while the gate has no sign-off, since
// a sign-off's staleness is judged against it.
func TestHashWhenSigned(t *testing.T) {
	t.Parallel()
	asOf := model.MustDate("2026-02-10")
	for _, signed := range []bool{false, true} {
		p := claimsTriage()
		p.Signoffs = nil
		if signed {
			signs(model.DecisionApprove, "2026-02-04T10:00:00Z")(p, nil)
		}
		full, err := Evaluate(Input{Pilot: p, Gate: model.GateG3, AsOf: asOf, KPIs: claimsFacts()})
		if err != nil {
			t.Fatal(err)
		}
		light, err := Evaluate(Input{Pilot: p, Gate: model.GateG3, AsOf: asOf, KPIs: claimsFacts(), HashWhenSigned: true})
		if err != nil {
			t.Fatal(err)
		}
		if signed != (len(full.Signoffs) > 0) {
			t.Fatalf("signed=%v: the fixture has %d sign-offs on G3", signed, len(full.Signoffs))
		}
		if signed && light.ChecklistHash != full.ChecklistHash || !signed && light.ChecklistHash != "" || full.ChecklistHash == "" {
			t.Errorf("signed=%v: hash %q without, %q with", signed, light.ChecklistHash, full.ChecklistHash)
		}
		light.ChecklistHash = full.ChecklistHash
		if !reflect.DeepEqual(light, full) {
			t.Errorf("signed=%v: verdicts differ:\n%+v\n%+v", signed, light, full)
		}
	}
}

// TestDimensionsJudgeOnlyThoseCriteria: PRG judged for the guard
// dimensions lists exactly the full judgement's criteria of those
// dimensions, with the same verdicts, whether or not a sign-off makes the
// hash necessary (then every criterion is judged and the rest dropped).
// The guard criteria are counted from the full judgement; at least one of
// them must be a sign-off (prg-security-approved), so staleness is tested.
func TestDimensionsJudgeOnlyThoseCriteria(t *testing.T) {
	asOf := model.MustDate("2026-02-10")
	for _, signed := range []bool{false, true} {
		p := claimsTriage()
		p.Signoffs = nil
		if signed { // a security approval against an older checklist: stale
			p.Signoffs = []model.Signoff{{Gate: model.GatePRG, Role: model.RoleSecurity, Person: "Lee Park", Decision: model.DecisionApprove,
				Meaning: "Reviewed", At: at("2026-02-04T10:00:00Z"), ChecklistHash: "0ld"}}
		}
		full, err := Evaluate(Input{Pilot: p, Gate: model.GatePRG, AsOf: asOf, KPIs: claimsFacts(), HashWhenSigned: true})
		if err != nil {
			t.Fatal(err)
		}
		part, err := Evaluate(Input{Pilot: p, Gate: model.GatePRG, AsOf: asOf, KPIs: claimsFacts(), HashWhenSigned: true, Dimensions: GuardDimensions})
		if err != nil {
			t.Fatal(err)
		}
		var want []CriterionResult
		signoffs := 0
		for _, c := range full.Criteria {
			if slices.Contains(GuardDimensions, c.Dimension) {
				want = append(want, c)
				if c.Kind == string(model.KindSignoff) {
					signoffs++
				}
			}
		}
		if len(want) == 0 || len(want) == len(full.Criteria) || signoffs == 0 {
			t.Fatalf("signed=%v: the fixture's PRG has %d criteria, %d in the guard dimensions (%d sign-offs): not a test", signed, len(full.Criteria), len(want), signoffs)
		}
		if !reflect.DeepEqual(part.Criteria, want) {
			t.Errorf("signed=%v: criteria\n%+v\nwant\n%+v", signed, part.Criteria, want)
		}
		if !reflect.DeepEqual(part.Signoffs, full.Signoffs) || part.ChecklistHash != full.ChecklistHash {
			t.Errorf("signed=%v: sign-offs %+v hash %q, want %+v %q", signed, part.Signoffs, part.ChecklistHash, full.Signoffs, full.ChecklistHash)
		}
		if signed && (len(part.Signoffs) != 1 || !part.Signoffs[0].Stale) {
			t.Errorf("signed: the approval against an old checklist is not stale: %+v", part.Signoffs)
		}
	}
}

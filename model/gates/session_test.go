package gates

import (
	"strings"
	"testing"
	"time"

	"ringside/model"
)

func TestMeetingFindsTheReviewToResume(t *testing.T) {
	t.Parallel()
	day, yesterday := model.MustDate("2026-11-20"), model.MustDate("2026-11-19")
	cases := []struct {
		name        string
		reviews     []model.GateReview
		wantDate    model.Date
		wantResumed bool
		wantNotes   int
	}{
		{"no review: a new meeting today", nil, day, false, 0},
		{"an undecided one from yesterday resumes", []model.GateReview{{Gate: "G3", Date: yesterday, Notes: map[string]string{"a": "x"}}}, yesterday, true, 1},
		{"today's decided one shows again", []model.GateReview{{Gate: "G3", Date: day, Decision: "go"}}, day, true, 0},
		{"yesterday's decided one: a new meeting", []model.GateReview{{Gate: "G3", Date: yesterday, Decision: "hold"}}, day, false, 0},
		{"another gate's review is not this meeting", []model.GateReview{{Gate: "G2", Date: day}}, day, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &model.Pilot{Slug: "p", Reviews: c.reviews}
			rv, resumed := Meeting(p, "G3", day)
			if rv.Gate != "G3" || rv.Date != c.wantDate || resumed != c.wantResumed || len(rv.Notes) != c.wantNotes {
				t.Errorf("Meeting = %+v resumed %v", rv, resumed)
			}
			if resumed && rv.Notes != nil {
				rv.Notes["b"] = "changed"
				if len(c.reviews[0].Notes) != c.wantNotes {
					t.Error("the meeting shares its notes with the pilot")
				}
			}
		})
	}
}

func TestEditMeeting(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-20")
	p := &model.Pilot{Slug: "p"}
	add := func(r *model.GateReview) error { r.Attendees = append(r.Attendees, "Dana"); return nil }
	if err := EditMeeting(p, "G3", day, add); err != nil || len(p.Reviews) != 1 {
		t.Fatalf("first step: %v %+v", err, p.Reviews)
	}
	if err := EditMeeting(p, "G3", day, add); err != nil || len(p.Reviews) != 1 || len(p.Reviews[0].Attendees) != 2 {
		t.Fatalf("second step edits the same record: %v %+v", err, p.Reviews)
	}
	p.Reviews[0].Decision = model.ReviewGo
	if err := EditMeeting(p, "G3", day, add); err == nil || !strings.Contains(err.Error(), "decided") {
		t.Errorf("editing a decided review: %v", err)
	}
}

func TestWaiveAndTick(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	// g3-no-critical-risk is a default criterion of G3 that the fixture does not waive.
	if err := Waive(p, "G3", "g3-no-critical-risk", " Residual 5 once DLP is on ", model.RoleSecurity); err != nil {
		t.Fatal(err)
	}
	plan, _ := p.GatePlan("G3")
	if w, ok := waiverOf(plan, "g3-no-critical-risk"); !ok || w.Reason != "Residual 5 once DLP is on" || w.Role != model.RoleSecurity {
		t.Errorf("waiver = %+v %v", w, ok)
	}
	for _, c := range []struct {
		criterion, reason string
		role              model.Role
		want              string
	}{
		{"g3-no-critical-risk", "again", model.RoleSecurity, "already waived"},
		{"g3-kpis-pilot", " ", model.RoleSecurity, "needs a reason"},
		{"g3-kpis-pilot", "ok", "cfo", `unknown role "cfo"`},
		{"g3-nope", "ok", model.RoleSecurity, `unknown criterion "g3-nope"`},
	} {
		q := claimsTriage()
		Waive(q, "G3", "g3-no-critical-risk", "first", model.RoleSecurity)
		if err := Waive(q, "G3", c.criterion, c.reason, c.role); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Waive(%s, %q, %s) = %v, want %q", c.criterion, c.reason, c.role, err, c.want)
		}
	}

	at := time.Date(2026, 2, 10, 9, 30, 15, 500, time.UTC)
	if err := Tick(p, "G3", "g3-works-council", "Dana Ruiz", "Minutes of 2026-02-09", at); err != nil {
		t.Fatal(err)
	}
	plan, _ = p.GatePlan("G3")
	last := plan.Ticks[len(plan.Ticks)-1]
	if last.Criterion != "g3-works-council" || last.By != "Dana Ruiz" || !last.At.Equal(at.Truncate(time.Second)) {
		t.Errorf("tick = %+v", last)
	}
	if err := Tick(p, "G3", "g3-kpis-pilot", "Dana", "x", at); err == nil || !strings.Contains(err.Error(), "only manual") {
		t.Errorf("ticking a kpi criterion: %v", err)
	}
	if err := Tick(p, "G3", "g3-works-council", "Dana", " ", at); err == nil || !strings.Contains(err.Error(), "evidence") {
		t.Errorf("a tick without evidence: %v", err)
	}
}

func TestResumeAt(t *testing.T) {
	t.Parallel()
	cs := []CriterionResult{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	for _, c := range []struct {
		notes map[string]string
		want  int
	}{
		{nil, 0},
		{map[string]string{"a": "x"}, 1},
		{map[string]string{"a": "x", "b": "y"}, 2},
		{map[string]string{"b": "y"}, 2}, // a skipped criterion does not pull the agenda back
		{map[string]string{"c": "z"}, 3}, // every criterion discussed
		{map[string]string{"gone": "z"}, 0},
	} {
		if got := ResumeAt(model.GateReview{Notes: c.notes}, cs); got != c.want {
			t.Errorf("ResumeAt(%v) = %d, want %d", c.notes, got, c.want)
		}
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	p := claimsTriage()
	r, err := Evaluate(Input{Pilot: p, Gate: "G3", AsOf: asOf, KPIs: claimsFacts()})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 2, 14, 16, 0, 0, 999, time.FixedZone("CET", 3600))
	so, err := Sign(p, r, model.RoleSecurity, model.DecisionApprove, "Security controls verified", "", "Lee Park", at)
	if err != nil {
		t.Fatal(err)
	}
	if so.ChecklistHash != r.ChecklistHash || so.OnBehalf || so.Gate != "G3" || so.At != time.Date(2026, 2, 14, 15, 0, 0, 0, time.UTC) {
		t.Errorf("owner's signature = %+v", so)
	}
	so, _ = Sign(p, r, model.RoleSecurity, model.DecisionReject, "Not yet", "", "Kim Weber", at)
	if !so.OnBehalf {
		t.Error("a signature by someone other than the named owner is not marked on behalf")
	}
	so, _ = Sign(p, r, model.RoleSupport, model.DecisionAbstain, "No view", "", "Ana Lima", at) // nobody named as support
	if !so.OnBehalf {
		t.Error("a signature for a role with no named owner is not marked on behalf")
	}
	for _, c := range []struct {
		role            model.Role
		decision        model.Decision
		meaning, person string
		want            string
	}{
		{"cfo", "approve", "ok", "Lee", `unknown role "cfo"`},
		{"security", "maybe", "ok", "Lee", `unknown decision "maybe"`},
		{"security", "approve", " ", "Lee", "meaning"},
		{"security", "approve", "ok", "", "name the person"},
	} {
		if _, err := Sign(p, r, c.role, c.decision, c.meaning, "", c.person, at); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Sign(%s, %s, %q, %q) = %v, want %q", c.role, c.decision, c.meaning, c.person, err, c.want)
		}
	}
}

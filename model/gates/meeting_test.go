package gates

import (
	"strings"
	"testing"

	"ringside/model"
)

func TestRecordReview(t *testing.T) {
	t.Parallel()
	day := model.MustDate("2026-11-20")
	approve := Readiness{Gate: "G3", Signoffs: []SignoffResult{{Role: "security", Person: "Lee Park", Decision: "approve"}}}
	reject := Readiness{Gate: "G3", Signoffs: []SignoffResult{{Role: "security", Person: "Lee Park", Decision: "reject"}}}
	cases := []struct {
		name      string
		stage     model.Stage
		review    model.GateReview
		readiness Readiness
		wantStage model.Stage
		wantMoved model.Stage
		wantErr   string
	}{
		{"go on the stage's own gate advances", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "go"}, approve, model.StageHardening, model.StageHardening, ""},
		{"conditional advances too", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "conditional", Conditions: []string{"DLP first"}}, approve, model.StageHardening, model.StageHardening, ""},
		{"hold keeps the stage", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "hold"}, approve, model.StagePilot, "", ""},
		{"kill stops the pilot", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "kill"}, approve, model.StageStopped, model.StageStopped, ""},
		{"go on an earlier gate never skips a stage", model.StageHardening, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "go"}, approve, model.StageHardening, "", ""},
		{"a reject blocks go", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "go"}, reject, model.StagePilot, "", "rejected by security (Lee Park)"},
		{"a reject does not block hold", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "hold"}, reject, model.StagePilot, "", ""},
		{"attendees are required", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Decision: "go"}, approve, model.StagePilot, "", "attendees"},
		{"unknown decision", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "maybe"}, approve, model.StagePilot, "", `unknown decision "maybe"`},
		{"action needs who", model.StagePilot, model.GateReview{Gate: "G3", Date: day, Attendees: []string{"Dana"}, Decision: "hold", Actions: []model.ActionItem{{What: "x"}}}, approve, model.StagePilot, "", "action 1 needs what and who"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &model.Pilot{Slug: "p", Stage: c.stage}
			moved, err := RecordReview(p, c.review, c.readiness)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				if len(p.Reviews) != 0 || p.Stage != c.stage {
					t.Error("a refused review changed the pilot")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Stage != c.wantStage || moved != c.wantMoved {
				t.Errorf("stage %s moved %q, want %s %q", p.Stage, moved, c.wantStage, c.wantMoved)
			}
			if len(p.Reviews) != 1 || LatestReview(p, "G3") == nil {
				t.Errorf("reviews = %+v", p.Reviews)
			}
		})
	}
}

func TestRecordReviewReplacesSameDay(t *testing.T) {
	t.Parallel()
	p := &model.Pilot{Slug: "p", Stage: model.StageIdea}
	day := model.MustDate("2026-11-20")
	RecordReview(p, model.GateReview{Gate: "G1", Date: day, Attendees: []string{"A"}, Decision: "hold"}, Readiness{})
	RecordReview(p, model.GateReview{Gate: "G1", Date: day, Attendees: []string{"A"}, Decision: "go"}, Readiness{})
	if len(p.Reviews) != 1 || p.Reviews[0].Decision != "go" || p.Stage != model.StageMVP {
		t.Errorf("reviews %+v stage %s", p.Reviews, p.Stage)
	}
}

package triage

import (
	"reflect"
	"testing"

	"ringside/model"
)

func TestOverdueMilestones(t *testing.T) {
	t.Parallel()
	plan := []model.Milestone{
		// due 2026-11-01, as of 2026-11-20: 20 − 1 = 19 days overdue
		{What: "Retire the macro", Owner: "Sam", Due: model.MustDate("2026-11-01"), Bucket: 60},
		{What: "Train clerks", Due: model.MustDate("2026-10-01"), Done: model.MustDate("2026-10-03"), Bucket: 30},
		{What: "Due today is not late", Due: asOf},
		// 2026-10-21 → 2026-11-20: 10 + 20 = 30 days
		{What: "Supplier review", Due: model.MustDate("2026-10-21")},
	}
	f := with(func(f *Facts) { f.Pilot.Plan = plan })
	want := []Flag{{KindOverdueMilestones, []string{
		`milestone "Supplier review" was due 2026-10-21, 30 days ago, and is not done`,
		`milestone "Retire the macro" (60-day) was due 2026-11-01, 19 days ago, and is not done; owner Sam`,
	}}}
	if got := Classify(f, Options{}); !reflect.DeepEqual(got, want) {
		t.Errorf("Classify =\n%#v\nwant\n%#v", got, want)
	}
	f.Pilot.Plan = plan[1:3]
	if got := Classify(f, Options{}); got != nil {
		t.Errorf("done and due-today milestones flagged: %#v", got)
	}
}

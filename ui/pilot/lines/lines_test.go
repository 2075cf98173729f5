package lines

import (
	"strings"
	"testing"

	"ringside/model"
	"ringside/model/assess"
	"ringside/themes"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// Two long conditions and an action wrapped at 80 columns read as two
// conditions and one action: the label is on each item's first line only,
// and the lines it wraps onto line up under the text.
func TestOverviewWrapsUnderItsLabel(t *testing.T) {
	c := &common.Common{Keys: common.DefaultKeys()}
	c.ApplyTheme(themes.NoColor())
	demoAsOf := model.MustDate("2026-11-20")
	long := "the data-loss-prevention policy is enforced on every mailbox the assistant reads before the canary ring widens"
	d := &Data{In: assess.Input{AsOf: demoAsOf, Pilot: &model.Pilot{Slug: "p", Name: "P", Stage: model.StagePilot,
		Reviews: []model.GateReview{{Gate: "G3", Date: demoAsOf, Decision: "go",
			Conditions: []string{long, "legal signs the retention note " + long},
			Actions:    []model.ActionItem{{What: "Enforce DLP on " + long, Who: "Lee Park"}}}}}}}
	lines := Overview(c, d, 78)
	count := func(label string) int {
		n := 0
		for _, l := range lines {
			n += strings.Count(l, label)
		}
		return n
	}
	if n := count("condition:"); n != 2 {
		t.Errorf("%d lines say condition:, want 2 (one per condition):\n%s", n, strings.Join(lines, "\n"))
	}
	if n := count("action:"); n != 1 {
		t.Errorf("%d lines say action:, want 1:\n%s", n, strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		if strings.Contains(l, "condition:") && i+1 < len(lines) && !strings.HasPrefix(lines[i+1], strings.Repeat(" ", len("      condition: "))) &&
			!strings.Contains(lines[i+1], "condition:") && !strings.Contains(lines[i+1], "action:") {
			t.Errorf("a wrapped condition's next line %q does not line up under its text", lines[i+1])
		}
		if len(l) > 0 && widgets.Width(l) > 78 {
			t.Errorf("line %d is wider than 78: %q", i, l)
		}
	}
}

// The Runbooks tab's drill log shows the note typed on a step during the
// drill, under that step, wrapped under its label (it showed the steps'
// times and not their notes).
func TestDrillLogShowsStepNotes(t *testing.T) {
	c := &common.Common{Keys: common.DefaultKeys()}
	c.ApplyTheme(themes.NoColor())
	day := model.MustDate("2026-11-20")
	long := "drafts list would not load; the flag console timed out twice and we went to the database by hand, which took most of the time"
	d := &Data{In: assess.Input{AsOf: day, Pilot: &model.Pilot{Slug: "p", Name: "P", Stage: model.StagePilot,
		Runbooks: []model.Runbook{{Title: "Turn off drafting", Body: "1. switch it off", TargetRestoreMin: 15, Drills: []model.Drill{{
			Date: day, By: "test", Outcome: model.DrillPartial, RestoreMin: 12.3, Steps: []model.DrillStep{
				{Step: "Switch off", Done: true, AtSec: 45},
				{Step: "Unpublish drafts", AtSec: 195, Note: long},
			}}}}}}}}
	lines := Runbooks(c, d, 78)
	text := strings.Join(lines, "\n")
	step := -1
	for i, l := range lines {
		if strings.Contains(l, "Unpublish drafts") {
			step = i
		}
		if step >= 0 && i > step && widgets.Width(l) > 78 {
			t.Errorf("note line %d is wider than 78: %q", i, l)
		}
	}
	if step < 0 || step+1 >= len(lines) || !strings.Contains(lines[step+1], "note: drafts list would not load") {
		t.Fatalf("the drill log does not show the step's note under it:\n%s", text)
	}
	if strings.Count(text, "note:") != 1 || !strings.Contains(strings.Join(strings.Fields(text), " "), "which took most of the time") {
		t.Errorf("the note is not there whole, once:\n%s", text)
	}
}

package pilot

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
	d := &pilotData{in: assess.Input{AsOf: demoAsOf, Pilot: &model.Pilot{Slug: "p", Name: "P", Stage: model.StagePilot,
		Reviews: []model.GateReview{{Gate: "G3", Date: demoAsOf, Decision: "go",
			Conditions: []string{long, "legal signs the retention note " + long},
			Actions:    []model.ActionItem{{What: "Enforce DLP on " + long, Who: "Lee Park"}}}}}}}
	lines := overviewLines(c, d, 78)
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

func TestCountAgrees(t *testing.T) {
	for _, tt := range []struct {
		n          int
		noun, want string
	}{{1, "risk", "1 risk"}, {2, "risk", "2 risks"}, {0, "risk", "0 risks"}, {1, "entry", "1 entry"}, {3, "entry", "3 entries"},
		{1, "person", "1 person"}, {40, "person", "40 people"}, {1, "day", "1 day"}, {2, "day", "2 days"}, {2, "criterion", "2 criteria"}} {
		if got := common.Count(tt.n, tt.noun); got != tt.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

package model

import (
	"math"
	"strings"
)

// WholeRunbook is the one step of a runbook whose body numbers none.
const WholeRunbook = "Whole runbook"

// RunbookSteps lists the numbered steps of a runbook's Markdown body, in
// order: lines like "1. Disable the flag" or "2) Re-point the mailbox"
// (any number, any indent). An indented line under a step continues it.
// A body that numbers no step is one step, WholeRunbook.
func RunbookSteps(body string) []string {
	var steps []string
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if text, ok := numberedItem(line); ok {
			steps = append(steps, text)
			continue
		}
		trimmed := strings.TrimSpace(line)
		if len(steps) > 0 && trimmed != "" && line != trimmed && (line[0] == ' ' || line[0] == '\t') {
			steps[len(steps)-1] += " " + trimmed
		}
	}
	if len(steps) == 0 {
		return []string{WholeRunbook}
	}
	return steps
}

// numberedItem reads "  12. text" or "3) text" and returns the text.
func numberedItem(line string) (string, bool) {
	s := strings.TrimLeft(line, " \t")
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
		return "", false
	}
	text := strings.TrimSpace(s[i+1:])
	return text, text != ""
}

// RestoreMinutes is a timed drill's time to restore: when its last step
// was marked, in minutes to one decimal (0 for a drill with no steps).
func RestoreMinutes(steps []DrillStep) float64 {
	if len(steps) == 0 {
		return 0
	}
	return math.Round(steps[len(steps)-1].AtSec/6) / 10
}

// SuggestedOutcome judges a timed drill; the person running it may
// overrule it before saving:
//   - success: every step done, restored within the target (or no target);
//   - partial: the last step done (service restored), but over the target
//     or with a step that failed on the way;
//   - failed: the last step failed, so service was not restored, or no step.
func SuggestedOutcome(steps []DrillStep, restoreMin, targetMin float64) DrillOutcome {
	if len(steps) == 0 || !steps[len(steps)-1].Done {
		return DrillFailed
	}
	for _, s := range steps {
		if !s.Done {
			return DrillPartial
		}
	}
	if targetMin > 0 && restoreMin > targetMin {
		return DrillPartial
	}
	return DrillSuccess
}

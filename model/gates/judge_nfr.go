package gates

import (
	"fmt"
	"slices"
	"strings"

	"ringside/model"
)

// nfr builds a default criterion of kind nfr.
func nfr(id, text string, cats ...model.NFRCategory) model.GateCriterion {
	return model.GateCriterion{ID: id, Kind: model.KindNFR, Text: text, Categories: cats}
}

// judgeNFR: met when every NFR of the criterion's categories is verified or
// waived; unmet while one is open or failed (the evidence lists them);
// unknown when the pilot records no NFR of those categories.
func judgeNFR(p *model.Pilot, c model.GateCriterion) verdict {
	cats := make([]string, len(c.Categories))
	for i, x := range c.Categories {
		cats[i] = strings.ReplaceAll(string(x), "_", " ")
	}
	scope := strings.Join(cats, ", ")
	var settled, pending []string
	for _, n := range p.NFRs {
		if !slices.Contains(c.Categories, n.Category) {
			continue
		}
		if n.Settled() {
			s := fmt.Sprintf("%s %q %s", n.Category, n.Requirement, n.Status)
			if n.Evidence != "" {
				s += " (" + n.Evidence + ")"
			}
			settled = append(settled, s)
			continue
		}
		s := fmt.Sprintf("%s %q is %s", n.Category, n.Requirement, n.Status)
		if n.Verification != "" {
			s += ", to be verified by " + n.Verification
		}
		pending = append(pending, s)
	}
	switch {
	case len(settled)+len(pending) == 0:
		why := "no NFR recorded for " + scope + ": add them under nfrs: with how each is verified"
		return verdict{status: Unknown, evidence: why, why: why}
	case len(pending) > 0:
		ev := fmt.Sprintf("%d of %d %s NFRs not verified: %s", len(pending), len(pending)+len(settled), scope, strings.Join(pending, "; "))
		return verdict{status: Unmet, evidence: ev, why: ev}
	}
	return verdict{status: Met, evidence: fmt.Sprintf("all %d %s NFRs settled: %s", len(settled), scope, strings.Join(settled, "; "))}
}

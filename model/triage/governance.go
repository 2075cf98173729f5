package triage

import (
	"fmt"
	"strings"

	"ringside/model"
)

// governanceGap: users are exposed beyond what governance has cleared: a
// ring past the first is live with sign-offs missing, a critical risk is
// open with no mitigation, or rollback has never been practised.
func governanceGap(f Facts, _ Options) []string {
	p := f.Pilot
	var evidence []string
	if len(f.MissingSignoffs) > 0 {
		missing := make([]string, len(f.MissingSignoffs))
		for i, s := range f.MissingSignoffs {
			missing[i] = clean(s)
		}
		for i, r := range p.Rings {
			if i >= 1 && r.Status == model.RingActive {
				evidence = append(evidence, fmt.Sprintf("ring %s is active but sign-offs are missing: %s", clean(r.Name), strings.Join(missing, ", ")))
			}
		}
	}
	for _, r := range p.Risks {
		if r.Status == model.RiskOpen && r.Band() == model.BandCritical && strings.TrimSpace(r.Mitigation) == "" {
			evidence = append(evidence, fmt.Sprintf("critical risk %q (score %d) is open with no mitigation", clean(r.Title), r.Score()))
		}
	}
	if exposed(p) {
		if gap := rollbackGap(p.Runbooks); gap != "" {
			evidence = append(evidence, gap)
		}
	}
	return evidence
}

// exposed reports whether real users depend on the pilot: a ring is
// active, or it is rolling out or in production. Before that, an undrilled
// rollback is a plan still to make, not a gap.
func exposed(p *model.Pilot) bool {
	if p.Stage == model.StageRollout || p.Stage == model.StageProduction {
		return true
	}
	return p.MostAdvancedActiveRing() != nil
}

// rollbackGap says what is missing for a practised rollback, or "".
func rollbackGap(runbooks []model.Runbook) string {
	var undrilled []string
	for _, rb := range runbooks {
		if rb.Kind != model.RunbookRollback {
			continue
		}
		if len(rb.Drills) > 0 {
			return ""
		}
		undrilled = append(undrilled, fmt.Sprintf("%q", clean(rb.Title)))
	}
	if len(undrilled) == 0 {
		return "no rollback runbook: write one and drill it"
	}
	return "rollback never drilled: " + strings.Join(undrilled, ", ")
}

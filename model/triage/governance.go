package triage

import (
	"fmt"
	"strings"

	"ringside/model"
)

// governanceGap: users are exposed beyond what governance has cleared,
// the seed's "the system scales, but without embedded controls": the
// pilot is live beyond its pilot ring (or in production) while a
// production-readiness dimension guarding access, the audit trail, data
// boundaries or rollback is not in place; or a critical risk is open with
// no mitigation; or rollback has never been practised while users depend
// on it. Sign-offs of a gate the pilot has not reached are no gap.
func governanceGap(f Facts, _ Options) []string {
	p := f.Pilot
	var evidence []string
	rollbackShown := false
	if where := beyondPilotRing(p); where != "" {
		for _, g := range f.Guards {
			if !g.Missing() {
				continue
			}
			line := fmt.Sprintf("%s, but production readiness %q is not in place: %s", where, clean(g.Dimension), clean(g.Text))
			if g.Evidence != "" {
				line += " (" + clean(g.Evidence) + ")"
			}
			evidence = append(evidence, line)
			rollbackShown = rollbackShown || g.Kind == string(model.KindRunbook) && strings.Contains(g.Dimension, "rollback")
		}
	}
	for _, r := range p.Risks {
		if r.Status == model.RiskOpen && r.Band() == model.BandCritical && strings.TrimSpace(r.Mitigation) == "" {
			evidence = append(evidence, fmt.Sprintf("critical risk %q (score %d) is open with no mitigation", clean(r.Title), r.Score()))
		}
	}
	if exposed(p) && !rollbackShown {
		if gap := rollbackGap(p.Runbooks); gap != "" {
			evidence = append(evidence, gap)
		}
	}
	return evidence
}

// beyondPilotRing says how the pilot is exposed beyond its pilot ring
// ("ring canary is active", "stage production"), or "" when it is not.
// The pilot ring is the first ring that is not ring "baseline".
func beyondPilotRing(p *model.Pilot) string {
	first := true
	for _, r := range p.Rings {
		if r.Name == model.BaselineRing {
			continue
		}
		if !first && (r.Status == model.RingActive || r.Status == model.RingPaused || r.Status == model.RingComplete) {
			return fmt.Sprintf("ring %s is %s", clean(r.Name), r.Status)
		}
		first = false
	}
	if p.Stage == model.StageProduction {
		return "stage production"
	}
	return ""
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

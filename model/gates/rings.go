package gates

import (
	"fmt"

	"ringside/model"
)

// resolveRing finds the ring a criterion names. Pilots name their rings
// freely, so the default names stand for positions when no ring carries
// them: pilot is the 1st ring, canary the 2nd, broad the last. note says
// when that substitution happened (it belongs in the evidence); when no ring
// fits, ok is false and note says why. An empty name means the most
// advanced active ring.
func resolveRing(p *model.Pilot, name string) (ring, note string, ok bool) {
	if name == "" {
		if r := p.MostAdvancedActiveRing(); r != nil {
			return r.Name, fmt.Sprintf("judged on %s, the most advanced active ring", r.Name), true
		}
		return "", "the pilot has no active ring", false
	}
	if _, found := p.Ring(name); found {
		return name, "", true
	}
	n := len(p.Rings)
	idx, what := -1, ""
	switch name {
	case RingPilot:
		idx, what = 0, "1st"
	case RingCanary:
		idx, what = 1, "2nd"
	case RingBroad:
		idx, what = n-1, "last"
	}
	if idx < 0 || idx >= n {
		if what == "" {
			return "", fmt.Sprintf("the pilot has no ring named %s", name), false
		}
		return "", fmt.Sprintf("the pilot has no ring named %s and no %s ring", name, what), false
	}
	r := p.Rings[idx].Name
	return r, fmt.Sprintf("no ring named %s: judged on %s, the %s ring", name, r, what), true
}

package importer

import (
	"fmt"
	"strings"
	"testing"

	"ringside/model/health"
)

func TestRingChanges(t *testing.T) {
	v := func(s health.Status, trig bool) RingVerdict { return RingVerdict{Status: s, Trigger: trig} }
	before := PortfolioHealth{
		"a": {{ring: "pilot", v: v(health.Pass, false)}, {ring: "canary", v: v(health.NoData, false)}},
		"b": {{ring: "pilot", v: v(health.Warn, false)}},
		"c": {{ring: "pilot", v: v(health.Pass, false)}},
	}
	after := PortfolioHealth{
		"a": {{ring: "pilot", v: v(health.Pass, false)}, {ring: "canary", v: v(health.Fail, true)}},
		"b": {{ring: "pilot", v: v(health.Fail, false)}},                                            // moved, not in the file
		"c": {{ring: "pilot", v: v(health.Pass, false)}, {ring: "broad", v: v(health.Warn, false)}}, // a ring new to its health
	}
	got := RingChanges(before, after, []string{"A"}) // the file spells it A
	var lines []string
	for _, c := range got {
		lines = append(lines, fmt.Sprintf("%s/%s %s→%s %v changed=%v", c.Pilot, c.Ring, c.Before.Status, c.After.Status, c.After.Trigger, c.Changed()))
	}
	want := []string{
		"a/pilot pass→pass false changed=false", // touched: every ring shown
		"a/canary nodata→fail true changed=true",
		"b/pilot warn→fail false changed=true", // moved: shown after
		"c/pilot pass→pass false changed=false",
		"c/broad →warn false changed=true",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("ringChanges:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

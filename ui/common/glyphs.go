package common

import (
	"charm.land/lipgloss/v2"

	"ringside/model/gates"
	"ringside/model/health"
	"ringside/model/triage"
	"ringside/themes"
)

// Glyphs differ in shape, not only colour, so every screen reads without
// colour (NO_COLOR, a monochrome projector).
const (
	GlyphPass    = "●"
	GlyphWarn    = "◐"
	GlyphFail    = "✖"
	GlyphNoData  = "○"
	GlyphTrigger = "▲"
	GlyphCursor  = "›"
	GlyphPending = "…" // judged columns while the assessment runs
)

// healthGlyph returns the glyph and style of a ring or KPI verdict.
func HealthGlyph(s health.Status, st *themes.Styles) (string, lipgloss.Style) {
	switch s {
	case health.Pass:
		return GlyphPass, st.Pass
	case health.Warn:
		return GlyphWarn, st.Warn
	case health.Fail:
		return GlyphFail, st.Fail
	}
	return GlyphNoData, st.NoData
}

// severity orders verdicts worst first for sorting: fail 3, warn 2, nodata 1, pass 0.
func Severity(s health.Status) int {
	switch s {
	case health.Fail:
		return 3
	case health.Warn:
		return 2
	case health.NoData:
		return 1
	}
	return 0
}

// criterionGlyph marks a gate criterion's status.
func CriterionGlyph(status string, st *themes.Styles) (string, lipgloss.Style) {
	switch status {
	case gates.Met:
		return "✓", st.Pass
	case gates.Waived:
		return "~", st.Muted
	case gates.Unmet:
		return "✗", st.Fail
	}
	return "?", st.Warn
}

// flagLetter abbreviates a triage flag for narrow columns.
func FlagLetter(kind string) string {
	switch kind {
	case triage.KindAbandoned:
		return "A"
	case triage.KindZombie:
		return "Z"
	case triage.KindCostTrap:
		return "C"
	case triage.KindGovernanceGap:
		return "G"
	case triage.KindOverdueMilestones:
		return "M"
	}
	return "?"
}

// flagName spells a triage flag out.
func FlagName(kind string) string {
	switch kind {
	case triage.KindCostTrap:
		return "cost trap"
	case triage.KindGovernanceGap:
		return "governance gap"
	case triage.KindOverdueMilestones:
		return "overdue milestones"
	}
	return kind
}

package ui

import (
	"fmt"
	"sort"
	"strings"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/model/health"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// pilotRow is one pilot as the dashboard shows it, computed once when the
// portfolio loads. Text fields are already printable.
type pilotRow struct {
	slug, name, owners string
	stage              model.Stage
	days               int // in stage; -1 when unknown
	rings              []ringMark
	trigger            bool
	worst              health.Status // worst ring verdict
	nextGate           string        // "" when none
	ready              float64       // share of the next gate met, 0–1; -1 without a gate
	gateReady          bool
	payback            *float64 // break-even month (or simple payback months)
	paybackNote        string   // "never", "no model" or "no data" when payback is nil
	highRisks          int      // open risks scoring 10 or more
	missingSignoffs    int
	flags              []string // triage kinds
	search             []string // what the filter matches, field by field: name, slug, owners
	pending            bool     // verdicts not judged yet: the columns they fill show …
}

type ringMark struct {
	name     string
	status   health.Status
	rollback bool
}

// pendingPilotRow is a pilot's row before its assessment: what the pilot
// itself says, the judged columns pending.
func pendingPilotRow(p *model.Pilot, asOf model.Date) pilotRow {
	r := newPilotRow(assess.Input{Pilot: p, AsOf: asOf}, assess.Assessment{})
	r.pending, r.worst, r.paybackNote = true, health.NoData, ""
	return r
}

func newPilotRow(in assess.Input, a assess.Assessment) pilotRow {
	p := in.Pilot
	r := pilotRow{slug: model.Line(p.Slug), name: model.Line(p.Name), stage: p.Stage, days: -1, ready: -1, worst: health.Pass}
	if !p.StageSince.IsZero() && in.AsOf >= p.StageSince {
		r.days = int(in.AsOf - p.StageSince)
	}
	var owners []string
	for _, role := range model.Roles {
		if o := p.Owners[role]; o != "" {
			owners = append(owners, model.Line(o))
		}
	}
	r.owners = strings.Join(owners, ", ")
	if len(a.Health.Rings) == 0 {
		r.worst = health.NoData
	}
	for i, rh := range a.Health.Rings {
		r.rings = append(r.rings, ringMark{name: model.Line(rh.Ring), status: rh.Status, rollback: rh.Rollback})
		r.trigger = r.trigger || rh.Rollback
		if i == 0 || common.Severity(rh.Status) > common.Severity(r.worst) {
			r.worst = rh.Status
		}
	}
	if a.Readiness != nil {
		r.nextGate, r.ready, r.gateReady = a.Readiness.Gate, a.Readiness.Share, a.Readiness.Ready
		for _, c := range a.Readiness.Criteria {
			if c.Kind == string(model.KindSignoff) && (c.Status == gates.Unmet || c.Status == gates.Unknown) {
				r.missingSignoffs++
			}
		}
	}
	switch {
	case p.Payback == nil:
		r.paybackNote = "no model"
	case a.Payback == nil:
		r.paybackNote = "no data"
	case a.Payback.BreakEvenMonth != nil:
		r.payback = a.Payback.BreakEvenMonth
	case a.Payback.PaybackMonths != nil:
		r.payback = a.Payback.PaybackMonths
	default:
		r.paybackNote = "never"
	}
	for _, rk := range p.Risks {
		if rk.IsOpen() && rk.Score() >= 10 {
			r.highRisks++
		}
	}
	for _, f := range a.Flags {
		r.flags = append(r.flags, f.Kind)
	}
	r.search = append([]string{r.name, r.slug}, owners...)
	return r
}

// matches reports whether the filter q fuzzily matches one of the row's
// fields (a subsequence inside one field, not spread across them).
func (r pilotRow) matches(q string) bool {
	for _, f := range r.search {
		if _, ok := widgets.FuzzyScore(q, f); ok {
			return true
		}
	}
	return false
}

// paybackText is the payback column: "6.6 mo", "never", "—".
func (r pilotRow) paybackText() string {
	if r.pending {
		return common.GlyphPending
	}
	if r.payback != nil {
		return fmt.Sprintf("%.1f mo", *r.payback)
	}
	if r.paybackNote == "never" {
		return "never"
	}
	return "—"
}

// gateText is the next-gate column: "G3 62%", "G3 ready", "—".
func (r pilotRow) gateText() string {
	switch {
	case r.pending:
		return common.GlyphPending
	case r.nextGate == "":
		return "—"
	case r.gateReady:
		return r.nextGate + " ready"
	}
	return fmt.Sprintf("%s %d%%", r.nextGate, int(r.ready*100+0.5))
}

func (r pilotRow) stageText() string {
	if r.days < 0 {
		return string(r.stage)
	}
	return fmt.Sprintf("%s %dd", r.stage, r.days)
}

// StatusLine is the one-line status `y` copies, e.g. "claims-triage: pilot
// 67d · rings pilot warn, canary nodata · G3 62% · payback 6.6 mo · 1
// high/critical risk · 3 sign-offs missing · flags: none".
func (r pilotRow) statusLine() string {
	var rings []string
	for _, m := range r.rings {
		s := m.name + " " + string(m.status)
		if m.rollback {
			s += " (rollback trigger fired)"
		}
		rings = append(rings, s)
	}
	if len(rings) == 0 {
		rings = []string{"none"}
	}
	flags := "none"
	if len(r.flags) > 0 {
		names := make([]string, len(r.flags))
		for i, f := range r.flags {
			names[i] = common.FlagName(f)
		}
		flags = strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s: %s · rings %s · next gate %s · payback %s · %d high/critical risks · %d sign-offs missing · flags: %s",
		r.slug, r.stageText(), strings.Join(rings, ", "), r.gateText(), r.paybackText(), r.highRisks, r.missingSignoffs, flags)
}

// sortColumn is a dashboard column the rows can be sorted by.
type sortColumn int

const (
	sortName sortColumn = iota
	sortStage
	sortHealth
	sortGate
	sortPayback
	sortRisks
	sortSignoffs
	sortFlags
	sortColumns // count
)

var sortNames = [...]string{"name", "stage", "health", "readiness", "payback", "risks", "sign-offs", "flags"}

func (c sortColumn) String() string { return sortNames[c] }

// sortRows orders rows by col (ties by slug); desc reverses the column's
// natural order. Natural orders put what needs attention first: worst
// health, most risks, most missing sign-offs, most flags, lowest
// readiness, slowest payback.
func sortRows(rows []pilotRow, col sortColumn, desc bool) {
	less := func(a, b pilotRow) int {
		switch col {
		case sortStage:
			return model.StageIndex(a.stage) - model.StageIndex(b.stage)
		case sortHealth:
			return common.Severity(b.worst) - common.Severity(a.worst)
		case sortGate:
			return cmpFloat(a.ready, b.ready)
		case sortPayback:
			return cmpFloat(paybackKey(b), paybackKey(a))
		case sortRisks:
			return b.highRisks - a.highRisks
		case sortSignoffs:
			return b.missingSignoffs - a.missingSignoffs
		case sortFlags:
			return len(b.flags) - len(a.flags)
		}
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	}
	sort.SliceStable(rows, func(i, j int) bool {
		c := less(rows[i], rows[j])
		if desc {
			c = -c
		}
		if c == 0 {
			return rows[i].slug < rows[j].slug
		}
		return c < 0
	})
}

// paybackKey ranks payback: months as they are, never or unknown after all.
func paybackKey(r pilotRow) float64 {
	if r.payback != nil {
		return *r.payback
	}
	if r.paybackNote == "never" {
		return 1e9
	}
	return 1e8
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stageShort is a stage in at most five letters, for narrow dashboards.
var stageShort = map[model.Stage]string{"hardening": "hard", "production": "prod", "rollout": "roll", "stopped": "stop"}

// shortStageText is stageText with the stage abbreviated: "prod 109d".
func (r pilotRow) shortStageText() string {
	s := string(r.stage)
	if a, ok := stageShort[r.stage]; ok {
		s = a
	}
	if r.days < 0 {
		return s
	}
	return fmt.Sprintf("%s %dd", s, r.days)
}

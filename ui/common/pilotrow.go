package common

import (
	"fmt"
	"sort"
	"strings"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/model/health"
	"ringside/ui/widgets"
)

// pilotRow is one pilot as the dashboard shows it, computed once when the
// portfolio loads. Text fields are already printable.
type PilotRow struct {
	Slug, Name, owners string
	Stage              model.Stage
	days               int // in stage; -1 when unknown
	Rings              []ringMark
	Trigger            bool
	worst              health.Status // worst ring verdict
	nextGate           string        // "" when none
	ready              float64       // share of the next gate met, 0–1; -1 without a gate
	GateReady          bool
	payback            *float64 // break-even month (or simple payback months)
	PaybackNote        string   // "never", "no model" or "no data" when payback is nil
	HighRisks          int      // open risks scoring 10 or more
	MissingSignoffs    int
	Flags              []string // triage kinds
	search             []string // what the filter matches, field by field: name, slug, owners
	Pending            bool     // verdicts not judged yet: the columns they fill show …
}

type ringMark struct {
	name     string
	Status   health.Status
	Rollback bool
}

// pendingPilotRow is a pilot's row before its assessment: what the pilot
// itself says, the judged columns pending.
func PendingPilotRow(p *model.Pilot, asOf model.Date) PilotRow {
	r := NewPilotRow(assess.Input{Pilot: p, AsOf: asOf}, assess.Assessment{})
	r.Pending, r.worst, r.PaybackNote = true, health.NoData, ""
	return r
}

func NewPilotRow(in assess.Input, a assess.Assessment) PilotRow {
	p := in.Pilot
	r := PilotRow{Slug: model.Line(p.Slug), Name: model.Line(p.Name), Stage: p.Stage, days: -1, ready: -1, worst: health.Pass}
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
		r.Rings = append(r.Rings, ringMark{name: model.Line(rh.Ring), Status: rh.Status, Rollback: rh.Rollback})
		r.Trigger = r.Trigger || rh.Rollback
		if i == 0 || Severity(rh.Status) > Severity(r.worst) {
			r.worst = rh.Status
		}
	}
	if a.Readiness != nil {
		r.nextGate, r.ready, r.GateReady = a.Readiness.Gate, a.Readiness.Share, a.Readiness.Ready
		for _, c := range a.Readiness.Criteria {
			if c.Kind == string(model.KindSignoff) && (c.Status == gates.Unmet || c.Status == gates.Unknown) {
				r.MissingSignoffs++
			}
		}
	}
	switch {
	case p.Payback == nil:
		r.PaybackNote = "no model"
	case a.Payback == nil:
		r.PaybackNote = "no data"
	case a.Payback.BreakEvenMonth != nil:
		r.payback = a.Payback.BreakEvenMonth
	case a.Payback.PaybackMonths != nil:
		r.payback = a.Payback.PaybackMonths
	default:
		r.PaybackNote = "never"
	}
	for _, rk := range p.Risks {
		if rk.IsOpen() && rk.Score() >= 10 {
			r.HighRisks++
		}
	}
	for _, f := range a.Flags {
		r.Flags = append(r.Flags, f.Kind)
	}
	r.search = append([]string{r.Name, r.Slug}, owners...)
	return r
}

// matches reports whether the filter q fuzzily matches one of the row's
// fields (a subsequence inside one field, not spread across them).
func (r PilotRow) Matches(q string) bool {
	for _, f := range r.search {
		if _, ok := widgets.FuzzyScore(q, f); ok {
			return true
		}
	}
	return false
}

// paybackText is the payback column: "6.6 mo", "never", "—".
func (r PilotRow) PaybackText() string {
	if r.Pending {
		return GlyphPending
	}
	if r.payback != nil {
		return fmt.Sprintf("%.1f mo", *r.payback)
	}
	if r.PaybackNote == "never" {
		return "never"
	}
	return "—"
}

// gateText is the next-gate column: "G3 62%", "G3 ready", "—".
func (r PilotRow) GateText() string {
	switch {
	case r.Pending:
		return GlyphPending
	case r.nextGate == "":
		return "—"
	case r.GateReady:
		return r.nextGate + " ready"
	}
	return fmt.Sprintf("%s %d%%", r.nextGate, int(r.ready*100+0.5))
}

func (r PilotRow) StageText() string {
	if r.days < 0 {
		return string(r.Stage)
	}
	return fmt.Sprintf("%s %dd", r.Stage, r.days)
}

// StatusLine is the one-line status `y` copies, e.g. "claims-triage: pilot
// 67d · rings pilot warn, canary nodata · G3 62% · payback 6.6 mo · 1
// high/critical risk · 3 sign-offs missing · flags: none".
func (r PilotRow) StatusLine() string {
	var rings []string
	for _, m := range r.Rings {
		s := m.name + " " + string(m.Status)
		if m.Rollback {
			s += " (rollback trigger fired)"
		}
		rings = append(rings, s)
	}
	if len(rings) == 0 {
		rings = []string{"none"}
	}
	flags := "none"
	if len(r.Flags) > 0 {
		names := make([]string, len(r.Flags))
		for i, f := range r.Flags {
			names[i] = FlagName(f)
		}
		flags = strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s: %s · rings %s · next gate %s · payback %s · %d high/critical %s · %s missing · flags: %s",
		r.Slug, r.StageText(), strings.Join(rings, ", "), r.GateText(), r.PaybackText(), r.HighRisks, Noun(r.HighRisks, "risk"),
		Count(r.MissingSignoffs, "sign-off"), flags)
}

// sortColumn is a dashboard column the rows can be sorted by.
type SortColumn int

const (
	SortName SortColumn = iota
	SortStage
	SortHealth
	SortGate
	SortPayback
	SortRisks
	SortSignoffs
	SortFlags
	SortColumns // count
)

var sortNames = [...]string{"name", "stage", "health", "readiness", "payback", "risks", "sign-offs", "flags"}

func (c SortColumn) String() string { return sortNames[c] }

// sortRows orders rows by col (ties by slug); desc reverses the column's
// natural order. Natural orders put what needs attention first: worst
// health, most risks, most missing sign-offs, most flags, lowest
// readiness, slowest payback.
func SortRows(rows []PilotRow, col SortColumn, desc bool) {
	less := func(a, b PilotRow) int {
		switch col {
		case SortStage:
			return model.StageIndex(a.Stage) - model.StageIndex(b.Stage)
		case SortHealth:
			return Severity(b.worst) - Severity(a.worst)
		case SortGate:
			return cmpFloat(a.ready, b.ready)
		case SortPayback:
			return cmpFloat(paybackKey(b), paybackKey(a))
		case SortRisks:
			return b.HighRisks - a.HighRisks
		case SortSignoffs:
			return b.MissingSignoffs - a.MissingSignoffs
		case SortFlags:
			return len(b.Flags) - len(a.Flags)
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	}
	sort.SliceStable(rows, func(i, j int) bool {
		c := less(rows[i], rows[j])
		if desc {
			c = -c
		}
		if c == 0 {
			return rows[i].Slug < rows[j].Slug
		}
		return c < 0
	})
}

// paybackKey ranks payback: months as they are, never or unknown after all.
func paybackKey(r PilotRow) float64 {
	if r.payback != nil {
		return *r.payback
	}
	if r.PaybackNote == "never" {
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
var StageShort = map[model.Stage]string{"hardening": "hard", "production": "prod", "rollout": "roll", "stopped": "stop"}

// shortStageText is stageText with the stage abbreviated: "prod 109d".
func (r PilotRow) ShortStageText() string {
	s := string(r.Stage)
	if a, ok := StageShort[r.Stage]; ok {
		s = a
	}
	if r.days < 0 {
		return s
	}
	return fmt.Sprintf("%s %dd", s, r.days)
}

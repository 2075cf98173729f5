package gates

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"ringside/model"
)

// judgeKPI: met when the KPI (or every must-meet KPI) passes in the ring
// and its rollback trigger there has not fired; unmet when one warns,
// fails or fired its trigger; unknown when one has no data.
func judgeKPI(p *model.Pilot, c model.GateCriterion, facts []KPIFact) verdict {
	ring, note, ok := resolveRing(p, c.Ring)
	if !ok {
		return verdict{status: Unknown, evidence: note, why: note}
	}
	inRing := map[string]KPIFact{}
	for _, f := range facts {
		if f.Ring == ring {
			inRing[f.Key] = f
		}
	}
	keys := []string{c.KPI}
	if c.KPI == "" {
		keys = mustMeetKeys(p, ring, facts)
		if len(keys) == 0 {
			why := "the pilot defines no must-meet KPI"
			return verdict{status: Unknown, evidence: why, why: why}
		}
	}
	var all, bad, missing []string
	for _, k := range keys {
		f, found := inRing[k]
		if !found {
			f = KPIFact{Key: k, Status: KPINoData, Evidence: "no measurement"}
		}
		line := k + " " + f.Status
		if f.Rollback && f.Status == KPIPass {
			line += ", but its rollback trigger fired"
			if f.Trigger != "" {
				line = k + " " + f.Status + ", but its rollback trigger " + f.Trigger + " fired"
			}
		}
		if f.Evidence != "" {
			line += ": " + f.Evidence
		}
		all = append(all, line)
		switch {
		case f.Rollback:
			bad = append(bad, line)
		case f.Status == KPIPass:
		case f.Status == KPIWarn || f.Status == KPIFail:
			bad = append(bad, line)
		default:
			missing = append(missing, line)
		}
	}
	prefix := "ring " + ring
	if note != "" {
		prefix = note
	}
	evidence := prefix + ": " + strings.Join(all, "; ")
	switch {
	case len(bad) > 0:
		return verdict{status: Unmet, evidence: evidence, why: prefix + ": " + strings.Join(bad, "; ")}
	case len(missing) > 0:
		return verdict{status: Unknown, evidence: evidence, why: prefix + ": " + strings.Join(missing, "; ")}
	}
	return verdict{status: Met, evidence: evidence}
}

// mustMeetKeys lists the pilot's critical KPIs in its order, then any other
// key the health engine marked critical in the ring.
func mustMeetKeys(p *model.Pilot, ring string, facts []KPIFact) []string {
	var keys []string
	have := map[string]bool{}
	for _, k := range p.KPIs {
		if k.Critical {
			keys = append(keys, k.Key)
			have[k.Key] = true
		}
	}
	for _, f := range facts {
		if f.Ring == ring && f.Critical && !have[f.Key] {
			keys = append(keys, f.Key)
			have[f.Key] = true
		}
	}
	return keys
}

// judgeRisk: unmet while an open or mitigating risk scores MaxScore or more.
// The inherent score counts: a residual score is what the mitigation aims
// for, and it is not achieved while the risk is still being mitigated.
func judgeRisk(p *model.Pilot, c model.GateCriterion) verdict {
	var over []model.Risk
	var highest *model.Risk
	for i, r := range p.Risks {
		if !r.IsOpen() {
			continue
		}
		if r.Score() >= c.MaxScore {
			over = append(over, r)
		} else if highest == nil || r.Score() > highest.Score() {
			highest = &p.Risks[i]
		}
	}
	if len(over) == 0 {
		ev := fmt.Sprintf("no open risk scores %d or more", c.MaxScore)
		if highest != nil {
			ev += fmt.Sprintf("; highest open: %q, score %d", highest.Title, highest.Score())
		}
		return verdict{status: Met, evidence: ev}
	}
	sort.SliceStable(over, func(i, j int) bool { return over[i].Score() > over[j].Score() })
	parts := make([]string, len(over))
	for i, r := range over {
		s := fmt.Sprintf("%q is %s with score %d (%d×%d, %s)", r.Title, r.Status, r.Score(), r.Likelihood, r.Impact, r.Band())
		if r.HasResidual() {
			s += fmt.Sprintf(", residual %d once mitigated", r.ResidualScore())
		}
		if r.Owner != "" {
			s += ", owner " + r.Owner
		}
		parts[i] = s
	}
	ev := strings.Join(parts, "; ") + fmt.Sprintf(" (limit: below %d)", c.MaxScore)
	return verdict{status: Unmet, evidence: ev, why: ev}
}

// judgeRunbook: met when a runbook of the kind exists (WithinDays 0) or its
// latest drill on or before asOf is at most WithinDays old. A latest drill
// that failed does not count: it shows the procedure does not work yet.
func judgeRunbook(p *model.Pilot, c model.GateCriterion, asOf model.Date) verdict {
	var books []model.Runbook
	for _, rb := range p.Runbooks {
		if rb.Kind == c.RunbookKind {
			books = append(books, rb)
		}
	}
	kind := strings.ReplaceAll(string(c.RunbookKind), "_", " ")
	if len(books) == 0 {
		why := fmt.Sprintf("no %s runbook", kind)
		return verdict{status: Unmet, evidence: why, why: why}
	}
	var best model.Drill
	var bestBook model.Runbook
	found := false
	for _, rb := range books {
		for _, d := range rb.Drills {
			if d.Date <= asOf && (!found || d.Date > best.Date) {
				best, bestBook, found = d, rb, true
			}
		}
	}
	if c.WithinDays == 0 {
		ev := fmt.Sprintf("%q exists", books[0].Title)
		if found {
			ev += "; " + drillText(bestBook, best, asOf)
		}
		return verdict{status: Met, evidence: ev}
	}
	if !found {
		why := fmt.Sprintf("%q never drilled", books[0].Title)
		return verdict{status: Unmet, evidence: why, why: why}
	}
	ev := drillText(bestBook, best, asOf)
	age := int(asOf - best.Date)
	switch {
	case age > c.WithinDays:
		why := fmt.Sprintf("%q last drilled %s, %d days ago (limit %d)", bestBook.Title, best.Date, age, c.WithinDays)
		return verdict{status: Unmet, evidence: ev + fmt.Sprintf(" (limit %d days)", c.WithinDays), why: why}
	case best.Outcome == model.DrillFailed:
		why := fmt.Sprintf("the latest drill of %q, on %s, failed", bestBook.Title, best.Date)
		return verdict{status: Unmet, evidence: ev, why: why}
	}
	return verdict{status: Met, evidence: ev}
}

// drillText: `"Roll back" drilled 2026-01-20 by Sam Okafor, 26 days ago: success, restored in 11 min (target 15)`.
func drillText(rb model.Runbook, d model.Drill, asOf model.Date) string {
	s := fmt.Sprintf("%q drilled %s", rb.Title, d.Date)
	if d.By != "" {
		s += " by " + d.By
	}
	s += fmt.Sprintf(", %d days ago: %s", int(asOf-d.Date), d.Outcome)
	if d.RestoreMin > 0 {
		s += ", restored in " + num(d.RestoreMin) + " min"
		if rb.TargetRestoreMin > 0 {
			s += " (target " + num(rb.TargetRestoreMin) + ")"
		}
	}
	return s
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// judgeManual: met when someone ticked it on or before asOf; the evidence is
// theirs, with who and when.
func judgeManual(plan model.GatePlan, c model.GateCriterion, asOf model.Date) verdict {
	var tick model.ManualTick
	found := false
	for _, t := range plan.Ticks {
		if t.Criterion != c.ID || (!t.At.IsZero() && model.DateOf(t.At.UTC()) > asOf) {
			continue
		}
		if !found || !t.At.Before(tick.At) {
			tick, found = t, true
		}
	}
	if !found {
		return verdict{status: Unknown, evidence: "not ticked yet", why: "nobody has ticked it yet"}
	}
	by := "ticked by " + tick.By
	if tick.By == "" {
		by = "ticked"
	}
	if !tick.At.IsZero() {
		by += ", " + stamp(tick.At)
	}
	if tick.Evidence == "" {
		return verdict{status: Met, evidence: by}
	}
	return verdict{status: Met, evidence: tick.Evidence + " (" + by + ")"}
}

// judgeSignoff: met by the role's latest approval of this very checklist;
// unmet on a reject or an abstention; unknown when missing or stale.
func judgeSignoff(p *model.Pilot, c model.GateCriterion, latest []model.Signoff, hash string) verdict {
	var s model.Signoff
	found := false
	for _, x := range latest {
		if x.Role == c.Role {
			s, found = x, true
		}
	}
	if !found {
		who := p.Owners[c.Role]
		if who == "" {
			who = "no person named for the role"
		}
		why := fmt.Sprintf("no sign-off yet from %s (%s)", c.Role, who)
		return verdict{status: Unknown, evidence: why, why: why}
	}
	if plan, _ := p.GatePlan(s.Gate); s.Signature == "" && slices.Contains(plan.RequireSigned, c.Role) {
		why := fmt.Sprintf("the %s sign-off by %s is not signed with the owner's SSH key, which this gate requires: sign with --key or --signature", c.Role, personOf(p, s))
		return verdict{status: Unknown, evidence: why, why: why}
	}
	who := personOf(p, s)
	when := ""
	if !s.At.IsZero() {
		when = " " + stamp(s.At)
	}
	if s.OnBehalf {
		who += " on behalf of the role"
	}
	stale := s.ChecklistHash != hash
	switch s.Decision {
	case model.DecisionReject:
		ev := fmt.Sprintf("rejected by %s%s", who, when)
		if s.Comment != "" {
			ev += ": " + s.Comment
		}
		if stale {
			ev += fmt.Sprintf(" (signed against an earlier checklist; the rejection stands until %s signs again)", c.Role)
		}
		return verdict{status: Unmet, evidence: ev, blocker: rejectSentence(p, s)}
	case model.DecisionApprove:
		if stale {
			why := fmt.Sprintf("the approval by %s%s is stale: the checklist changed since it was signed; %s must sign again", who, when, c.Role)
			return verdict{status: Unknown, evidence: why, why: why}
		}
		ev := fmt.Sprintf("approved by %s%s", who, when)
		if s.Meaning != "" {
			ev += fmt.Sprintf(", attesting %q", s.Meaning)
		}
		return verdict{status: Met, evidence: ev}
	}
	ev := fmt.Sprintf("%s abstained%s", who, when)
	if s.Comment != "" {
		ev += ": " + s.Comment
	}
	return verdict{status: Unmet, evidence: ev, why: fmt.Sprintf("%s (%s) abstained; the criterion needs an approval", c.Role, personOf(p, s))}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

package gates

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"ringside/model"
)

// ChecklistVersion names the encoding ChecklistHash writes on its first line.
const ChecklistVersion = "ringside-checklist v2"

// ChecklistHash is the SHA-256 (hex) of ChecklistText: what a sign-off
// binds to. docs/audit.md spells the encoding out so an auditor can
// recompute it.
func ChecklistHash(p *model.Pilot, id model.GateID, criteria []CriterionResult) string {
	sum := sha256.Sum256([]byte(ChecklistText(p, id, criteria)))
	return hex.EncodeToString(sum[:])
}

// ChecklistText is the canonical, line-based encoding of everything a
// signer of gate id agreed to: each criterion's full definition and its
// verdict, the waivers, the criteria the pilot dropped and added, and the
// full definition of every KPI a kpi criterion judges. Every value is
// Go-quoted (strconv.Quote), so no text can forge a field or line boundary:
//
//	ringside-checklist v2
//	pilot "<slug>"
//	gate "<id>"
//	criterion "<id>" kind "<kind>" text "<text>" kpi "<key>" ring "<ring>" role "<role>" max_score "<n>" runbook_kind "<kind>" within_days "<n>" categories "<a,b>" origin "<default|added>" status "<status>" waiver "<reason>" "<role>"
//	dropped "<id>"
//	require_signed "<role>"
//	kpi "<key>" name "<name>" unit "<unit>" better "<lower|higher>" baseline "<number or empty>" target "<criterion>" warning "<criterion>" rollback "<criterion>" critical "<true|false>" weight "<number>" window "<days>" slo "<good>" "<total>" "<objective>" "<period>"
//
// one criterion line per criterion in checklist order, then the dropped
// default ids in the order the pilot lists them, then one require_signed
// line per role the gate requires a signed sign-off of (sorted, once each;
// none when it requires none), then one kpi line per KPI
// of the pilot in its order (on every gate: a gate with no kpi criterion
// still signs off a pilot whose KPIs were agreed).
// Criteria are written as entered (`<= -10%`), numbers in Go's shortest
// form ('g', -1).
//
// What it leaves out is deliberate:
//   - Evidence text. KPI figures move with every import and drill ages with
//     every day; a signature binds to the criteria, their definitions and
//     their verdicts, so it goes stale when a verdict or a definition
//     changes, not when a number wiggles.
//   - The verdict of a sign-off criterion (unless waived). That verdict is
//     derived from the signatures themselves; hashing it would make every
//     new signature stale the others, and itself.
//   - The PRG dimension a criterion is filed under: presentation only.
func ChecklistText(p *model.Pilot, id model.GateID, criteria []CriterionResult) string {
	var b strings.Builder
	slug := ""
	if p != nil {
		slug = p.Slug
	}
	q := strconv.Quote
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	b.WriteString(ChecklistVersion + "\n")
	b.WriteString("pilot " + q(slug) + "\n")
	b.WriteString("gate " + q(string(id)) + "\n")

	defs := map[string]model.GateCriterion{}
	origin := map[string]string{}
	if g, ok := Default(id); ok {
		for _, c := range g.Criteria {
			defs[c.ID], origin[c.ID] = c, "default"
		}
	}
	var plan model.GatePlan
	if p != nil {
		plan, _ = p.GatePlan(id)
	}
	for _, c := range plan.Add {
		defs[c.ID], origin[c.ID] = c, "added"
	}
	for _, c := range criteria {
		d, ok := defs[c.ID]
		if !ok { // a verdict without a definition: only what the verdict says
			d = model.GateCriterion{ID: c.ID, Kind: model.CriterionKind(c.Kind), Text: c.Text}
		}
		status := c.Status
		if c.Kind == string(model.KindSignoff) && status != Waived {
			status = "by-signature"
		}
		reason, role := "", ""
		if c.Waiver != nil {
			reason, role = c.Waiver.Reason, c.Waiver.Role
		}
		cats := make([]string, len(d.Categories))
		for i, x := range d.Categories {
			cats[i] = string(x)
		}
		// The verdict's own id, kind and text: they are what the signer saw.
		b.WriteString("criterion " + q(c.ID) + " kind " + q(c.Kind) + " text " + q(c.Text) +
			" kpi " + q(d.KPI) + " ring " + q(d.Ring) + " role " + q(string(d.Role)) +
			" max_score " + q(strconv.Itoa(d.MaxScore)) + " runbook_kind " + q(string(d.RunbookKind)) +
			" within_days " + q(strconv.Itoa(d.WithinDays)) + " categories " + q(strings.Join(cats, ",")) +
			" origin " + q(origin[c.ID]) + " status " + q(status) + " waiver " + q(reason) + " " + q(role) + "\n")
	}
	for _, d := range plan.Drop {
		b.WriteString("dropped " + q(d) + "\n")
	}
	// Which roles must sign with their key: written only when the gate
	// asks for any (hashes of gates that do not stay as they were), sorted
	// and once each, so listing them in another order is no change.
	signed := make([]string, 0, len(plan.RequireSigned))
	for _, r := range plan.RequireSigned {
		signed = append(signed, string(r))
	}
	slices.Sort(signed)
	for _, r := range slices.Compact(signed) {
		b.WriteString("require_signed " + q(r) + "\n")
	}
	if p != nil { // the KPIs are agreed at every gate, judged or not
		for _, k := range p.KPIs {
			base := ""
			if k.Baseline != nil {
				base = num(*k.Baseline)
			}
			b.WriteString("kpi " + q(k.Key) + " name " + q(k.Name) + " unit " + q(k.Unit) + " better " + q(string(k.Better)) +
				" baseline " + q(base) + " target " + q(k.Target.String()) + " warning " + q(k.Warning.String()) +
				" rollback " + q(k.Rollback.String()) + " critical " + q(strconv.FormatBool(k.Critical)) +
				" weight " + q(num(k.EffectiveWeight())) + " window " + q(strconv.Itoa(k.WindowDays())))
			if k.Confidence > 0 { // only when asked: hashes of KPIs that do not ask stay as they were
				b.WriteString(" confidence " + q(num(k.Confidence)))
			}
			if s := k.SLO; s != nil {
				b.WriteString(" slo " + q(s.Good) + " " + q(s.Total) + " " + q(num(s.Objective)) + " " + q(strconv.Itoa(s.Period())))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

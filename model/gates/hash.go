package gates

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"ringside/model"
)

// ChecklistHash is the SHA-256 (hex) of a canonical, line-based encoding of
// the checklist a sign-off binds to:
//
//	ringside-checklist v1
//	pilot "<slug>"
//	gate "<id>"
//	criterion "<id>" "<kind>" "<text>" "<status>" "<waiver reason>" "<waiver role>"
//
// one criterion line per criterion, in order, every field Go-quoted so no
// text can forge a field or line boundary.
//
// What it leaves out is deliberate:
//   - Evidence text. KPI figures move with every import and drill ages with
//     every day; a signature binds to the criteria and their verdicts, so it
//     goes stale when a verdict changes, not when a number wiggles.
//   - The verdict of a sign-off criterion (unless waived). That verdict is
//     derived from the signatures themselves; hashing it would make every
//     new signature stale the others, and itself.
func ChecklistHash(p *model.Pilot, id model.GateID, criteria []CriterionResult) string {
	var b strings.Builder
	slug := ""
	if p != nil {
		slug = p.Slug
	}
	b.WriteString("ringside-checklist v1\n")
	b.WriteString("pilot " + strconv.Quote(slug) + "\n")
	b.WriteString("gate " + strconv.Quote(string(id)) + "\n")
	for _, c := range criteria {
		status := c.Status
		if c.Kind == string(model.KindSignoff) && status != Waived {
			status = "by-signature"
		}
		reason, role := "", ""
		if c.Waiver != nil {
			reason, role = c.Waiver.Reason, c.Waiver.Role
		}
		b.WriteString("criterion")
		for _, f := range []string{c.ID, c.Kind, c.Text, status, reason, role} {
			b.WriteString(" " + strconv.Quote(f))
		}
		b.WriteString("\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

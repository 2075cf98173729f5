package exporters

import (
	"fmt"
	"io"
	"strings"
	"time"

	"ringside/model"
	"ringside/model/gates"
)

// Minutes is the record of one gate review meeting.
type Minutes struct {
	PilotName  string
	Review     model.GateReview
	Readiness  gates.Readiness // as judged when the minutes are written
	HeadHash   string
	Seq        int64 // sequence number of the head entry; 0 when not known
	ExportedAt time.Time
}

// WriteMinutes writes the minutes of a gate review as Markdown: who was
// there, the checklist with each criterion's note, the decision, its
// conditions and the action items, then the audit chain head.
func WriteMinutes(w io.Writer, m Minutes) error {
	var b strings.Builder
	r := m.Review
	fmt.Fprintf(&b, "# Minutes: %s review of %s\n\n", r.Gate, mdText(m.PilotName))
	fmt.Fprintf(&b, "- **Pilot:** %s (`%s`)\n", mdText(m.PilotName), mdText(m.Readiness.Pilot))
	fmt.Fprintf(&b, "- **Gate:** %s %s\n", r.Gate, mdText(m.Readiness.GateName))
	fmt.Fprintf(&b, "- **Date:** %s\n", r.Date)
	fmt.Fprintf(&b, "- **Attendees:** %s\n", mdText(strings.Join(r.Attendees, ", ")))
	decision := string(r.Decision)
	if decision == "" {
		decision = "(meeting under way)"
	}
	fmt.Fprintf(&b, "- **Decision:** %s\n\n", decision)
	b.WriteString("## Criteria\n\n")
	for _, c := range m.Readiness.Criteria {
		box := " "
		if c.Status == gates.Met || c.Status == gates.Waived {
			box = "x"
		}
		fmt.Fprintf(&b, "- [%s] %s — %s", box, mdText(c.Text), c.Status)
		if c.Evidence != "" {
			fmt.Fprintf(&b, ": %s", mdText(c.Evidence))
		}
		b.WriteString("\n")
		if note := r.Notes[c.ID]; note != "" {
			fmt.Fprintf(&b, "  - Note: %s\n", mdText(note))
		}
	}
	if len(r.Conditions) > 0 {
		b.WriteString("\n## Conditions\n\n")
		for _, c := range r.Conditions {
			fmt.Fprintf(&b, "- %s\n", mdText(c))
		}
	}
	if len(r.Actions) > 0 {
		b.WriteString("\n## Action items\n\n| What | Who | Due |\n|---|---|---|\n")
		for _, a := range r.Actions {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCell(a.What), mdCell(a.Who), a.Due)
		}
	}
	fmt.Fprintf(&b, "\n---\nAudit chain head: `%s` · exported %s  \nAnchor: `%s`\n", m.HeadHash, m.ExportedAt.UTC().Format(time.RFC3339), AnchorToken(m.Seq, m.HeadHash))
	_, err := io.WriteString(w, b.String())
	return err
}

// mdText keeps user text on one line and escapes it as the checklist
// does (mdEscape): only what Markdown would read as structure, so
// "triage_min <= -30%" reads as written, not "triage\\_min &lt;= -30%".
func mdText(s string) string {
	return mdEscape(strings.Join(strings.Fields(model.Line(s)), " "))
}

// mdCell is mdText in a table cell (mdEscape escapes its pipes too).
func mdCell(s string) string { return mdText(s) }

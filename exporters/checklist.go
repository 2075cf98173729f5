package exporters

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"ringside/model"
	"ringside/model/gates"
)

// Checklist is an acceptance checklist: a gate's readiness with its
// sign-offs, the latest review of the gate, and the audit chain's head hash
// that anchors the copy.
type Checklist struct {
	Readiness  gates.Readiness
	PilotName  string
	Stage      string
	Review     *model.GateReview // the latest review of this gate; nil when none
	HeadHash   string            // audit chain head at export time
	Seq        int64             // sequence number of that head entry; 0 when not known
	ExportedAt time.Time
}

// ChecklistFormats lists the formats WriteChecklist writes.
var ChecklistFormats = []string{"md", "csv", "json", "html"}

// WriteChecklist writes the checklist as md, csv, json or html. Every text
// field passes CleanText first, and then the format's own escaping.
func WriteChecklist(w io.Writer, c Checklist, format string) error {
	return WriteChecklistWith(w, c, format, Options{})
}

// WriteChecklistWith is WriteChecklist with export options (o.NoBOM: a CSV
// without the byte-order mark).
func WriteChecklistWith(w io.Writer, c Checklist, format string, o Options) error {
	if c.Review != nil && string(c.Review.Gate) != c.Readiness.Gate {
		return fmt.Errorf("the review is of gate %s but the checklist is of gate %s: pass the latest review of %s, or none",
			c.Review.Gate, c.Readiness.Gate, c.Readiness.Gate)
	}
	v := newChecklistView(c)
	switch format {
	case "md":
		return writeChecklistMarkdown(w, v)
	case "csv":
		return writeChecklistCSV(w, v, o)
	case "json":
		return writeChecklistJSON(w, c)
	case "html":
		return writeChecklistHTML(w, v)
	}
	return fmt.Errorf("unknown checklist format %q: use one of %s", format, strings.Join(ChecklistFormats, ", "))
}

// checklistView is the checklist with every text cleaned, shared by the
// md, csv and html writers.
type checklistView struct {
	PilotName, Slug, Stage, Gate, GateName, AsOf string
	Ready                                        bool
	Percent, Counts, ChecklistHash               string
	Criteria                                     []checklistItem
	Blockers                                     []string
	Signoffs                                     []checklistSignoff
	Review                                       *checklistReview
	HeadHash, ExportedAt                         string
	Seq                                          int64
}

type checklistItem struct {
	ID, Kind, Text, Dimension, Status, Evidence string
	Done                                        bool // met or waived: ticked in the task list
}

type checklistSignoff struct {
	Role, Person, Decision, Meaning, Comment, At, Hash string
	Stale, OnBehalf                                    bool
	EnteredBy                                          string // recorded from a file by this actor, on the person's behalf
	Key                                                string // SHA256:… of the SSH key that signed it; "" when unsigned
}

// SignedWord says how a sign-off is signed: with which SSH key, or not.
func (s checklistSignoff) SignedWord() string {
	if s.Key != "" {
		return "signed with SSH key " + s.Key
	}
	return "unsigned (recorded in ringside, no key signature)"
}

type checklistReview struct {
	Gate, Date, Decision string
	Attendees            []string
	Conditions           []string
	Actions              []checklistAction
	Notes                []checklistNote
}

type checklistAction struct{ What, Who, Due string }

type checklistNote struct{ Criterion, Note string }

func newChecklistView(c Checklist) checklistView {
	r := c.Readiness
	v := checklistView{
		PilotName: CleanText(c.PilotName), Slug: CleanText(r.Pilot), Stage: CleanText(c.Stage),
		Gate: CleanText(r.Gate), GateName: CleanText(r.GateName), AsOf: CleanText(r.AsOf),
		Ready: r.Ready, ChecklistHash: CleanText(r.ChecklistHash),
		Percent:  strconv.Itoa(int(math.Round(r.Share*100))) + " %",
		HeadHash: CleanText(c.HeadHash), ExportedAt: c.ExportedAt.UTC().Format(time.RFC3339), Seq: c.Seq,
	}
	if v.PilotName == "" {
		v.PilotName = v.Slug
	}
	met, waived := 0, 0
	for _, cr := range r.Criteria {
		switch cr.Status {
		case gates.Met:
			met++
		case gates.Waived:
			waived++
		}
		v.Criteria = append(v.Criteria, checklistItem{
			ID: CleanText(cr.ID), Kind: CleanText(cr.Kind), Text: CleanText(cr.Text), Dimension: CleanText(cr.Dimension),
			Status: CleanText(cr.Status), Evidence: CleanText(cr.Evidence),
			Done: cr.Status == gates.Met || cr.Status == gates.Waived,
		})
	}
	v.Counts = fmt.Sprintf("%d of %d criteria met", met, len(r.Criteria)-waived)
	if waived > 0 {
		v.Counts += fmt.Sprintf(", %d waived", waived)
	}
	for _, b := range r.Blockers {
		v.Blockers = append(v.Blockers, CleanText(b))
	}
	for _, s := range r.Signoffs {
		v.Signoffs = append(v.Signoffs, checklistSignoff{
			Role: CleanText(s.Role), Person: CleanText(s.Person), Decision: CleanText(s.Decision),
			Meaning: CleanText(s.Meaning), Comment: CleanText(s.Comment), At: CleanText(s.At),
			Hash: CleanText(s.ChecklistHash), Stale: s.Stale, OnBehalf: s.OnBehalf, EnteredBy: CleanText(s.EnteredBy),
			Key: CleanText(SignatureKey(s.Signature)),
		})
	}
	if rv := c.Review; rv != nil {
		cr := &checklistReview{Gate: CleanText(string(rv.Gate)), Date: rv.Date.String(), Decision: CleanText(string(rv.Decision))}
		if cr.Decision == "" {
			cr.Decision = "none yet (meeting under way)"
		}
		cr.Attendees = cleanAll(rv.Attendees)
		cr.Conditions = cleanAll(rv.Conditions)
		for _, a := range rv.Actions {
			cr.Actions = append(cr.Actions, checklistAction{What: CleanText(a.What), Who: CleanText(a.Who), Due: a.Due.String()})
		}
		ids := make([]string, 0, len(rv.Notes))
		for id := range rv.Notes {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			cr.Notes = append(cr.Notes, checklistNote{Criterion: CleanText(id), Note: CleanText(rv.Notes[id])})
		}
		v.Review = cr
	}
	return v
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = CleanText(s)
	}
	return out
}

func (v checklistView) verdict() string {
	if v.Ready {
		return "ready"
	}
	return "not ready"
}

// --- Markdown ---

// mdEscape backslash-escapes what would turn user text into markup inside
// a list item: emphasis, code, links, raw HTML tags and escapes themselves,
// and at its start a heading, quote, list or rule marker (text right after
// "- " would otherwise open a block). An underscore inside a word
// (product_owner) is left alone: GitHub does not read it as emphasis.
func mdEscape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	lead := leadingBlockMarker(rs)
	for i, r := range rs {
		if i == lead {
			b.WriteByte('\\')
			b.WriteRune(r)
			continue
		}
		switch r {
		case '\\', '`', '*', '[', ']', '~', '|':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(rs)-1 || !isWordRune(rs[i-1]) || !isWordRune(rs[i+1]) {
				b.WriteByte('\\')
			}
		case '<':
			if i+1 < len(rs) && (isLetter(rs[i+1]) || strings.ContainsRune("/!?", rs[i+1])) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leadingBlockMarker returns the index of the rune that would make s start
// a Markdown block (# > - + or the . or ) of "1."), or -1.
func leadingBlockMarker(rs []rune) int {
	if len(rs) == 0 {
		return -1
	}
	if strings.ContainsRune("#>-+", rs[0]) {
		return 0
	}
	i := 0
	for i < len(rs) && i < 9 && rs[i] >= '0' && rs[i] <= '9' {
		i++
	}
	if i > 0 && i < len(rs) && (rs[i] == '.' || rs[i] == ')') {
		return i
	}
	return -1
}

func isLetter(r rune) bool   { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }
func isWordRune(r rune) bool { return isLetter(r) || (r >= '0' && r <= '9') }

func writeChecklistMarkdown(w io.Writer, v checklistView) error {
	e := mdEscape
	var b strings.Builder
	fmt.Fprintf(&b, "# Acceptance checklist: %s, %s %s\n\n", e(v.PilotName), e(v.Gate), e(v.GateName))
	fmt.Fprintf(&b, "- Pilot: %s (%s), stage %s\n", e(v.PilotName), e(v.Slug), e(v.Stage))
	fmt.Fprintf(&b, "- Gate: %s %s\n", e(v.Gate), e(v.GateName))
	fmt.Fprintf(&b, "- As of: %s\n", e(v.AsOf))
	fmt.Fprintf(&b, "- Verdict: **%s**, readiness %s (%s)\n", v.verdict(), v.Percent, v.Counts)
	fmt.Fprintf(&b, "- Checklist hash: `%s`\n", v.ChecklistHash)

	b.WriteString("\n## Criteria\n\n")
	for _, c := range v.Criteria {
		box := " "
		if c.Done {
			box = "x"
		}
		dim := ""
		if c.Dimension != "" {
			dim = ", " + e(c.Dimension)
		}
		fmt.Fprintf(&b, "- [%s] **%s** (%s, %s%s): %s. %s\n", box, e(c.Text), e(c.ID), e(c.Kind), dim, strings.ToUpper(e(c.Status)), e(c.Evidence))
	}
	if len(v.Blockers) > 0 {
		b.WriteString("\n## Blockers\n\n")
		for i, bl := range v.Blockers {
			fmt.Fprintf(&b, "%d. %s\n", i+1, e(bl))
		}
	}

	b.WriteString("\n## Sign-offs\n\n")
	if len(v.Signoffs) == 0 {
		b.WriteString("No sign-offs yet.\n")
	}
	for _, s := range v.Signoffs {
		fmt.Fprintf(&b, "- **%s** (%s): %s at %s", e(s.Person), e(s.Role), e(s.Decision), e(s.At))
		if s.EnteredBy != "" {
			fmt.Fprintf(&b, ", entered by %s from a portfolio file on the person's behalf", e(s.EnteredBy))
		} else if s.OnBehalf {
			b.WriteString(", on behalf of the role")
		}
		fmt.Fprintf(&b, "; %s. Meaning: %s.", e(s.SignedWord()), e(strings.TrimSuffix(s.Meaning, ".")))
		if s.Comment != "" {
			fmt.Fprintf(&b, " Comment: %s.", e(s.Comment))
		}
		if s.Stale {
			b.WriteString(" **STALE**: signed against an earlier checklist.")
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## Review\n\n")
	if r := v.Review; r == nil {
		b.WriteString("No review of this gate recorded yet.\n")
	} else {
		fmt.Fprintf(&b, "- Date: %s\n- Decision: **%s**\n- Attendees: %s\n", e(r.Date), e(r.Decision), e(strings.Join(r.Attendees, ", ")))
		if len(r.Conditions) > 0 {
			b.WriteString("\nConditions:\n\n")
			for _, c := range r.Conditions {
				fmt.Fprintf(&b, "- %s\n", e(c))
			}
		}
		if len(r.Actions) > 0 {
			b.WriteString("\nAction items:\n\n")
			for _, a := range r.Actions {
				fmt.Fprintf(&b, "- [ ] %s (%s, due %s)\n", e(a.What), e(a.Who), e(a.Due))
			}
		}
		if len(r.Notes) > 0 {
			b.WriteString("\nNotes:\n\n")
			for _, n := range r.Notes {
				fmt.Fprintf(&b, "- %s: %s\n", e(n.Criterion), e(n.Note))
			}
		}
	}

	fmt.Fprintf(&b, "\n---\n\nAudit chain head: `%s`  \nAnchor: `%s`  \nExported: %s\n", v.HeadHash, AnchorToken(v.Seq, v.HeadHash), v.ExportedAt)
	_, err := io.WriteString(w, b.String())
	return err
}

// --- CSV ---

func writeChecklistCSV(w io.Writer, v checklistView, o Options) error {
	cw, err := NewCSVWriter(w, o)
	if err != nil {
		return err
	}
	row := func(cells ...string) {
		for i := range cells {
			cells[i] = CSVSafe(cells[i])
		}
		_ = cw.Write(cells) // errors surface through cw.Error below
	}
	row("section", "id", "kind", "text", "status", "evidence")
	row("gate", v.Gate, v.GateName, v.PilotName+" ("+v.Slug+")", v.verdict(),
		fmt.Sprintf("as of %s; stage %s; readiness %s (%s); checklist %s", v.AsOf, v.Stage, v.Percent, v.Counts, v.ChecklistHash))
	for _, c := range v.Criteria {
		row("criterion", c.ID, c.Kind, c.Text, c.Status, c.Evidence)
	}
	for _, b := range v.Blockers {
		row("blocker", "", "", b, "", "")
	}
	for _, s := range v.Signoffs {
		who := s.Person
		if s.EnteredBy != "" {
			who += " (entered by " + s.EnteredBy + " from a file)"
		} else if s.OnBehalf {
			who += " (on behalf)"
		}
		row("signoff", s.Role, s.Decision, who, staleWord(s.Stale), "at "+s.At+"; "+s.SignedWord()+"; meaning: "+s.Meaning)
		if s.Comment != "" {
			row("signoff_comment", s.Role, s.Decision, s.Comment, "", "")
		}
	}
	if r := v.Review; r != nil {
		date := ""
		if r.Date != "" {
			date = "date " + r.Date
		}
		row("review", r.Gate, r.Decision, "attendees: "+strings.Join(r.Attendees, ", "), "", date)
		for i, c := range r.Conditions {
			row("condition", strconv.Itoa(i+1), "", c, "", "")
		}
		for i, a := range r.Actions {
			row("action", strconv.Itoa(i+1), "", a.What, "due "+a.Due, "owner "+a.Who)
		}
		for _, n := range r.Notes {
			row("note", n.Criterion, "", n.Note, "", "")
		}
	}
	row("audit_head", "", "", v.HeadHash, "", "exported "+v.ExportedAt)
	row("audit_anchor", strconv.FormatInt(v.Seq, 10), "", AnchorToken(v.Seq, v.HeadHash), "", "")
	cw.Flush()
	return cw.Error()
}

func staleWord(stale bool) string {
	if stale {
		return "stale"
	}
	return "current"
}

// --- JSON ---

// checklistJSON is `gate --json` plus the review, the audit head and the export time.
type checklistJSON struct {
	gates.Readiness
	PilotName  string               `json:"pilot_name"`
	Stage      string               `json:"stage"`
	Review     *checklistReviewJSON `json:"review"`
	AuditHead  string               `json:"audit_head"`
	AuditSeq   int64                `json:"audit_seq"`
	Anchor     string               `json:"anchor"` // AnchorToken, for verify --anchor
	ExportedAt string               `json:"exported_at"`
}

type checklistReviewJSON struct {
	Gate       string                `json:"gate"`
	Date       string                `json:"date"`
	Attendees  []string              `json:"attendees"`
	Decision   string                `json:"decision"`
	Conditions []string              `json:"conditions"`
	Actions    []checklistActionJSON `json:"actions"`
	Notes      map[string]string     `json:"notes"`
}

type checklistActionJSON struct {
	What string `json:"what"`
	Who  string `json:"who"`
	Due  string `json:"due"`
}

func writeChecklistJSON(w io.Writer, c Checklist) error {
	out := checklistJSON{
		Readiness: cleanReadiness(c.Readiness), PilotName: CleanText(c.PilotName), Stage: CleanText(c.Stage),
		AuditHead: CleanText(c.HeadHash), AuditSeq: c.Seq, Anchor: AnchorToken(c.Seq, CleanText(c.HeadHash)),
		ExportedAt: c.ExportedAt.UTC().Format(time.RFC3339),
	}
	if rv := c.Review; rv != nil {
		r := &checklistReviewJSON{
			Gate: CleanText(string(rv.Gate)), Date: rv.Date.String(), Decision: CleanText(string(rv.Decision)),
			Attendees: cleanAll(rv.Attendees), Conditions: cleanAll(rv.Conditions),
			Actions: []checklistActionJSON{}, Notes: map[string]string{},
		}
		for _, a := range rv.Actions {
			r.Actions = append(r.Actions, checklistActionJSON{What: CleanText(a.What), Who: CleanText(a.Who), Due: a.Due.String()})
		}
		for id, n := range rv.Notes {
			r.Notes[CleanText(id)] = CleanText(n)
		}
		out.Review = r
	}
	return WriteJSON(w, out)
}

// cleanReadiness copies r with every text cleaned; the slices are new, so
// the caller's value is left as it was.
func cleanReadiness(r gates.Readiness) gates.Readiness {
	out := r
	out.Pilot, out.Gate, out.GateName, out.AsOf = CleanText(r.Pilot), CleanText(r.Gate), CleanText(r.GateName), CleanText(r.AsOf)
	out.ChecklistHash = CleanText(r.ChecklistHash)
	out.Criteria = make([]gates.CriterionResult, len(r.Criteria))
	for i, c := range r.Criteria {
		c.ID, c.Kind, c.Text, c.Dimension = CleanText(c.ID), CleanText(c.Kind), CleanText(c.Text), CleanText(c.Dimension)
		c.Status, c.Evidence = CleanText(c.Status), CleanText(c.Evidence)
		if c.Waiver != nil {
			c.Waiver = &gates.WaiverInfo{Reason: CleanText(c.Waiver.Reason), Role: CleanText(c.Waiver.Role)}
		}
		out.Criteria[i] = c
	}
	out.Blockers = cleanAll(r.Blockers)
	out.Signoffs = make([]gates.SignoffResult, len(r.Signoffs))
	for i, s := range r.Signoffs {
		s.Role, s.Person, s.Decision, s.Meaning = CleanText(s.Role), CleanText(s.Person), CleanText(s.Decision), CleanText(s.Meaning)
		s.Comment, s.At, s.ChecklistHash = CleanText(s.Comment), CleanText(s.At), CleanText(s.ChecklistHash)
		out.Signoffs[i] = s
	}
	return out
}

package exporters

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/gates"
)

func f64(x float64) *float64 { return &x }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// claimsTriage is the claims-triage pilot of docs/portfolio.md at its G3
// review on 2026-02-15.
func claimsTriage() *model.Pilot {
	return &model.Pilot{
		Slug: "claims-triage", Name: "Claims email triage assistant", Stage: model.StagePilot,
		StageSince: model.MustDate("2026-01-05"),
		Hypothesis: model.Hypothesis{Text: "Cut claims email triage from 12 to 7 minutes without more misrouting"},
		Owners: map[model.Role]string{
			model.RoleProductOwner: "Dana Ruiz", model.RoleITServiceOwner: "Sam Okafor", model.RoleSupport: "Ana Lima",
			model.RoleSecurity: "Lee Park", model.RoleAdoptionLead: "Kim Weber", model.RoleLegal: "Ola Berg",
		},
		Rings: []model.Ring{
			{Name: "pilot", Population: 25, Exposure: 0.02, Status: model.RingActive, Start: model.MustDate("2026-01-05")},
			{Name: "canary", Population: 240, Status: model.RingPlanned},
		},
		KPIs: []model.KPI{
			{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: f64(12),
				Target: model.MustCriterion("<= -30%"), Warning: model.MustCriterion("<= -20%"), Rollback: model.MustCriterion("> +5%"), Critical: true},
			{Key: "misroute_pct", Name: "Misrouting", Unit: "%", Better: model.BetterLower, Baseline: f64(8),
				Target: model.MustCriterion("pct <= 0"), Critical: true},
		},
		Risks: []model.Risk{{Title: "PII in email bodies reaches prompts", Category: "privacy", Likelihood: 3, Impact: 5,
			ResidualLikelihood: 1, ResidualImpact: 5, Owner: "Lee Park", Mitigation: "DLP policy on mailbox", Status: model.RiskMitigating,
			Due: model.MustDate("2026-03-01"), LastReview: model.MustDate("2026-02-01")}},
		Runbooks: []model.Runbook{{Title: "Roll back to manual triage", Kind: model.RunbookRollback, TargetRestoreMin: 15,
			Body:   "1. Disable the triage flag for the ring.\n2. Re-route the shared mailbox to the manual queue.\n",
			Drills: []model.Drill{{Date: model.MustDate("2026-01-20"), By: "Sam Okafor", Outcome: model.DrillSuccess, RestoreMin: 11, Notes: "Flag took 2 min to propagate"}}}},
		Gates: []model.GatePlan{{
			Gate:    model.GateG3,
			Add:     []model.GateCriterion{{ID: "g3-works-council", Kind: model.KindManual, Text: "Works council informed"}},
			Drop:    []string{"g3-adoption"},
			Waivers: []model.Waiver{{Criterion: "g3-legal-approved", Reason: "No personal data leaves the tenant", Role: model.RoleSecurity}},
			Ticks:   []model.ManualTick{{Criterion: "g3-works-council", By: "Dana Ruiz", At: mustTime("2026-02-02T10:00:00Z"), Evidence: "Minutes 2026-02-01"}},
		}},
		Reviews: []model.GateReview{{
			Gate: model.GateG3, Date: model.MustDate("2026-02-03"), Attendees: []string{"Dana Ruiz", "Sam Okafor", "Lee Park"},
			Notes:    map[string]string{"g3-kpis-pilot": "Triage time down 32 %", "g3-no-critical-risk": "DLP rollout slipped a week"},
			Decision: model.ReviewConditional, Conditions: []string{"DLP policy enforced before canary"},
			Actions: []model.ActionItem{{What: "Enforce DLP policy", Who: "Lee Park", Due: model.MustDate("2026-02-20")}},
		}},
	}
}

// claimsChecklist evaluates G3 as the CLI would: the product owner signed the
// current checklist, security signed an earlier one (stale).
// triage_min: (8.1 − 12) ÷ 12 = −32.5 %; misroute_pct: (7.6 − 8) ÷ 8 = −5 %.
func claimsChecklist(t *testing.T) Checklist {
	t.Helper()
	p := claimsTriage()
	in := gates.Input{Pilot: p, Gate: model.GateG3, AsOf: model.MustDate("2026-02-15"), KPIs: []gates.KPIFact{
		{Ring: "pilot", Key: "triage_min", Status: gates.KPIPass, Critical: true, Evidence: "current 8.1 min vs baseline 12 (-32.5 %), target <= -30%"},
		{Ring: "pilot", Key: "misroute_pct", Status: gates.KPIPass, Critical: true, Evidence: "current 7.6 % vs baseline 8 (-5 %), target pct <= 0"},
	}}
	r, err := gates.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	p.Signoffs = []model.Signoff{
		{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz", Decision: model.DecisionApprove,
			Meaning: "Outcome verified against the agreed KPIs", At: mustTime("2026-02-03T14:05:00Z"), ChecklistHash: r.ChecklistHash},
		{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park", Decision: model.DecisionApprove,
			Meaning: "Data flows reviewed for PII", Comment: "Approve once DLP is enforced", At: mustTime("2026-01-30T09:00:00Z"),
			ChecklistHash: "9f2c0e5d4a7b61c38e2f90d1b4a6c7e8f0a1b2c3d4e5f60718293a4b5c6d7e8f"},
	}
	if r, err = gates.Evaluate(in); err != nil {
		t.Fatal(err)
	}
	return Checklist{
		Readiness: r, PilotName: p.Name, Stage: string(p.Stage), Review: &p.Reviews[0],
		HeadHash:   "4b1d6c0f3e2a8d7c9b5e1f0a2d4c6b8e0f1a3c5e7d9b2f4a6c8e0d2b4f6a8c0e",
		ExportedAt: time.Date(2026, 2, 16, 9, 30, 0, 0, time.UTC),
	}
}

func TestChecklistGolden(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	for _, format := range ChecklistFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteChecklist(&buf, c, format); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "checklist_claims-triage."+format), buf.Bytes())
			if !strings.Contains(buf.String(), c.HeadHash) || !strings.Contains(buf.String(), "2026-02-16T09:30:00Z") {
				t.Errorf("%s lacks the audit head hash or the export time", format)
			}
		})
	}
}

// The exported evidence must agree, criterion by criterion, with `gate --json`.
func TestChecklistJSONAgreesWithReadiness(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	var buf bytes.Buffer
	if err := WriteChecklist(&buf, c, "json"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		gates.Readiness
		Review struct {
			Decision string `json:"decision"`
		} `json:"review"`
		AuditHead  string `json:"audit_head"`
		ExportedAt string `json:"exported_at"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Readiness, c.Readiness) {
		t.Errorf("exported readiness differs from the evaluated one:\n got %+v\nwant %+v", got.Readiness, c.Readiness)
	}
	if got.Review.Decision != "conditional" || got.AuditHead != c.HeadHash || got.ExportedAt != "2026-02-16T09:30:00Z" {
		t.Errorf("review %q, audit head %q, exported %q", got.Review.Decision, got.AuditHead, got.ExportedAt)
	}
}

func TestChecklistStatusesInMarkdown(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	var buf bytes.Buffer
	if err := WriteChecklist(&buf, c, "md"); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"- [x] **Every must-meet KPI meets its target in the pilot ring** (g3-kpis-pilot, kpi): MET.",
		"- [x] **Legal approved the data processing** (g3-legal-approved, signoff): WAIVED. waived by security: No personal data leaves the tenant",
		"- [ ] **Security approved** (g3-security-approved, signoff): UNKNOWN.",
		"- [ ] **No open critical risk (score 15 or more)** (g3-no-critical-risk, risk): UNMET.",
		"readiness 67 % (4 of 6 criteria met, 1 waived)",
		"**STALE**: signed against an earlier checklist.",
		"- [ ] Enforce DLP policy (Lee Park, due 2026-02-20)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

const (
	hostileFormula = `=HYPERLINK("http://x","y")`
	hostileScript  = `<script>alert(1)</script>`
	hostileEscape  = "\x1b[31mred"
	hostileSum     = `@SUM(1)`
)

// hostileChecklist carries each hostile text at the start of a criterion's
// evidence and of a sign-off's comment, where it would do most harm.
func hostileChecklist() Checklist {
	r := gates.Readiness{Pilot: "claims-triage", Gate: "G3", GateName: "pilot exit", AsOf: "2026-02-15", Blockers: []string{}}
	for i, h := range []string{hostileFormula, hostileScript, hostileEscape, hostileSum} {
		id := []string{"c-formula", "c-script", "c-escape", "c-sum"}[i]
		r.Criteria = append(r.Criteria, gates.CriterionResult{ID: id, Kind: "manual", Text: "Ticked", Status: gates.Met, Evidence: h})
		r.Signoffs = append(r.Signoffs, gates.SignoffResult{Role: string(model.Roles[i]), Person: "P" + id, Decision: "approve", Meaning: "m", Comment: h, At: "2026-02-03T14:05:00Z"})
	}
	return Checklist{Readiness: r, PilotName: "Claims", Stage: "pilot", HeadHash: "abc", ExportedAt: time.Date(2026, 2, 16, 0, 0, 0, 0, time.UTC),
		Review: &model.GateReview{Gate: model.GateG3, Decision: model.ReviewHold, Conditions: []string{hostileScript}, Attendees: []string{hostileFormula}}}
}

func TestChecklistHostileText(t *testing.T) {
	t.Parallel()
	c := hostileChecklist()
	out := map[string]string{}
	for _, f := range ChecklistFormats {
		var buf bytes.Buffer
		if err := WriteChecklist(&buf, c, f); err != nil {
			t.Fatal(err)
		}
		out[f] = buf.String()
		bs := buf.Bytes()
		for i, b := range bs {
			crlf := f == "csv" && b == '\r' && i+1 < len(bs) && bs[i+1] == '\n' // RFC 4180 line end
			if (b < 0x20 && b != '\n' && !crlf) || b == 0x7f {
				t.Errorf("%s: control byte %#x at %d", f, b, i)
			}
		}
	}

	// Markdown: tags and brackets are escaped; the formula is inert prose.
	for _, want := range []string{
		`MET. =HYPERLINK("http://x","y")`, `MET. \<script>alert(1)\</script>`, `MET. \[31mred`, `MET. @SUM(1)`,
		`Comment: \<script>alert(1)\</script>.`, `- \<script>alert(1)\</script>`,
	} {
		if !strings.Contains(out["md"], want) {
			t.Errorf("md lacks %q", want)
		}
	}
	if strings.Contains(strings.ReplaceAll(out["md"], `\<`, ""), "<script") {
		t.Error("md carries an unescaped <script>")
	}

	// CSV: formula-looking cells start with an apostrophe.
	rows, err := csv.NewReader(strings.NewReader(out["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	evidence := map[string]string{}
	comments := map[string]string{}
	for _, r := range rows {
		switch r[0] {
		case "criterion":
			evidence[r[1]] = r[5]
		case "signoff_comment":
			comments[r[1]] = r[3]
		}
	}
	wantCSV := map[string]string{
		"c-formula": `'=HYPERLINK("http://x","y")`, "c-script": `<script>alert(1)</script>`, "c-escape": "[31mred", "c-sum": `'@SUM(1)`,
	}
	for i, id := range []string{"c-formula", "c-script", "c-escape", "c-sum"} {
		if evidence[id] != wantCSV[id] {
			t.Errorf("csv evidence of %s = %q, want %q", id, evidence[id], wantCSV[id])
		}
		if role := string(model.Roles[i]); comments[role] != wantCSV[id] {
			t.Errorf("csv comment of %s = %q, want %q", role, comments[role], wantCSV[id])
		}
	}
	// Mid-cell, a formula is inert text; at a cell's start it is neutralised.
	if !strings.Contains(out["csv"], "\r\nreview,G3,hold,\"attendees: =HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,\r\ncondition,1,,<script>alert(1)</script>,,\r\n") {
		t.Errorf("csv review rows not as expected:\n%s", out["csv"])
	}

	// JSON: strings survive as data, written as they are (no \u003c: the
	// one JSON writer does not HTML-escape), JSON-quoted, and with no ESC.
	if strings.Contains(out["json"], `\u003c`) || !strings.Contains(out["json"], `"evidence": "<script>alert(1)</script>"`) {
		t.Error("json evidence is not the text as written, JSON-quoted")
	}
	var back checklistJSON
	if err := json.Unmarshal([]byte(out["json"]), &back); err != nil {
		t.Fatal(err)
	}
	wantJSON := []string{hostileFormula, hostileScript, "[31mred", hostileSum}
	for i, c := range back.Criteria {
		if c.Evidence != wantJSON[i] || back.Signoffs[i].Comment != wantJSON[i] {
			t.Errorf("json criterion %d: evidence %q, comment %q, want %q", i, c.Evidence, back.Signoffs[i].Comment, wantJSON[i])
		}
	}

	// HTML: every field escaped; no script element survives.
	for _, want := range []string{
		`<td>=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)</td>`, `<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>`,
		`<td>[31mred</td>`, `<td>@SUM(1)</td>`, `<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>`,
	} {
		if !strings.Contains(out["html"], want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(out["html"], "<script") || strings.Contains(out["html"], "src=") || strings.Contains(out["html"], "href=") {
		t.Error("html carries a script or an external asset")
	}
}

func TestWriteChecklistErrors(t *testing.T) {
	t.Parallel()
	c := hostileChecklist()
	err := WriteChecklist(&bytes.Buffer{}, c, "pdf")
	if err == nil || err.Error() != `unknown checklist format "pdf": use one of md, csv, json, html` {
		t.Errorf("unknown format: %v", err)
	}
	c.Review.Gate = model.GateG2
	err = WriteChecklist(&bytes.Buffer{}, c, "md")
	if err == nil || !strings.Contains(err.Error(), "the review is of gate G2 but the checklist is of gate G3") {
		t.Errorf("mismatched review: %v", err)
	}
}

func TestChecklistMarksOnBehalfSignatures(t *testing.T) {
	t.Parallel()
	c := claimsChecklist(t)
	c.Readiness.Signoffs[0].OnBehalf = true
	for format, want := range map[string]string{
		"md":   "- **Dana Ruiz** (product_owner): approve at 2026-02-03T14:05:00Z, on behalf of the role; unsigned (recorded in ringside, no key signature). Meaning:",
		"csv":  "signoff,product_owner,approve,Dana Ruiz (on behalf),current,",
		"json": `"on_behalf": true`,
		"html": "<td>Dana Ruiz (on behalf of the role)</td>",
	} {
		var buf bytes.Buffer
		if err := WriteChecklist(&buf, c, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s lacks %q", format, want)
		}
	}
}

func TestChecklistWithoutReviewOrSignoffs(t *testing.T) {
	t.Parallel()
	c := hostileChecklist()
	c.Review, c.Readiness.Signoffs = nil, nil
	for _, f := range ChecklistFormats {
		var buf bytes.Buffer
		if err := WriteChecklist(&buf, c, f); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		switch f {
		case "md", "html":
			if !strings.Contains(s, "No review of this gate recorded yet.") || !strings.Contains(s, "No sign-offs yet.") {
				t.Errorf("%s does not say that review and sign-offs are missing", f)
			}
		case "json":
			if !strings.Contains(s, `"review": null`) {
				t.Errorf("json review is not null")
			}
		case "csv":
			if strings.Contains(s, "\nreview,") || strings.Contains(s, "\nsignoff,") {
				t.Errorf("csv has review or sign-off rows")
			}
		}
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[31mred\x1b[0m", "[31mred[0m"},
		{"line\nbreak\r\nand\ttab", "line break  and tab"},
		{"bell\a nul\x00 del\x7f", "bell nul del"},
		{"c1 \u009b31m csi", "c1 31m csi"},
		{"bidi \u202eevil\u202c \u2066x\u2069", "bidi evil x"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"ünïcødé ✓", "ünïcødé ✓"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"text", "text"},
		{"=1+1", "'=1+1"},
		{"+5%", "'+5%"},
		{"-11.6 % vs baseline", "'-11.6 % vs baseline"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-11.6", "-11.6"}, // a plain number stays a number
		{"+3", "+3"},
		{"-1e5", "-1e5"},
		{"-", "'-"},
		{"-.5", "-.5"},
		{"- 5", "'- 5"},
		{"5=5", "5=5"},
	}
	for _, tt := range tests {
		if got := CSVSafe(tt.in); got != tt.want {
			t.Errorf("CSVSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"product_owner", "product_owner"},
		{"_emph_", `\_emph\_`},
		{"*bold* `code` [link](x)", `\*bold\* \` + "`" + `code\` + "`" + ` \[link\](x)`},
		{"target <= -10%", "target <= -10%"},
		{"<b>x</b> <!-- c -->", `\<b>x\</b> \<!-- c -->`},
		{`a\b ~~s~~ |t|`, `a\\b \~\~s\~\~ \|t\|`},
		{"# heading", `\# heading`},
		{"> quote", `\> quote`},
		{"- item", `\- item`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"2026-02-20 due", "2026-02-20 due"},
		{"-11.6 % vs baseline", `\-11.6 % vs baseline`},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "plain", hostileFormula, hostileScript, hostileEscape, "\u009b\u202e\xff\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanText(s)
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("CleanText(%q) kept %U", s, r)
			}
		}
		if CleanText(got) != got {
			t.Fatalf("CleanText is not idempotent on %q", s)
		}
		safe := CSVSafe(got)
		if safe != "" && strings.ContainsRune("=+-@", rune(safe[0])) && !plainNumber().MatchString(safe) {
			t.Fatalf("CSVSafe(%q) = %q still starts a formula", got, safe)
		}
		esc := mdEscape(got)
		if strings.Contains(strings.ReplaceAll(esc, `\<`, ""), "<s") || strings.Count(esc, "\n") != 0 {
			t.Fatalf("mdEscape(%q) = %q lets a tag or a line break through", got, esc)
		}
	})
}

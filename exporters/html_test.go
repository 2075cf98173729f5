package exporters

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"

	"ringside/model"
	"ringside/model/gates"
)

// htmlCases are the checklists the writers are held to the templates on:
// the goldens' claims-triage, the hostile texts, and one of each branch
// (no review, no sign-offs, on behalf, entered from a file, ready, a
// criterion's dimension, blockers, an empty review, a known sequence).
func htmlCases(t *testing.T) map[string]Checklist {
	t.Helper()
	cases := map[string]Checklist{"claims": claimsChecklist(t), "hostile": hostileChecklist()}

	c := hostileChecklist()
	c.Review, c.Readiness.Signoffs = nil, nil
	cases["no review, no sign-offs"] = c

	c = claimsChecklist(t)
	c.Readiness.Signoffs = append([]gates.SignoffResult(nil), c.Readiness.Signoffs...)
	c.Readiness.Signoffs[0].OnBehalf = true
	c.Readiness.Signoffs[1].EnteredBy = "ops <bot>"
	c.Readiness.Signoffs[1].Signature = "not a signature"
	c.Readiness.Ready = true
	c.Readiness.Blockers = []string{"KPI 'triage_min' has no data", `a "quoted" & <tagged> blocker`}
	c.Readiness.Criteria = append([]gates.CriterionResult(nil), c.Readiness.Criteria...)
	c.Readiness.Criteria[0].Dimension = "privacy & security"
	c.Seq = 42
	cases["branches"] = c

	c = claimsChecklist(t)
	c.Review = &model.GateReview{Gate: model.GateG3}
	cases["empty review"] = c
	return cases
}

func TestHTMLExportsMatchTheTemplates(t *testing.T) {
	t.Parallel()
	for name, c := range htmlCases(t) {
		got, want := bothChecklists(t, newChecklistView(c))
		if got != want {
			t.Errorf("checklist %s: the writer and the template differ %s", name, firstDiff(got, want))
		}
		if c.Review == nil {
			continue
		}
		m := Minutes{PilotName: c.PilotName, Review: *c.Review, Readiness: c.Readiness, HeadHash: c.HeadHash, Seq: c.Seq, ExportedAt: c.ExportedAt}
		got, want = bothMinutes(t, newMinutesView(m))
		if got != want {
			t.Errorf("minutes %s: the writer and the template differ %s", name, firstDiff(got, want))
		}
	}
}

// FuzzHTMLExportsMatchTheTemplates puts fuzzed text, uncleaned (so NUL,
// controls and invalid UTF-8 reach the escapers), into every text field of
// both pages and wants the writers' bytes to be the templates'.
func FuzzHTMLExportsMatchTheTemplates(f *testing.F) {
	for _, s := range []string{"", hostileScript, hostileFormula, hostileEscape, `"}</style><script>x</script>`,
		`a:b;c(d)/e\f{g}`, "x\x00y", "\xff\xfe", "1 2", "\u2028&#9745;", "+'\"", "approve", "met"} {
		f.Add(s, "b", true)
	}
	f.Fuzz(func(t *testing.T, a, b string, flag bool) {
		v := checklistView{
			PilotName: a, Slug: b, Stage: a, Gate: b, GateName: a, AsOf: b, Ready: flag,
			Percent: a, Counts: b, ChecklistHash: a, HeadHash: b, ExportedAt: a, Seq: int64(len(a)),
			Criteria: []checklistItem{{ID: a, Kind: b, Text: a, Dimension: b, Status: a, Evidence: b, Done: flag},
				{ID: b, Kind: a, Text: b, Status: b, Evidence: a}},
			Blockers: []string{a, b},
			Signoffs: []checklistSignoff{{Role: a, Person: b, Decision: a, Meaning: b, Comment: a, At: b, Hash: a, Stale: flag, OnBehalf: true, Key: b},
				{Role: b, Person: a, Decision: b, Meaning: a, At: a, Hash: b, Stale: !flag, EnteredBy: a}},
			Review: &checklistReview{Gate: a, Date: b, Decision: a, Attendees: []string{a, b}, Conditions: []string{b},
				Actions: []checklistAction{{What: a, Who: b, Due: a}}, Notes: []checklistNote{{Criterion: b, Note: a}}},
		}
		if !flag {
			v.Review, v.Signoffs, v.Blockers = nil, nil, nil
		}
		if got, want := bothChecklists(t, v); got != want {
			t.Fatalf("checklist: the writer and the template differ %s", firstDiff(got, want))
		}
		m := minutesView{PilotName: a, Slug: b, Gate: a, GateName: b, Date: a, Decision: b,
			Attendees: []string{b, a}, Conditions: []string{a}, HeadHash: a, ExportedAt: b, Seq: int64(len(b)),
			Criteria: []minutesItem{{Text: a, Status: b, Evidence: a, Note: b, Done: flag}},
			Actions:  []checklistAction{{What: b, Who: a, Due: b}}}
		if !flag {
			m.Conditions, m.Actions = nil, nil
		}
		if got, want := bothMinutes(t, m); got != want {
			t.Fatalf("minutes: the writer and the template differ %s", firstDiff(got, want))
		}
	})
}

// escaperOracles are html/template's escapers at work, one per context the
// writers use, each between markers that no escaper changes.
var escaperOracles = map[string]*template.Template{
	"text":      template.Must(template.New("").Parse(`<p>[{{.}}]</p>`)),
	"attribute": template.Must(template.New("").Parse(`<td class="[{{.}}]">`)),
	"title":     template.Must(template.New("").Parse(`<title>[{{.}}]</title>`)),
	"css":       template.Must(template.New("").Parse(`<style>p { content: "[{{.}}]"; }</style>`)),
}

// FuzzHTMLEscapers compares htmlEscape and cssEscape with html/template's
// escaping of the same string in each context, and checks that what they
// write cannot leave its context.
func FuzzHTMLEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", hostileScript, `"'&+<>`, "\x00", "\xff", `\`, `a"b`, ":x", "}9", "( ", ")\n",
		"é</style>", "\u2028", "a\tb\rc\fd", "{}", "x/y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for ctx, tmpl := range escaperOracles {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, s); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			want := out[strings.Index(out, "[")+1 : strings.LastIndex(out, "]")]
			got := htmlEscape(s)
			if ctx == "css" {
				got = cssEscape(s)
			}
			if got != want {
				t.Fatalf("%s escaping of %q: got %q, html/template writes %q", ctx, s, got, want)
			}
			if ctx == "css" {
				if strings.ContainsAny(got, "<>\"'&;:{}()\n\x00") {
					t.Fatalf("css escaping of %q leaves a CSS or HTML special: %q", s, got)
				}
			} else {
				rest := got
				for _, ref := range []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;", "&#43;"} {
					rest = strings.ReplaceAll(rest, ref, "")
				}
				if strings.ContainsAny(rest, "<>\"'&+\x00") {
					t.Fatalf("%s escaping of %q leaves an HTML special: %q", ctx, s, got)
				}
			}
			if utf8.ValidString(s) && !utf8.ValidString(got) {
				t.Fatalf("%s escaping of valid %q is invalid UTF-8", ctx, s)
			}
		}
	})
}

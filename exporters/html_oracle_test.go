package exporters

import (
	"bytes"
	"html/template"
	"strconv"
	"testing"
)

// The HTML exports were html/template templates until the binary stopped
// linking html/template (see htmlPage). The templates are kept here, as
// they were, as the oracle the hand-written writers must match byte for
// byte, on the golden inputs and on fuzzed text in every field; the
// escaping contexts (text, quoted attributes, the <title>, CSS strings)
// are html/template's own.

func oracleTemplate(name, body string) *template.Template {
	funcs := template.FuncMap{"marked": marked, "anchor": AnchorToken}
	t := template.Must(template.New(name).Funcs(funcs).Parse(oraclePrintCSS))
	return template.Must(t.Parse(body))
}

var (
	oracleChecklist = oracleTemplate("checklist", oracleChecklistHTML)
	oracleMinutes   = oracleTemplate("minutes", oracleMinutesHTML)
)

// bothChecklists renders v with the writer and with the template.
func bothChecklists(t *testing.T, v checklistView) (got, want string) {
	t.Helper()
	var g, w bytes.Buffer
	if err := writeChecklistHTML(&g, v); err != nil {
		t.Fatal(err)
	}
	if err := oracleChecklist.Execute(&w, v); err != nil {
		t.Fatal(err)
	}
	return g.String(), w.String()
}

func bothMinutes(t *testing.T, v minutesView) (got, want string) {
	t.Helper()
	var g, w bytes.Buffer
	if err := writeMinutesHTML(&g, v); err != nil {
		t.Fatal(err)
	}
	if err := oracleMinutes.Execute(&w, v); err != nil {
		t.Fatal(err)
	}
	return g.String(), w.String()
}

// firstDiff names where two renderings part, for a readable failure.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-80)
	return "at byte " + strconv.Itoa(i) + "\n got: …" + got[lo:min(len(got), i+80)] + "\nwant: …" + want[lo:min(len(want), i+80)]
}

const oraclePrintCSS = `{{define "print-css"}}
@page {
  margin: 20mm 14mm 18mm 14mm;
  @top-left { content: "{{.Title}} · {{.Pilot}}"; font: 8pt sans-serif; color: #333; }
  @top-right { content: "{{.Gate}} · {{.Date}}"; font: 8pt sans-serif; color: #333; }
  @bottom-left { content: "{{.Anchor}}"; font: 7pt monospace; color: #333; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #333; }
}
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.meta td:first-child { width: 10em; font-weight: 600; }
.status { font-weight: 700; white-space: nowrap; }
.met, .approve, .ready { color: #0a6b2c; } .waived, .abstain { color: #555; } .unmet, .reject, .notready, .stale { color: #b00020; } .unknown { color: #8a5a00; }
.ready, .notready, .stale { font-weight: 700; }
.signoff { margin: .8em 0; }
code { font-family: ui-monospace, "SFMono-Regular", Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; word-break: break-all; }
footer { margin-top: 2em; border-top: 1px solid #999; padding-top: .5em; font-size: .9em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; padding: 0; }
  table { width: calc(100% - 2px); } /* at 100 % Chromium clips a table's right border at the page's edge */
  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  .signoff, .keep { break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
{{end}}`

const oracleChecklistHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acceptance checklist: {{.PilotName}}, {{.Gate}} {{.GateName}}</title>
<style>{{template "print-css" .Page}}</style>
</head>
<body>
<h1>Acceptance checklist: {{.PilotName}}, {{.Gate}} {{.GateName}}</h1>
<table class="meta">
<tr><td>Pilot</td><td>{{.PilotName}} (<code>{{.Slug}}</code>), stage {{.Stage}}</td></tr>
<tr><td>Gate</td><td>{{.Gate}} {{.GateName}}</td></tr>
<tr><td>As of</td><td>{{.AsOf}}</td></tr>
<tr><td>Verdict</td><td>{{if .Ready}}<span class="ready">✓ ready</span>{{else}}<span class="notready">✗ not ready</span>{{end}}, readiness {{.Percent}} ({{.Counts}})</td></tr>
<tr><td>Checklist hash</td><td><code>{{.ChecklistHash}}</code></td></tr>
</table>

<h2>Criteria</h2>
<table>
<thead><tr><th></th><th>Criterion</th><th>Kind</th><th>Status</th><th>Evidence</th></tr></thead>
<tbody>
{{- range .Criteria}}
<tr><td>{{if .Done}}&#9745;{{else}}&#9744;{{end}}</td><td>{{.Text}}<br><code>{{.ID}}</code>{{if .Dimension}}<br>{{.Dimension}}{{end}}</td><td>{{.Kind}}</td><td class="status {{.Status}}">{{marked .Status}}</td><td>{{.Evidence}}</td></tr>
{{- end}}
</tbody>
</table>
{{- if .Blockers}}

<h2>Blockers</h2>
<ol>
{{- range .Blockers}}
<li>{{.}}</li>
{{- end}}
</ol>
{{- end}}

<h2>Sign-offs</h2>
{{- range .Signoffs}}
<table class="meta signoff">
<tr><td>Decision</td><td class="status {{.Decision}}">{{marked .Decision}}</td></tr>
<tr><td>Name</td><td>{{.Person}}{{if .EnteredBy}} (entered by {{.EnteredBy}} from a portfolio file, on the person's behalf){{else if .OnBehalf}} (on behalf of the role){{end}}</td></tr>
<tr><td>Role</td><td>{{.Role}}</td></tr>
<tr><td>Signature</td><td>{{.SignedWord}}</td></tr>
<tr><td>Signature meaning</td><td>{{.Meaning}}</td></tr>
{{- if .Comment}}
<tr><td>Comment</td><td>{{.Comment}}</td></tr>
{{- end}}
<tr><td>Signed at</td><td>{{.At}}</td></tr>
<tr><td>Checklist</td><td>{{if .Stale}}<span class="stale">✗ stale: signed against an earlier checklist</span>{{else}}✓ current{{end}}<br><code>{{.Hash}}</code></td></tr>
</table>
{{- else}}
<p>No sign-offs yet.</p>
{{- end}}

<h2>Review</h2>
{{- with .Review}}
<div class="keep">
<table class="meta">
<tr><td>Date</td><td>{{.Date}}</td></tr>
<tr><td>Decision</td><td><strong>{{marked .Decision}}</strong></td></tr>
<tr><td>Attendees</td><td>{{range $i, $a := .Attendees}}{{if $i}}, {{end}}{{$a}}{{end}}</td></tr>
</table>
</div>
{{- if .Conditions}}
<h3>Conditions</h3>
<ul>
{{- range .Conditions}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Actions}}
<h3>Action items</h3>
<table>
<thead><tr><th>What</th><th>Who</th><th>Due</th></tr></thead>
<tbody>
{{- range .Actions}}
<tr><td>{{.What}}</td><td>{{.Who}}</td><td>{{.Due}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Notes}}
<h3>Notes</h3>
<ul>
{{- range .Notes}}
<li><code>{{.Criterion}}</code>: {{.Note}}</li>
{{- end}}
</ul>
{{- end}}
{{- else}}
<p>No review of this gate recorded yet.</p>
{{- end}}

<footer>
Audit chain head: <code>{{.HeadHash}}</code><br>
Anchor: <code>{{anchor .Seq .HeadHash}}</code><br>
Exported: {{.ExportedAt}}
</footer>
</body>
</html>
`

const oracleMinutesHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Minutes: {{.Gate}} review of {{.PilotName}}</title>
<style>{{template "print-css" .Page}}</style>
</head>
<body>
<h1>Minutes: {{.Gate}} review of {{.PilotName}}</h1>
<table class="meta">
<tr><td>Pilot</td><td>{{.PilotName}} (<code>{{.Slug}}</code>)</td></tr>
<tr><td>Gate</td><td>{{.Gate}} {{.GateName}}</td></tr>
<tr><td>Date</td><td>{{.Date}}</td></tr>
<tr><td>Attendees</td><td>{{range $i, $a := .Attendees}}{{if $i}}, {{end}}{{$a}}{{end}}</td></tr>
<tr><td>Decision</td><td><strong>{{marked .Decision}}</strong></td></tr>
</table>

<h2>Criteria</h2>
<table>
<thead><tr><th></th><th>Criterion</th><th>Status</th><th>Evidence</th><th>Note</th></tr></thead>
<tbody>
{{- range .Criteria}}
<tr><td>{{if .Done}}&#9745;{{else}}&#9744;{{end}}</td><td>{{.Text}}</td><td class="status {{.Status}}">{{marked .Status}}</td><td>{{.Evidence}}</td><td>{{.Note}}</td></tr>
{{- end}}
</tbody>
</table>
{{- if .Conditions}}

<h2>Conditions</h2>
<ul>
{{- range .Conditions}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Actions}}

<h2>Action items</h2>
<table>
<thead><tr><th>What</th><th>Who</th><th>Due</th></tr></thead>
<tbody>
{{- range .Actions}}
<tr><td>{{.What}}</td><td>{{.Who}}</td><td>{{.Due}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}

<footer>
Audit chain head: <code>{{.HeadHash}}</code><br>
Anchor: <code>{{anchor .Seq .HeadHash}}</code><br>
Exported: {{.ExportedAt}}
</footer>
</body>
</html>
`

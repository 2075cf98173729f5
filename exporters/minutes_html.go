package exporters

import (
	"fmt"
	"io"
	"strings"
	"time"

	"ringside/model/gates"
)

// MinutesFormats lists the formats WriteMinutesAs writes.
var MinutesFormats = []string{"md", "html"}

// MinutesFormatOf picks the minutes' format from a file name: html for
// .html and .htm, else md.
func MinutesFormatOf(path string) string {
	p := strings.ToLower(path)
	if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") {
		return "html"
	}
	return "md"
}

// WriteMinutesAs writes the minutes as Markdown (md) or as a printable HTML
// page (html) with the checklist's print style.
func WriteMinutesAs(w io.Writer, m Minutes, format string) error {
	switch format {
	case "md":
		return WriteMinutes(w, m)
	case "html":
		return minutesHTML().Execute(w, newMinutesView(m))
	}
	return fmt.Errorf("unknown minutes format %q: use one of %s", format, strings.Join(MinutesFormats, ", "))
}

type minutesView struct {
	PilotName, Slug, Gate, GateName, Date, Decision string
	Attendees, Conditions                           []string
	Criteria                                        []minutesItem
	Actions                                         []checklistAction
	HeadHash, ExportedAt                            string
	Seq                                             int64
}

type minutesItem struct {
	Text, Status, Evidence, Note string
	Done                         bool
}

func newMinutesView(m Minutes) minutesView {
	r := m.Review
	v := minutesView{
		PilotName: CleanText(m.PilotName), Slug: CleanText(m.Readiness.Pilot), Gate: CleanText(string(r.Gate)),
		GateName: CleanText(m.Readiness.GateName), Date: r.Date.String(), Decision: CleanText(string(r.Decision)),
		Attendees: cleanAll(r.Attendees), Conditions: cleanAll(r.Conditions),
		HeadHash: CleanText(m.HeadHash), ExportedAt: m.ExportedAt.UTC().Format(time.RFC3339), Seq: m.Seq,
	}
	if v.PilotName == "" {
		v.PilotName = v.Slug
	}
	if v.Decision == "" {
		v.Decision = "(meeting under way)"
	}
	for _, c := range m.Readiness.Criteria {
		v.Criteria = append(v.Criteria, minutesItem{Text: CleanText(c.Text), Status: CleanText(c.Status), Evidence: CleanText(c.Evidence),
			Note: CleanText(r.Notes[c.ID]), Done: c.Status == gates.Met || c.Status == gates.Waived})
	}
	for _, a := range r.Actions {
		v.Actions = append(v.Actions, checklistAction{What: CleanText(a.What), Who: CleanText(a.Who), Due: a.Due.String()})
	}
	return v
}

// Page is what the minutes' printed pages carry in their margins.
func (v minutesView) Page() printPage {
	return printPage{Title: "Minutes", Pilot: v.PilotName, Gate: v.Gate + " " + v.GateName,
		Date: "review " + v.Date, Anchor: anchorText(v.Seq, v.HeadHash)}
}

var minutesHTML = printTemplate("minutes", `<!DOCTYPE html>
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
`)

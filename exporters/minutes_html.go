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
		return writeMinutesHTML(w, newMinutesView(m))
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

// writeMinutesHTML writes the minutes as a printable page with the
// checklist's print style, every field escaped (htmlPage).
func writeMinutesHTML(w io.Writer, v minutesView) error {
	h := &htmlPage{}
	h.put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Minutes: {} review of {}</title>\n<style>", v.Gate, v.PilotName)
	writePrintStyle(h, v.Page())
	h.put("</style>\n</head>\n<body>\n<h1>Minutes: {} review of {}</h1>\n<table class=\"meta\">\n", v.Gate, v.PilotName)
	h.put("<tr><td>Pilot</td><td>{} (<code>{}</code>)</td></tr>\n<tr><td>Gate</td><td>{} {}</td></tr>\n<tr><td>Date</td><td>{}</td></tr>\n<tr><td>Attendees</td><td>",
		v.PilotName, v.Slug, v.Gate, v.GateName, v.Date)
	htmlJoin(h, v.Attendees)
	h.put("</td></tr>\n<tr><td>Decision</td><td><strong>{}</strong></td></tr>\n</table>\n\n", marked(v.Decision))

	h.raw("<h2>Criteria</h2>\n<table>\n<thead><tr><th></th><th>Criterion</th><th>Status</th><th>Evidence</th><th>Note</th></tr></thead>\n<tbody>")
	for _, c := range v.Criteria {
		h.raw("\n<tr><td>" + checkBox(c.Done))
		h.put(`</td><td>{}</td><td class="status {}">{}</td><td>{}</td><td>{}</td></tr>`, c.Text, c.Status, marked(c.Status), c.Evidence, c.Note)
	}
	h.raw("\n</tbody>\n</table>")
	if len(v.Conditions) > 0 {
		h.raw("\n\n<h2>Conditions</h2>\n<ul>")
		htmlItems(h, v.Conditions)
		h.raw("\n</ul>")
	}
	if len(v.Actions) > 0 {
		h.raw("\n\n<h2>Action items</h2>")
		htmlActions(h, v.Actions)
	}
	htmlFooter(h, v.HeadHash, v.Seq, v.ExportedAt)
	_, err := io.WriteString(w, h.String())
	return err
}

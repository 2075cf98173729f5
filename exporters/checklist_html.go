package exporters

import "io"

// writeChecklistHTML writes the checklist as one self-contained printable
// page: inline CSS, no scripts, no external assets, every field escaped
// (htmlPage). The print style (print.go) repeats pilot, gate, date, the
// audit anchor and the page number on every printed page.
func writeChecklistHTML(w io.Writer, v checklistView) error {
	h := &htmlPage{}
	h.put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Acceptance checklist: {}, {} {}</title>\n<style>",
		v.PilotName, v.Gate, v.GateName)
	writePrintStyle(h, v.Page())
	h.put("</style>\n</head>\n<body>\n<h1>Acceptance checklist: {}, {} {}</h1>\n<table class=\"meta\">\n", v.PilotName, v.Gate, v.GateName)
	h.put("<tr><td>Pilot</td><td>{} (<code>{}</code>), stage {}</td></tr>\n", v.PilotName, v.Slug, v.Stage)
	h.put("<tr><td>Gate</td><td>{} {}</td></tr>\n<tr><td>As of</td><td>{}</td></tr>\n<tr><td>Verdict</td><td>", v.Gate, v.GateName, v.AsOf)
	if v.Ready {
		h.raw(`<span class="ready">✓ ready</span>`)
	} else {
		h.raw(`<span class="notready">✗ not ready</span>`)
	}
	h.put(", readiness {} ({})</td></tr>\n<tr><td>Checklist hash</td><td><code>{}</code></td></tr>\n</table>\n\n", v.Percent, v.Counts, v.ChecklistHash)

	h.raw("<h2>Criteria</h2>\n<table>\n<thead><tr><th></th><th>Criterion</th><th>Kind</th><th>Status</th><th>Evidence</th></tr></thead>\n<tbody>")
	for _, c := range v.Criteria {
		h.raw("\n<tr><td>" + checkBox(c.Done))
		h.put("</td><td>{}<br><code>{}</code>", c.Text, c.ID)
		if c.Dimension != "" {
			h.put("<br>{}", c.Dimension)
		}
		h.put(`</td><td>{}</td><td class="status {}">{}</td><td>{}</td></tr>`, c.Kind, c.Status, marked(c.Status), c.Evidence)
	}
	h.raw("\n</tbody>\n</table>")
	if len(v.Blockers) > 0 {
		h.raw("\n\n<h2>Blockers</h2>\n<ol>")
		htmlItems(h, v.Blockers)
		h.raw("\n</ol>")
	}

	h.raw("\n\n<h2>Sign-offs</h2>")
	for _, s := range v.Signoffs {
		h.put("\n<table class=\"meta signoff\">\n<tr><td>Decision</td><td class=\"status {}\">{}</td></tr>\n<tr><td>Name</td><td>{}",
			s.Decision, marked(s.Decision), s.Person)
		if s.EnteredBy != "" {
			h.put(" (entered by {} from a portfolio file, on the person's behalf)", s.EnteredBy)
		} else if s.OnBehalf {
			h.raw(" (on behalf of the role)")
		}
		h.put("</td></tr>\n<tr><td>Role</td><td>{}</td></tr>\n<tr><td>Signature</td><td>{}</td></tr>\n<tr><td>Signature meaning</td><td>{}</td></tr>",
			s.Role, s.SignedWord(), s.Meaning)
		if s.Comment != "" {
			h.put("\n<tr><td>Comment</td><td>{}</td></tr>", s.Comment)
		}
		h.put("\n<tr><td>Signed at</td><td>{}</td></tr>\n<tr><td>Checklist</td><td>", s.At)
		if s.Stale {
			h.raw(`<span class="stale">✗ stale: signed against an earlier checklist</span>`)
		} else {
			h.raw("✓ current")
		}
		h.put("<br><code>{}</code></td></tr>\n</table>", s.Hash)
	}
	if len(v.Signoffs) == 0 {
		h.raw("\n<p>No sign-offs yet.</p>")
	}

	h.raw("\n\n<h2>Review</h2>")
	if r := v.Review; r != nil {
		h.put("\n<div class=\"keep\">\n<table class=\"meta\">\n<tr><td>Date</td><td>{}</td></tr>\n<tr><td>Decision</td><td><strong>{}</strong></td></tr>\n<tr><td>Attendees</td><td>",
			r.Date, marked(r.Decision))
		htmlJoin(h, r.Attendees)
		h.raw("</td></tr>\n</table>\n</div>")
		if len(r.Conditions) > 0 {
			h.raw("\n<h3>Conditions</h3>\n<ul>")
			htmlItems(h, r.Conditions)
			h.raw("\n</ul>")
		}
		if len(r.Actions) > 0 {
			h.raw("\n<h3>Action items</h3>")
			htmlActions(h, r.Actions)
		}
		if len(r.Notes) > 0 {
			h.raw("\n<h3>Notes</h3>\n<ul>")
			for _, n := range r.Notes {
				h.put("\n<li><code>{}</code>: {}</li>", n.Criterion, n.Note)
			}
			h.raw("\n</ul>")
		}
	} else {
		h.raw("\n<p>No review of this gate recorded yet.</p>")
	}
	htmlFooter(h, v.HeadHash, v.Seq, v.ExportedAt)
	_, err := io.WriteString(w, h.String())
	return err
}

// checkBox is a criterion's box: ticked when met or waived.
func checkBox(done bool) string {
	if done {
		return "&#9745;"
	}
	return "&#9744;"
}

// htmlItems writes one <li> per item, each on its own line.
func htmlItems(h *htmlPage, items []string) {
	for _, it := range items {
		h.put("\n<li>{}</li>", it)
	}
}

// htmlJoin writes items separated by ", ".
func htmlJoin(h *htmlPage, items []string) {
	for i, it := range items {
		if i > 0 {
			h.raw(", ")
		}
		h.raw(htmlEscape(it))
	}
}

// htmlActions writes the action items' table.
func htmlActions(h *htmlPage, actions []checklistAction) {
	h.raw("\n<table>\n<thead><tr><th>What</th><th>Who</th><th>Due</th></tr></thead>\n<tbody>")
	for _, a := range actions {
		h.put("\n<tr><td>{}</td><td>{}</td><td>{}</td></tr>", a.What, a.Who, a.Due)
	}
	h.raw("\n</tbody>\n</table>")
}

// htmlFooter writes the audit anchor footer and closes the page.
func htmlFooter(h *htmlPage, head string, seq int64, exportedAt string) {
	h.put("\n\n<footer>\nAudit chain head: <code>{}</code><br>\nAnchor: <code>{}</code><br>\nExported: {}\n</footer>\n</body>\n</html>\n",
		head, AnchorToken(seq, head), exportedAt)
}

package exporters

import "strconv"

// printPage is what every printed page of an HTML export carries in its
// margins, so a page read without the first one still says what it is:
// the document and pilot at the top left, gate and date at the top right,
// the audit chain anchor at the bottom left and "Page N of M" at the
// bottom right.
type printPage struct {
	Title, Pilot, Gate, Date string
	Anchor                   string // "audit chain seq 42 · head 4b1d…" (the full hash)
}

// anchorText spells the audit chain anchor of an export: the sequence
// number of the chain's head (when known) and its hash.
func anchorText(seq int64, head string) string {
	if seq > 0 {
		return "audit chain seq " + strconv.FormatInt(seq, 10) + " · head " + head
	}
	return "audit chain head " + head
}

// writePrintStyle writes the style sheet shared by the printable HTML
// exports, with page's fields in its page-margin boxes. The running header
// and footer are CSS page-margin boxes, which Chromium (131 and later)
// prints with counter(page) and counter(pages); a browser without them
// still prints the document whole, with the same details on its first
// page. Table headers repeat on every page (thead), no row is split across
// pages, and each sign-off block stays on one page. Verdicts carry a mark
// and a word (✓ met, ✗ unmet, — waived, ? unknown), so a black-and-white
// print reads the same as the screen. The page fields sit in CSS strings
// and are escaped for them (cssEscape).
//
// In @media print, a table is 2px narrower than the page: at 100 %
// Chromium clips a table's right border at the page's edge. (The two
// spaces after that rule are where the sheet once had this as a CSS
// comment, which the template engine dropped; they stay so the exports
// are byte for byte what they were.)
func writePrintStyle(h *htmlPage, p printPage) {
	h.raw("\n@page {\n  margin: 20mm 14mm 18mm 14mm;\n")
	h.css(`  @top-left { content: "{} · {}"; font: 8pt sans-serif; color: #333; }`+"\n", p.Title, p.Pilot)
	h.css(`  @top-right { content: "{} · {}"; font: 8pt sans-serif; color: #333; }`+"\n", p.Gate, p.Date)
	h.css(`  @bottom-left { content: "{}"; font: 7pt monospace; color: #333; }`+"\n", p.Anchor)
	h.raw(printCSSRest)
}

// printCSSRest is the static rest of the print style sheet.
const printCSSRest = `  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #333; }
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
` + "  table { width: calc(100% - 2px); }  \n" + `  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  .signoff, .keep { break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// markOf is the colour-independent mark of a status or decision.
func markOf(s string) string {
	switch s {
	case "met", "approve", "pass", "go", "conditional", "ready":
		return "✓"
	case "unmet", "reject", "fail", "kill", "not ready", "stale":
		return "✗"
	case "waived", "abstain", "hold", "recycle":
		return "—"
	case "unknown", "warn", "nodata":
		return "?"
	}
	return ""
}

// marked is a status or decision with its mark before it, e.g. "✓ met".
func marked(s string) string {
	if m := markOf(s); m != "" {
		return m + " " + s
	}
	return s
}

// Page is what the checklist's printed pages carry in their margins.
func (v checklistView) Page() printPage {
	return printPage{Title: "Acceptance checklist", Pilot: v.PilotName, Gate: v.Gate + " " + v.GateName,
		Date: "as of " + v.AsOf, Anchor: anchorText(v.Seq, v.HeadHash)}
}

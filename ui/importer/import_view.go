package importer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"ringside/app"
	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

func (s *Screen) View() string {
	st := &s.c.Styles
	lines := []string{s.steps(), ""}
	switch s.step {
	case stepPick:
		lines = append(lines[:1], s.picker.view(s.c, s.width, s.listRoom())...)
	case stepPreview:
		lines = append(lines, s.previewLines()...)
	case stepCheck:
		lines = append(lines, s.fileLine(), s.pilotLine())
		lines = append(lines, s.sourceLines()...)
		lines = append(lines, "")
		lines = append(lines, s.checkLines()...)
	case stepImport:
		lines = append(lines, s.fileLine(), "")
		lines = append(lines, s.progressLines("Importing")...)
	case stepDone:
		lines = append(lines, s.fileLine(), "")
		lines = append(lines, s.doneLines()...)
	}
	if s.err != nil && !s.running() {
		lines = append(lines, "")
		lines = append(lines, s.wrapped(st.Error, " ", " ", s.err.Error())...)
	}
	if s.step == stepPick {
		return common.Frame(lines, s.width, s.height)
	}
	// below the steps line the screen scrolls (j/k, pgup/pgdn, g/G) when
	// its lines outgrow the screen, and says what is above and below
	return common.Frame(append(lines[:1], s.window(lines[1:])...), s.width, s.height)
}

// scrollRoom is how many lines show below the steps line.
func (s *Screen) scrollRoom() int { return max(s.height-1, 1) }

// window is the part of body that shows at the scroll offset (clamped),
// its first line saying how many lines are above, its last how many below.
func (s *Screen) window(body []string) []string {
	room := s.scrollRoom()
	s.scrollMax = max(len(body)-room, 0)
	s.scroll = min(max(s.scroll, 0), s.scrollMax)
	if len(body) <= room || room < 3 {
		return body
	}
	muted := s.c.Styles.Muted
	out := append([]string{}, body[s.scroll:min(s.scroll+room, len(body))]...)
	if s.scroll > 0 {
		out[0] = muted.Render("  ↑ " + common.Count(s.scroll, "more line") + " above (" + s.c.Keys.ScrollHint(true, true) + ")")
	}
	if below := len(body) - (s.scroll + room); below > 0 {
		// the hint takes the last line's place: that line is below too
		out[len(out)-1] = muted.Render("  ↓ " + common.Count(below+1, "more line") + " (" + s.c.Keys.ScrollHint(false, true) + ")")
	}
	return out
}

// wrapped is text made safe and wrapped to the screen: the first line
// after first, the others after indent, each in style.
func (s *Screen) wrapped(style lipgloss.Style, first, indent, text string) []string {
	var out []string
	for i, l := range widgets.Wrap(model.Line(text), max(s.width-widgets.Width(indent)-1, 10)) {
		lead := indent
		if i == 0 {
			lead = first
		}
		out = append(out, style.Render(lead+l))
	}
	return out
}

// steps is the line naming the five steps, the current one marked.
func (s *Screen) steps() string {
	st := &s.c.Styles
	parts := make([]string, len(importStepNames))
	for i, n := range importStepNames {
		label := fmt.Sprintf("%d %s", i+1, n)
		if importStep(i) == s.step {
			parts[i] = st.TabActive.Render("▸" + label)
		} else {
			parts[i] = st.Muted.Render(" " + label)
		}
	}
	return strings.Join(parts, st.Muted.Render(" ›"))
}

func (s *Screen) fileLine() string {
	return " file  " + model.Line(s.name) + s.c.Styles.Muted.Render("  ("+humanSize(s.size)+")")
}

func (s *Screen) pilotLine() string {
	if s.pilot == "" {
		return " pilot " + s.c.Styles.Muted.Render("none chosen: every row must name its pilot ("+common.Named(s.c.Keys.ChangePilot)+" chooses one)")
	}
	return " pilot " + model.Line(s.pilot) + s.c.Styles.Muted.Render("  for rows that name none ("+s.c.Keys.ChangePilot.Help().Key+" changes)")
}

// sourceLines say which source the file is read with and the columns the
// user named, then the box asking for a mapping or a name, and what the
// last save did.
func (s *Screen) sourceLines() []string {
	st, k := &s.c.Styles, &s.c.Keys
	var out []string
	fit := s.sourcesFitting()
	if src, ok := s.chosen(); ok {
		out = append(out, " source "+model.Line(src.Name)+st.Muted.Render(fmt.Sprintf("  (%d of %d; %s the next, %s names a column, %s saves)", s.source+1, len(s.sources), common.Named(k.ChangeSource), common.Named(k.MapColumn), common.Named(k.SaveSource))))
	} else if len(fit) > 0 {
		out = append(out, " source "+st.Muted.Render(fmt.Sprintf("none  (%s picks one of %d made for this file: %s)", common.Named(k.ChangeSource), len(fit), model.Line(sourceNames(fit)))))
	} else if len(s.sources) > 0 {
		out = append(out, " source "+st.Muted.Render(fmt.Sprintf("none  (none of the %d sources is made for this file)", len(s.sources))))
	}
	if len(s.maps) > 0 {
		var m []string
		for _, role := range slices.Sorted(maps.Keys(s.maps)) {
			m = append(m, role+"="+s.maps[role])
		}
		out = append(out, " mapped "+model.Line(strings.Join(m, "  "))+st.Muted.Render("  ("+s.c.Keys.SaveSource.Help().Key+" saves them as a source)"))
	}
	if s.asking != "" {
		out = append(out, " "+s.input.View(max(s.width-2, 20)))
	}
	if s.saved != "" {
		out = append(out, " "+model.Line(s.saved))
	}
	return out
}

// sourcesFitting are the sources that read the open file (all of them
// until that is known).
func (s *Screen) sourcesFitting() []model.ImportSource {
	var fit []model.ImportSource
	for _, src := range s.sources {
		if s.fitting(src) {
			fit = append(fit, src)
		}
	}
	return fit
}

func sourceNames(srcs []model.ImportSource) string {
	names := make([]string, len(srcs))
	for i, src := range srcs {
		names[i] = src.Name
	}
	return widgets.Cut(strings.Join(names, ", "), 60)
}

// aggregationLine says, for the metrics of the file a KPI names, how
// their KPIs combine several readings of one day: mean (each reading
// counts in the window's mean), sum, min, max or last.
func (s *Screen) aggregationLine(p *app.Preview) string {
	by := map[model.Aggregation][]string{}
	for _, m := range p.Metrics {
		for _, pl := range p.Pilots {
			if k, ok := s.pilots[pl]; ok && slices.Contains(k.kpis, m) {
				agg := k.agg[m]
				if agg == "" {
					agg = model.AggMean
				}
				by[agg] = append(by[agg], m)
				break
			}
		}
	}
	what := map[model.Aggregation]string{model.AggMean: "mean of every reading", model.AggSum: "day's sum",
		model.AggMin: "day's min", model.AggMax: "day's max", model.AggLast: "day's last"}
	var parts []string
	for _, agg := range model.Aggregations {
		if len(by[agg]) > 0 {
			parts = append(parts, what[agg]+": "+strings.Join(by[agg], ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return s.c.Styles.Muted.Render(" a day's readings → " + model.Line(strings.Join(parts, " · ")))
}

func (s *Screen) previewLines() []string {
	st := &s.c.Styles
	lines := append([]string{s.fileLine(), s.pilotLine()}, s.sourceLines()...)
	p := s.preview
	switch {
	case s.err != nil:
		return lines
	case p == nil:
		return append(lines, "", " reading the start of the file…")
	case p.Fatal != "":
		return append(lines, "", st.Error.Render(" "+p.Fatal), "", " "+s.c.Keys.Back.Help().Key+" picks another file; "+s.c.Keys.ChangePilot.Help().Key+" chooses the pilot if the file has no pilot column")
	}
	d := p.Dialect
	scanned := fmt.Sprintf("%d row%s read", p.Scanned, common.Plural(p.Scanned))
	if p.Partial {
		scanned = fmt.Sprintf("first %d rows read", p.Scanned)
	}
	lines = append(lines, fmt.Sprintf(" layout %s · delimiter %s · decimal %s · %s", d.Layout, delimiterName(d.Delimiter), decimalName(d.DecimalComma), scanned))
	lines = append(lines, s.keyLines(p)...)
	if a := s.aggregationLine(p); a != "" {
		lines = append(lines, a)
	}
	lines = append(lines, "", st.Heading.Render(previewRow("line", "date", "pilot", "ring", "metric", "value")))
	for _, r := range p.Rows {
		lines = append(lines, previewRow(fmt.Sprint(r.Line), r.Day.String(), r.Pilot, r.Ring, r.Metric, shortFloat(r.Value)))
	}
	if len(p.Rows) == 0 {
		lines = append(lines, "  no row reads cleanly")
	}
	for i, e := range p.Errors {
		if i == 2 {
			lines = append(lines, st.Muted.Render("   … and more: the dry run lists them all"))
			break
		}
		lines = append(lines, st.Error.Render(" "+e))
	}
	return append(lines, "", st.Muted.Render(" "+s.c.Keys.DryRun.Help().Key+" runs a dry run: it reads every row and writes nothing"))
}

// previewRow lays out one row of the preview table; text is made safe.
func previewRow(line, date, pilot, ring, metric, value string) string {
	return " " + widgets.FitLeft(line, 5) + "  " + widgets.Fit(model.Line(date), 11) + widgets.Fit(model.Line(pilot), 21) +
		widgets.Fit(model.Line(ring), 11) + widgets.Fit(model.Line(metric), 20) + widgets.FitLeft(model.Line(value), 9)
}

// keyLines lists the pilots, rings and metrics found, each marked by
// whether the portfolio knows it: ✓ known, ? not (yet) defined.
func (s *Screen) keyLines(p *app.Preview) []string {
	known := func(pilot string) (pilotKeys, bool) {
		for slug, k := range s.pilots {
			if strings.EqualFold(slug, pilot) {
				return k, true
			}
		}
		return pilotKeys{}, false
	}
	mark := func(ok bool) string {
		if ok {
			return " ✓"
		}
		return " ?"
	}
	var pilots, rings, metrics []string
	var ks []pilotKeys
	for _, pl := range p.Pilots {
		k, ok := known(pl)
		pilots = append(pilots, model.Line(pl)+mark(ok))
		if ok {
			ks = append(ks, k)
		}
	}
	in := func(key string, lists func(pilotKeys) []string) bool {
		for _, k := range ks {
			if slices.ContainsFunc(lists(k), func(x string) bool { return strings.EqualFold(x, key) }) {
				return true
			}
		}
		return false
	}
	for _, r := range p.Rings {
		rings = append(rings, model.Line(r)+mark(r == "baseline" || in(r, func(k pilotKeys) []string { return k.rings })))
	}
	named := 0
	for _, m := range p.Metrics {
		ok := in(m, func(k pilotKeys) []string { return k.kpis })
		if ok {
			named++
		}
		metrics = append(metrics, model.Line(m)+mark(ok))
	}
	line := func(label string, items []string) string {
		return " " + widgets.Fit(label, 8) + strings.Join(items, "  ")
	}
	return []string{
		line("pilots", pilots),
		line("rings", rings),
		line("metrics", metrics),
		s.c.Styles.Muted.Render(fmt.Sprintf(" ✓ known · ? not defined yet (kept for later) · %d of %d metrics named by a KPI", named, len(p.Metrics))),
	}
}

// maxErrorLines is how many rejected rows the screen lists (it scrolls
// through them); the command line's dry run lists them all.
const maxErrorLines = 1000

// errorLines are the rejected rows' errors, each wrapped whole, at most
// maxErrorLines of them, then how many were rejected in all.
func (s *Screen) errorLines(errs []string, rejected int) []string {
	var lines []string
	for i, e := range errs {
		if i == maxErrorLines {
			break
		}
		lines = append(lines, s.wrapped(lipgloss.NewStyle(), "   ", "     ", e)...)
	}
	listed := min(len(errs), maxErrorLines)
	if listed > 0 && strings.HasPrefix(errs[listed-1], "…") {
		return lines // the list ends by saying how many more there are
	}
	if rejected > listed {
		lines = append(lines, s.c.Styles.Muted.Render(fmt.Sprintf("   … %d rejected rows in all (ringside import metrics --dry-run lists them)", rejected)))
	}
	return lines
}

func (s *Screen) checkLines() []string {
	st := &s.c.Styles
	if s.running() {
		return s.progressLines("Dry run: reading")
	}
	d := s.dry
	if d == nil {
		return nil
	}
	lines := []string{st.Heading.Render(" Dry run: nothing written yet"), countsLine(*d)}
	switch {
	case !d.Accepted:
		lines = append(lines, st.Error.Render(fmt.Sprintf(" rejected: %d row%s cannot be read, so nothing would be imported", d.Rejected, common.Plural(d.Rejected))))
		lines = append(lines, s.errorLines(d.Errors, d.Rejected)...)
		return append(lines, "", " fix the lines listed, then "+s.c.Keys.Back.Help().Key+" and pick the file again")
	case !d.Changed():
		return append(lines, "", " nothing to import: every row is already stored ("+s.c.Keys.Back.Help().Key+" goes back)")
	}
	lines = append(lines, noteLines(*d)...)
	return append(lines, "", st.Bold.Render(" "+s.c.Keys.RunImport.Help().Key+" imports")+st.Muted.Render(" in one transaction; "+s.c.Keys.StopImport.Help().Key+" cancels it while it runs"))
}

// countsLine: rows 14 · new 10 · updated 2 · unchanged 2 · rejected 0.
func countsLine(st app.ImportStats) string {
	return fmt.Sprintf(" rows %d · new %d · updated %d · unchanged %d · rejected %d", st.Rows, st.New, st.Updated, st.Unchanged, st.Rejected)
}

// noteLines are the kept-but-unknown keys of an import.
func noteLines(st app.ImportStats) []string {
	var out []string
	for _, u := range st.UnknownMetrics {
		out = append(out, fmt.Sprintf(" keeps %d row%s of metric `%s`, which no KPI of %s names yet", u.Rows, common.Plural(u.Rows), model.Line(u.Key), model.Line(u.Pilot)))
	}
	for _, u := range st.UnknownRings {
		out = append(out, fmt.Sprintf(" keeps %d row%s of ring `%s`, which %s does not define yet", u.Rows, common.Plural(u.Rows), model.Line(u.Key), model.Line(u.Pilot)))
	}
	return out
}

func (s *Screen) progressLines(what string) []string {
	st := &s.c.Styles
	pct := 0.0
	if s.size > 0 {
		pct = min(float64(s.read)/float64(s.size), 1)
	}
	lines := []string{
		" " + what + " " + model.Line(s.name) + "…",
		" " + common.ProgressBar(pct, max(min(s.width-30, 50), 10), st) + fmt.Sprintf(" %3.0f%%  %s of %s", pct*100, humanSize(s.read), humanSize(s.size)),
		"",
	}
	if s.cancel {
		return append(lines, st.Warn.Render(" cancelling: rolling the transaction back…"))
	}
	return append(lines, st.Muted.Render(" "+s.c.Keys.StopImport.Help().Key+" cancels: the transaction rolls back and nothing is written"))
}

func (s *Screen) doneLines() []string {
	st := &s.c.Styles
	r := s.result
	switch {
	case errors.Is(r.err, context.Canceled):
		return []string{st.Warn.Render(" cancelled: nothing written"), " the transaction was rolled back; the database is as it was",
			"", st.Muted.Render(" " + s.c.Keys.CloseImport.Help().Key + " closes · " + s.c.Keys.Another.Help().Key + " imports another file")}
	case r.err != nil:
		return append(s.wrapped(st.Error, " import failed: ", "   ", r.err.Error()), "", st.Muted.Render(" "+s.c.Keys.CloseImport.Help().Key+" closes · "+s.c.Keys.Another.Help().Key+" tries another file"))
	case !r.st.Accepted:
		lines := []string{st.Error.Render(" rejected: the file changed since the dry run; nothing written"), countsLine(r.st)}
		lines = append(lines, s.errorLines(r.st.Errors, r.st.Rejected)...)
		return append(lines, "", st.Muted.Render(" "+s.c.Keys.CloseImport.Help().Key+" closes · "+s.c.Keys.Another.Help().Key+" tries another file"))
	case !r.st.Changed():
		return []string{" nothing imported: every row was already stored", countsLine(r.st)}
	}
	lines := []string{st.Pass.Render(fmt.Sprintf(" imported: %d new, %d updated, %d unchanged", r.st.New, r.st.Updated, r.st.Unchanged)) +
		st.Muted.Render(fmt.Sprintf("  (import #%d, one audit entry)", r.st.ImportID))}
	lines = append(lines, noteLines(r.st)...)
	lines = append(lines, "", st.Heading.Render(" Ring health it changed, as of "+s.c.Date(s.c.Opt.AsOf)))
	if r.healthErr != nil {
		lines = append(lines, s.wrapped(st.Error, " could not read ring health: ", "   ", r.healthErr.Error())...)
	}
	prev := ""
	for _, ch := range r.changes {
		pilot := ""
		if ch.Pilot != prev {
			pilot, prev = ch.Pilot, ch.Pilot
		}
		lines = append(lines, s.changeLine(pilot, ch))
	}
	if len(r.changes) == 0 && r.healthErr == nil {
		lines = append(lines, "   no ring's health moved")
	}
	return append(lines, "", st.Muted.Render(" "+s.c.Keys.CloseImport.Help().Key+" closes · "+s.c.Keys.Another.Help().Key+" imports another file"))
}

// changeLine: "  claims-triage     canary   ◐ warn → ✖ fail".
func (s *Screen) changeLine(pilot string, ch ringChange) string {
	st := &s.c.Styles
	verdict := func(v RingVerdict) string {
		g, style := common.HealthGlyph(v.Status, st)
		t := g + " " + string(v.Status)
		if v.Trigger {
			t += " " + common.GlyphTrigger
		}
		return style.Render(t)
	}
	before := st.Muted.Render("new")
	if ch.known {
		before = verdict(ch.Before)
	}
	tail := ""
	if !ch.Changed() {
		tail = st.Muted.Render("  (unchanged)")
	}
	return "   " + widgets.Fit(model.Line(pilot), 22) + widgets.Fit(model.Line(ch.Ring), 10) + before + " → " + verdict(ch.After) + tail
}

func delimiterName(r rune) string {
	switch r {
	case ',':
		return `"," comma`
	case ';':
		return `";" semicolon`
	case '\t':
		return "tab"
	}
	return model.Line(string(r))
}

func decimalName(comma bool) string {
	if comma {
		return "comma (7,9)"
	}
	return "point (7.9)"
}

func shortFloat(v float64) string { return fmt.Sprint(v) }

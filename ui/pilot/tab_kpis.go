package pilot

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/health"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// kpiRow is one ring×KPI of the Rings & KPIs table.
type kpiRow struct {
	ring string
	kpi  *model.KPI
	h    health.KPIHealth
	vals []float64 // daily values, oldest first
	days []model.Date
}

// kpiPane is the ring × KPI table with a sparkline per row; enter opens a
// chart of the selected KPI's daily values.
// The rows are a common.List keyed by ring and KPI: a reload (a save,
// an import) keeps the cursor on the same ring's KPI however many rows
// before it came or went, and keeps the filter and the scroll.
type kpiPane struct {
	c      *common.Common
	d      *pilotData
	list   common.List[kpiRow]
	chart  bool
	width  int
	height int
}

// kpiKey names a row across reloads: its ring and its KPI's key.
func kpiKey(r kpiRow) string { return r.ring + "\x00" + r.kpi.Key }

func newKPIPane(c *common.Common, d *pilotData) *kpiPane {
	p := &kpiPane{c: c, d: d}
	p.list = common.List[kpiRow]{Key: kpiKey, Filter: common.LineInput{Prompt: "/ "},
		Match: func(q string, r kpiRow) bool { return common.LineMatches(q, r.ring+" "+r.kpi.Key+" "+r.kpi.Name) }}
	var rows []kpiRow
	for _, rh := range d.a.Health.Rings {
		for _, kh := range rh.KPIs {
			k, ok := d.in.Pilot.KPI(kh.Key)
			if !ok {
				continue
			}
			r := kpiRow{ring: rh.Ring, kpi: k, h: kh}
			if s, ok := d.in.Obs[rh.Ring][kh.Key]; ok {
				r.vals, r.days = s.Values, s.Days
			}
			rows = append(rows, r)
		}
	}
	p.list.SetItems(rows)
	return p
}

// refilter keeps the rows whose ring, KPI key or name match the filter,
// with the cursor on the row it was on when that row still shows, else
// on the first.
func (p *kpiPane) refilter() {
	was, ok := p.list.Selected()
	p.list.Refilter()
	if !ok || !p.list.Select(func(r kpiRow) bool { return kpiKey(r) == kpiKey(was) }) {
		p.list.SetCursor(0)
	}
}

// selected is the row under the cursor.
func (p *kpiPane) selected() (kpiRow, bool) { return p.list.Selected() }

// Capturing: the filter box has the keys while it is open.
func (p *kpiPane) Capturing() bool { return p.list.Filter.Focus }

func (p *kpiPane) filtering() bool { return p.list.Filter.Focus || p.list.Filtering() }

func (p *kpiPane) SetSize(w, h int) { p.width, p.height = w, h }

func (p *kpiPane) Keys() []key.Binding {
	k := p.c.Keys
	if p.list.Filter.Focus {
		return []key.Binding{k.Accept, k.Cancel, k.TypingUp, k.TypingDown}
	}
	return append([]key.Binding{k.Chart, k.Filter}, k.ListBindings()...)
}

func (p *kpiPane) Back() bool {
	if p.chart {
		p.chart = false
		return true
	}
	if p.list.Filtering() {
		p.list.Filter.Clear()
		p.refilter()
		return true
	}
	return false
}

// tableRoom is the rows the table shows: the pane less its header and the
// selected row's evidence and "why" (three lines kept for them, more when
// they wrap further: each is read whole, never cut at the edge).
func (p *kpiPane) tableRoom() int {
	return max(p.height-1-p.top()-max(3, len(p.selectedLines())), 1)
}

// selectedLines are the selected row's evidence and deciding reason,
// wrapped to the pane: "pilot · csat: current 4.26 (95 % CI …) vs baseline
// 4.1 …" then the why, indented.
func (p *kpiPane) selectedLines() []string {
	sel, ok := p.selected()
	if !ok {
		return nil
	}
	st := &p.c.Styles
	why := sel.h.Deciding()
	if why == "" {
		why = "no explanation"
	}
	var out []string
	for i, l := range widgets.Wrap(model.Line(sel.ring)+" · "+model.Line(sel.kpi.Key)+": "+model.Line(assess.Evidence(sel.h)), max(p.width-3, 8)) {
		lead := " "
		if i > 0 {
			lead = "   "
		}
		out = append(out, st.Muted.Render(lead+l))
	}
	for _, l := range widgets.Wrap(model.Line(why), max(p.width-3, 8)) {
		out = append(out, "   "+l)
	}
	return out
}

// top is the lines above the table's header: the filter box when open and
// the rings' verdicts.
func (p *kpiPane) top() int {
	n := len(p.ringLines(p.width))
	if p.filtering() {
		n++
	}
	return n
}

func (p *kpiPane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.Keys
	n := p.list.Len()
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.list.Filter.Focus {
			if d, ok := k.TypingStep(msg); ok {
				p.list.Move(d)
			} else if p.list.Filter.FilterKey(&k, msg) {
				p.refilter()
			}
			break
		}
		if d, ok := k.Step(msg, p.tableRoom(), n); ok {
			p.list.Move(d)
		} else if key.Matches(msg, k.Chart) {
			p.chart = n > 0 && !p.chart
		} else if key.Matches(msg, k.Filter) && !p.chart {
			p.list.Filter.Focus = true
		}
	case tea.MouseClickMsg:
		top := 1 + p.top()
		row := msg.Y - top + p.list.Offset()
		if !p.chart && msg.Y >= top && row < n {
			if row == p.list.Cursor() {
				p.chart = true
			}
			p.list.SetCursor(row)
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.list.Move(-3)
		} else if msg.Button == tea.MouseWheelDown {
			p.list.Move(3)
		}
	}
	p.list.Scroll(p.tableRoom())
	return nil
}

type kpiCols struct{ ring, kpi, num, delta, target, spark, why int }

func kpiColumns(w int) kpiCols {
	c := kpiCols{ring: 8, kpi: 14, num: 7, delta: 8, target: 10, spark: 10}
	fixed := 2 + c.ring + 1 + c.kpi + 1 + 2*(c.num+1) + c.delta + 1 + c.target + 1 + 2 + 1 + 2 + 1 + c.spark
	c.why = w - fixed - 1
	if c.why < 8 { // too narrow to say anything: the line below the table explains
		c.spark += max(c.why, 0)
		c.why = 0
	}
	if c.why > 20 {
		c.spark += min((c.why-20)/3, 20)
		c.kpi += min((c.why-20)/4, 12)
		c.why = w - fixed - 1 - (c.spark - 10) - (c.kpi - 14)
	}
	return c
}

func (p *kpiPane) View() string {
	st := &p.c.Styles
	if p.list.Total() == 0 {
		return common.Frame([]string{"", "  " + EmptyKPIText(*p.d.in.Pilot, common.Named(p.c.Keys.New))}, p.width, p.height)
	}
	if _, ok := p.selected(); ok && p.chart { // a reload can take the charted row away
		return p.chartView()
	}
	c := kpiColumns(p.width)
	var lines []string
	if p.filtering() {
		count := fmt.Sprintf("  %d of %s", p.list.Len(), common.Count(p.list.Total(), "row"))
		lines = append(lines, " "+p.list.Filter.View(max(p.width-1-widgets.Width(count), 1))+st.Muted.Render(count))
	}
	lines = append(lines, p.ringLines(p.width)...)
	lines = append(lines, st.Heading.Render("  "+widgets.Fit("Ring", c.ring)+" "+widgets.Fit("KPI", c.kpi)+" "+widgets.FitLeft("Base", c.num)+" "+
		widgets.FitLeft("Now", c.num)+" "+widgets.FitLeft("Δ", c.delta)+" "+widgets.Fit("Target", c.target)+" St Tr "+
		widgets.Fit("Daily", c.spark)+" "+widgets.Fit("Why", c.why)))
	room := p.tableRoom()
	head := len(lines)
	from, to := p.list.Window(room) // only the rows that show are drawn
	for i := from; i < to; i++ {
		lines = append(lines, p.row(p.list.At(i), c, i == p.list.Cursor()))
	}
	if p.list.Len() == 0 {
		lines = append(lines, "  no row matches "+model.Line(p.list.Filter.String())+" ("+p.c.Keys.Back.Help().Key+" clears the filter)")
	}
	for len(lines) < room+head {
		lines = append(lines, "")
	}
	if p.list.Len() == 0 {
		return common.Frame(lines, p.width, p.height)
	}
	for _, l := range p.selectedLines() {
		if len(lines) < p.height {
			lines = append(lines, l)
		}
	}
	return common.Frame(lines, p.width, p.height)
}

func (p *kpiPane) row(r kpiRow, c kpiCols, selected bool) string {
	st := &p.c.Styles
	g, gs := common.HealthGlyph(r.h.Status, st)
	trig := "  "
	if r.h.Rollback {
		trig = st.Fail.Render(common.GlyphTrigger + " ")
	}
	name := r.kpi.Name
	if name == "" {
		name = r.kpi.Key
	}
	mark := "  "
	ringName := widgets.Fit(model.Line(r.ring), c.ring)
	if selected {
		mark = common.GlyphCursor + " "
	}
	why := r.h.Deciding()
	line := mark + ringName + " " + widgets.Fit(model.Line(name), c.kpi) + " " + widgets.FitLeft(numPtr(r.h.Baseline, r.h.Unit), c.num) + " " +
		widgets.FitLeft(numPtr(r.h.Current, r.h.Unit), c.num) + " " + widgets.FitLeft(deltaText(r.h), c.delta) + " " +
		widgets.Fit(model.Line(r.h.Target), c.target) + " " + gs.Render(g) + "  " + trig + " " +
		st.Muted.Render(widgets.Fit(widgets.Sparkline(r.vals, c.spark), c.spark)) + " " + widgets.Fit(model.Line(why), c.why)
	if selected {
		return common.SelectRow(st.Selected, line, 0)
	}
	return line
}

// numPtr is a figure in unit by the one rule (model.NumIn), as the
// health table and the gate evidence show it.
func numPtr(v *float64, unit string) string {
	if v == nil {
		return "—"
	}
	return model.NumIn(*v, unit)
}

// deltaText is the change against baseline: percent when known, else points.
func deltaText(h health.KPIHealth) string {
	switch {
	case h.Pct != nil:
		return model.PctChange(*h.Pct) // the health table's and the evidence's figure
	case h.Delta != nil:
		return model.SignedIn(*h.Delta, h.Unit) // the health table's figure
	}
	return "—"
}

// level turns a criterion into the value it draws at on a chart.
func level(c model.Criterion, base *float64) (float64, bool) {
	if c.IsZero() {
		return 0, false
	}
	switch c.Subject {
	case model.SubjectValue:
		return c.Value, true
	case model.SubjectDelta:
		if base != nil {
			return *base + c.Value, true
		}
	case model.SubjectPct:
		if base != nil {
			return *base * (1 + c.Value/100), true
		}
	}
	return 0, false
}

func (p *kpiPane) chartView() string {
	st := &p.c.Styles
	r, _ := p.selected()
	var refs []widgets.RefLine
	if r.h.Baseline != nil {
		refs = append(refs, widgets.RefLine{Label: "baseline " + assess.Num(*r.h.Baseline), Value: *r.h.Baseline, Glyph: '·'})
	}
	if v, ok := level(r.kpi.Target, r.h.Baseline); ok {
		refs = append(refs, widgets.RefLine{Label: "target " + model.Line(r.kpi.Target.String()) + " = " + assess.Num(v), Value: v, Glyph: '='})
	}
	if v, ok := level(r.kpi.Rollback, r.h.Baseline); ok {
		refs = append(refs, widgets.RefLine{Label: "trigger " + model.Line(r.kpi.Rollback.String()) + " = " + assess.Num(v), Value: v, Glyph: '!'})
	}
	name := r.kpi.Name
	if name == "" {
		name = r.kpi.Key
	}
	lines := []string{st.Heading.Render(fmt.Sprintf(" %s in ring %s — %d daily values, last %s", model.Line(name), model.Line(r.ring), len(r.vals), ptrText(r.h.Latest)))}
	for _, l := range widgets.Wrap(model.Line(assess.Evidence(r.h)), max(p.width-2, 8)) { // read whole, never cut at the edge
		lines = append(lines, st.Muted.Render(" "+l))
	}
	head := len(lines)
	days := make([]string, len(r.days))
	for i, d := range r.days {
		days[i] = p.c.Date(d)
	}
	lines = append(lines, widgets.LineChartDays(r.vals, days, refs, p.width-2, max(p.height-head-1, 3))...)
	lines = append(lines, st.Muted.Render(" "+p.c.Keys.Back.Help().Key+" closes the chart"))
	for i := range lines[head : len(lines)-1] {
		lines[i+head] = " " + lines[i+head]
	}
	return common.Frame(lines, p.width, p.height)
}

func ptrText(s *string) string {
	if s == nil {
		return "never"
	}
	return *s
}

// emptyKPIText says which half is missing: a pilot with a ring but no KPI
// used to read "no KPIs or rings", as if the ring just added were lost.
func EmptyKPIText(p model.Pilot, newKey string) string {
	switch {
	case len(p.Rings) > 0 && len(p.KPIs) == 0:
		return fmt.Sprintf("rings: %d, KPIs: none yet (%s adds one)", len(p.Rings), newKey)
	case len(p.KPIs) > 0 && len(p.Rings) == 0:
		return fmt.Sprintf("KPIs: %d, rings: none yet (%s adds one)", len(p.KPIs), newKey)
	}
	return "this pilot defines no KPIs or rings yet (" + newKey + " adds one)"
}

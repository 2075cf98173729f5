// Package dashboard is the cockpit's first screen: the portfolio, one row
// per pilot, sortable and filterable, read in two steps (the pilots at once,
// their verdicts as soon as they are judged), with the change calendar's
// headline and the keys that create, edit and delete pilots.
package dashboard

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// dashboard is the portfolio: one row per pilot, sortable, filterable.
type dashboard struct {
	c       *common.Common
	loaded  bool
	err     error
	all     []common.PilotRow // sorted by sortCol (desc)
	list    common.List[common.PilotRow]
	sortCol common.SortColumn
	desc    bool
	cal     string // change-calendar headline (calendar.go)
	width   int
	height  int

	gen       uint64 // the portfolio load shown (load.go)
	assessing bool   // rows shown, their verdicts still being judged
}

// dashboard layout: lines above and below the rows.
const (
	dashHeaderLines = 5 // counts, alarms, change calendar, filter/hint, column titles
	dashFooterLines = 1 // legend
)

func New(c *common.Common) *dashboard {
	return &dashboard{c: c, list: common.List[common.PilotRow]{Key: func(r common.PilotRow) string { return r.Slug },
		Match: func(q string, r common.PilotRow) bool { return r.Matches(q) }, Filter: common.LineInput{Prompt: "/ "}}}
}

func (d *dashboard) Title() string { return "Portfolio" }

// FilterText is the list filter's text ("" when none): the root's footer
// offers esc to clear it.
func (d *dashboard) FilterText() string { return d.list.Filter.String() }

func (d *dashboard) Capturing() bool  { return d.list.Filter.Focus }
func (d *dashboard) SetSize(w, h int) { d.width, d.height = w, h; d.scroll() }
func (d *dashboard) rowsRoom() int    { return max(d.height-dashHeaderLines-dashFooterLines, 1) }
func (d *dashboard) scroll() {
	d.list.Scroll(d.rowsRoom())
}
func (d *dashboard) Keys() []key.Binding {
	k := d.c.Keys
	return append([]key.Binding{k.Open, k.New, k.Edit, k.Delete, k.Undo, k.Import, k.Calendar, k.Filter, k.Sort, k.Reverse, k.Copy}, k.ListBindings()...)
}

func (d *dashboard) Back() bool {
	if d.list.Filtering() {
		d.list.Filter.Clear()
		d.refilter()
		return true
	}
	return false
}

// refilter rebuilds the shown rows from the filter and sort, keeping the
// selected pilot selected when it is still shown.
func (d *dashboard) refilter() {
	sel := ""
	if r, ok := d.selected(); ok {
		sel = r.Slug
	}
	d.refilterTo(sel)
}

// refilterTo is refilter selecting sel: a reload reads the selection
// before it replaces the rows (a delete shrinks them).
func (d *dashboard) refilterTo(sel string) {
	common.SortRows(d.all, d.sortCol, d.desc)
	d.list.SetItems(d.all)
	d.list.SetCursor(0) // the portfolio's top when sel is not shown
	d.list.Select(func(r common.PilotRow) bool { return r.Slug == sel })
	d.scroll()
}

func (d *dashboard) selected() (common.PilotRow, bool) {
	return d.list.Selected()
}

func (d *dashboard) StatusLine() (string, bool) {
	r, ok := d.selected()
	if !ok {
		return "", false
	}
	return r.StatusLine(), true
}

func (d *dashboard) open() tea.Cmd {
	r, ok := d.selected()
	if !ok {
		return nil
	}
	return func() tea.Msg { return common.OpenPilotMsg{Slug: r.Slug, Name: r.Name} }
}

func (d *dashboard) Actions() []common.Action {
	var as []common.Action
	for _, r := range d.all {
		r := r
		as = append(as, common.Action{Name: "Open " + r.Slug, Help: r.Name, Run: func() tea.Cmd {
			return func() tea.Msg { return common.OpenPilotMsg{Slug: r.Slug, Name: r.Name} }
		}})
	}
	for c := common.SortColumn(0); c < common.SortColumns; c++ {
		c := c
		as = append(as, common.Action{Name: "Sort by " + c.String(), Help: "order the portfolio", Run: func() tea.Cmd {
			d.sortCol, d.desc = c, false
			d.refilter()
			return nil
		}})
	}
	as = append(as, common.Action{Name: "Filter pilots", Help: "fuzzy over name, slug and owners", Run: func() tea.Cmd { d.list.Filter.Focus = true; return nil }},
		common.Action{Name: "Reload", Help: "read the database again", Run: func() tea.Cmd { return d.reload() }})
	as = append(as, d.formActions()...)      // forms
	as = append(as, common.ImportAction("")) // import screen
	return as
}

func (d *dashboard) reload() tea.Cmd {
	return func() tea.Msg { return common.LoadMsg{Cmd: LoadPortfolio(d.c.Opt.App, d.c.Opt.AsOf)} }
}

func (d *dashboard) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case portfolioLoaded:
		sel, _ := d.selected()
		if cr := d.c.Created; cr.Slug != "" && cr.KPI == "" && cr.Risk == "" { // a pilot just created
			sel.Slug = cr.Slug
			d.c.Created = common.Created{}
		}
		d.loaded, d.err, d.gen = true, msg.err, msg.gen
		d.all, d.cal = msg.rows, msg.calendar
		d.refilterTo(sel.Slug)
		if msg.err != nil || msg.assess == nil {
			return nil
		}
		d.assessing = true // rows now, verdicts when assessed
		return func() tea.Msg { return common.LoadMsg{Cmd: msg.assess} }
	case PortfolioAssessed:
		if msg.Gen != d.gen {
			return nil // an older load's: a newer one is under way
		}
		sel, _ := d.selected()
		d.assessing = false
		if msg.err != nil {
			d.err = msg.err
			return nil
		}
		d.all = msg.rows
		d.refilterTo(sel.Slug)
		return nil
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.MouseClickMsg:
		row := msg.Y - dashHeaderLines
		if at := d.list.Offset() + row; msg.Button == tea.MouseLeft && row >= 0 && row < d.rowsRoom() && at < d.list.Len() {
			if d.list.Cursor() == at {
				return d.open()
			}
			d.list.SetCursor(at)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			d.move(-3)
		case tea.MouseWheelDown:
			d.move(3)
		}
	}
	return nil
}

func (d *dashboard) move(n int) {
	d.list.Move(n)
	d.scroll()
}

func (d *dashboard) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.Keys
	if d.list.Filter.Focus {
		if n, ok := k.TypingStep(msg); ok {
			d.move(n)
		} else if d.list.Filter.FilterKey(&k, msg) {
			d.refilter()
		}
		return nil
	}
	if n, ok := k.Step(msg, d.rowsRoom(), d.list.Len()); ok {
		d.move(n)
		return nil
	}
	if cmd, ok := d.formKey(msg); ok { // forms: n, e, x, u
		return cmd
	}
	switch {
	case key.Matches(msg, k.Open):
		return d.open()
	case key.Matches(msg, k.Filter):
		d.list.Filter.Focus = true
	case key.Matches(msg, k.Sort):
		d.sortCol, d.desc = (d.sortCol+1)%common.SortColumns, false
		d.refilter()
	case key.Matches(msg, k.Reverse):
		d.desc = !d.desc
		d.refilter()
	case key.Matches(msg, k.Import): // import screen
		return common.OpenImport("")
	}
	return nil
}

// dashColumns are the widths of the dashboard's columns at a screen width;
// trig 0 folds the trigger mark into the Rings column, short abbreviates
// the stage.
type dashColumns struct {
	Name, stage, rings, Trig, gate, payback, risks, sign, flags int
	short                                                       bool
	Narrowed                                                    []string // what gave way to the name, in order
}

// minNameWidth is the room the pilot's name gets before any other column
// gives way: at 80 columns demo pilots read apart ("Claims email triage a…").
const MinNameWidth = 24

// narrowing is the documented order in which columns give way to the
// name on a narrow screen: each step is applied only while the name still
// has fewer than minNameWidth cells. The help (?) lists the steps taken.
var narrowing = []struct {
	what  string
	apply func(c *dashColumns)
}{
	{"Trig folded into Rings (▲ after the ring marks)", func(c *dashColumns) { c.Trig = 0 }},
	{"Stage abbreviated (prod 109d, roll 46d, hard 67d)", func(c *dashColumns) { c.stage, c.short = 10, true }},
	{"Payback one cell narrower", func(c *dashColumns) { c.payback = 7 }},
	{"Risk and Sign one cell narrower", func(c *dashColumns) { c.risks, c.sign = 4, 4 }},
}

func (c dashColumns) fixed() int {
	gaps := 8
	if c.Trig == 0 {
		gaps--
	}
	return 2 + c.stage + c.rings + c.Trig + c.gate + c.payback + c.risks + c.sign + gaps
}

func ColumnsFor(width int) dashColumns {
	c := dashColumns{stage: 15, rings: 5, Trig: 4, gate: 9, payback: 8, risks: 5, sign: 5, flags: 7}
	for _, n := range narrowing {
		if width-c.fixed()-c.flags-1 >= MinNameWidth {
			break
		}
		n.apply(&c)
		c.Narrowed = append(c.Narrowed, n.what)
	}
	c.Name = width - c.fixed() - c.flags - 1
	if c.Name > 40 { // wide screen: spell the flags out
		c.flags += c.Name - 40
		c.Name = 40
	}
	c.Name = max(c.Name, 8)
	return c
}

func (d *dashboard) View() string {
	if !d.loaded {
		return common.Frame([]string{"", "  reading the portfolio…"}, d.width, d.height)
	}
	if d.err != nil {
		return common.Frame([]string{"", d.c.Styles.Error.Render("  could not read the portfolio: " + model.Line(d.err.Error())),
			"", "  check --db, then press " + common.Named(d.c.Keys.Palette) + " and choose Reload, or " + common.Named(d.c.Keys.Quit) + " to quit"}, d.width, d.height)
	}
	if len(d.all) == 0 {
		return common.Frame(welcome(d.c), d.width, d.height)
	}
	st := &d.c.Styles
	cols := ColumnsFor(d.width)
	lines := make([]string, 0, d.height)
	counts, alarms := d.headerCounts()
	lines = append(lines, " "+counts, " "+alarms)
	lines = append(lines, d.calendarLine()) // change windows (calendar.go)
	pos := d.position()
	if d.list.Filter.Focus || d.list.Filtering() {
		pos = fmt.Sprintf("  %s of %d", pos, d.list.Total())
		lines = append(lines, " "+d.list.Filter.View(max(d.width-1-widgets.Width(pos), 1))+st.Muted.Render(pos))
	} else {
		k := &d.c.Keys
		lines = append(lines, st.Muted.Render(fmt.Sprintf(" %s · sorted by %s%s · %s filter · %s sort · %s reverse · %s open", pos, d.sortCol, map[bool]string{true: " (reversed)"}[d.desc],
			k.Filter.Help().Key, k.Sort.Help().Key, k.Reverse.Help().Key, k.Open.Help().Key)))
	}
	lines = append(lines, st.Heading.Render(d.headerRow(cols)))
	// only the rows in the viewport are drawn
	room, from, cursor := d.rowsRoom(), d.list.Offset(), d.list.Cursor()
	for i := from; i < d.list.Len() && i < from+room; i++ {
		lines = append(lines, d.row(d.list.At(i), cols, i == cursor))
	}
	if d.list.Len() == 0 {
		lines = append(lines, "  no pilot matches "+model.Line(d.list.Filter.String())+" — "+d.c.Keys.Back.Help().Key+" clears the filter")
	}
	for len(lines) < d.height-1 {
		lines = append(lines, "")
	}
	legend := " " + common.GlyphPass + " pass " + common.GlyphWarn + " warn " + common.GlyphFail + " fail " + common.GlyphNoData + " no data · " +
		common.GlyphTrigger + " trigger · flags: A abandoned Z zombie C cost trap G governance gap M overdue milestones"
	if widgets.Width(legend) > d.width { // 80 columns: the same, shorter
		legend = " " + common.GlyphPass + " pass " + common.GlyphWarn + " warn " + common.GlyphFail + " fail " + common.GlyphNoData + " none " +
			common.GlyphTrigger + " trigger · A abandon Z zombie C cost G gov. M late"
	}
	lines = append(lines[:d.height-1], st.Muted.Render(legend))
	return common.Frame(lines, d.width, d.height)
}

func (d *dashboard) headerCounts() (string, string) {
	byStage := map[model.Stage]int{}
	failing, triggers, missing, flagged := 0, 0, 0, 0
	for _, r := range d.all {
		byStage[r.Stage]++
		for _, m := range r.Rings {
			if m.Status == "fail" {
				failing++
			}
			if m.Rollback {
				triggers++
			}
		}
		missing += r.MissingSignoffs
		if len(r.Flags) > 0 {
			flagged++
		}
	}
	parts := []string{common.Count(len(d.all), "pilot")}
	for _, s := range model.Stages {
		if n := byStage[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, n))
		}
	}
	if widgets.Width(strings.Join(parts, " · "))+1 > d.width { // abbreviated stages fit 80 columns
		for i, s := range parts[1:] {
			name, n, _ := strings.Cut(s, " ")
			if a, ok := common.StageShort[model.Stage(name)]; ok {
				parts[i+1] = a + " " + n
			}
		}
	}
	alarms := fmt.Sprintf("rings failing %d · triggers fired %d · sign-offs missing %d · pilots flagged %d", failing, triggers, missing, flagged)
	if d.assessing {
		alarms = "judging health, gates, payback and triage " + common.GlyphPending
	}
	if d.list.Len() != d.list.Total() {
		alarms += fmt.Sprintf(" · showing %d", d.list.Len())
	}
	return strings.Join(parts, " · "), alarms
}

// position is the cursor's place in the rows shown: "3/12" ("0/0" when none).
func (d *dashboard) position() string {
	if d.list.Len() == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d", d.list.Cursor()+1, d.list.Len())
}

func (d *dashboard) headerRow(c dashColumns) string {
	// the sorted column carries ▲ (its natural order) or ▼ (reversed)
	arrow := "▲"
	if d.desc {
		arrow = "▼"
	}
	title := func(name string, col common.SortColumn) string {
		if d.sortCol == col {
			return name + arrow
		}
		return name
	}
	cells := []string{widgets.Fit(title("Pilot", common.SortName), c.Name), widgets.Fit(title("Stage", common.SortStage), c.stage), widgets.Fit(title("Rings", common.SortHealth), c.rings)}
	if c.Trig > 0 {
		cells = append(cells, widgets.Fit("Trig", c.Trig))
	}
	pay := "Payback"
	if c.payback < 8 {
		pay = "Payb."
	}
	cells = append(cells, widgets.Fit(title("Next gate", common.SortGate), c.gate), widgets.Fit(title(pay, common.SortPayback), c.payback),
		countCell(title("Risk", common.SortRisks), c.risks), countCell(title("Sign", common.SortSignoffs), c.sign), widgets.Fit(title("Flags", common.SortFlags), c.flags))
	return "  " + strings.Join(cells, " ")
}

// row draws one pilot. Plain text is fitted first, then styled in pieces,
// so no styled string is ever measured.
func (d *dashboard) row(r common.PilotRow, c dashColumns, selected bool) string {
	st := &d.c.Styles
	var rings strings.Builder
	room := c.rings // ring marks, less a cell for ▲ when Trig is folded in
	if c.Trig == 0 && r.Trigger {
		room--
	}
	for i, m := range r.Rings {
		if i >= room {
			break
		}
		g, s := common.HealthGlyph(m.Status, st)
		rings.WriteString(s.Render(g))
	}
	if r.Pending && c.rings > 0 {
		rings.WriteString(st.Muted.Render(common.GlyphPending))
	}
	used := min(max(len(r.Rings), b2i(r.Pending)), room)
	trig := " " + widgets.Fit("", c.Trig)
	switch {
	case c.Trig == 0 && r.Trigger:
		rings.WriteString(st.Fail.Render(common.GlyphTrigger))
		used++
		trig = ""
	case c.Trig == 0:
		trig = ""
	case r.Trigger:
		trig = " " + st.Fail.Render(widgets.Fit(common.GlyphTrigger, c.Trig))
	}
	ringPad := strings.Repeat(" ", max(c.rings-used, 0))
	flags := ""
	if c.flags > 12 {
		names := make([]string, len(r.Flags))
		for i, f := range r.Flags {
			names[i] = common.FlagName(f)
		}
		flags = strings.Join(names, ", ")
	} else {
		for _, f := range r.Flags {
			flags += common.FlagLetter(f) + " "
		}
	}
	mark := "  "
	// a name that does not fit shows its slug when that does
	label := r.Name
	if widgets.Width(label) > c.Name && widgets.Width(r.Slug) <= c.Name {
		label = r.Slug
	}
	name := widgets.Fit(label, c.Name)
	if selected {
		mark = common.GlyphCursor + " "
	} else if q := d.list.Filter.String(); q != "" {
		name = common.Highlight(st.Match, name, q)
	}
	gate := widgets.Fit(r.GateText(), c.gate)
	if r.GateReady {
		gate = st.Pass.Render(gate)
	}
	pay := widgets.Fit(r.PaybackText(), c.payback)
	if r.PaybackNote == "never" {
		pay = st.Fail.Render(pay)
	}
	risks := countCell(countText(r.HighRisks), c.risks)
	if r.HighRisks > 0 {
		risks = st.Warn.Render(risks)
	}
	signText := countText(r.MissingSignoffs)
	if r.Pending {
		signText = common.GlyphPending
	}
	sign := countCell(signText, c.sign)
	fl := widgets.Fit(strings.TrimSpace(flags), c.flags)
	if len(r.Flags) > 0 {
		fl = st.Warn.Render(fl)
	}
	stage := r.StageText()
	if c.short {
		stage = r.ShortStageText()
	}
	line := mark + name + " " + widgets.Fit(stage, c.stage) + " " + rings.String() + ringPad + trig + " " + gate + " " +
		pay + " " + risks + " " + sign + " " + fl
	if selected {
		return common.SelectRow(st.Selected, line, 0)
	}
	return line
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// countCell right-aligns a count (or its title) in a column of w cells,
// one short of the edge when there is room for that gap.
func countCell(s string, w int) string {
	if w > 4 {
		return widgets.FitLeft(s, w-1) + " "
	}
	return widgets.FitLeft(s, w)
}

func countText(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprint(n)
}

// HelpNotes: what gave way to the pilot names at this width, in the
// documented order (narrowing), and that a cut name shows its slug.
func (d *dashboard) HelpNotes() (string, []string) {
	c := ColumnsFor(d.width)
	if len(c.Narrowed) == 0 {
		return "", nil
	}
	notes := append([]string{}, c.Narrowed...)
	notes = append(notes, fmt.Sprintf("a name longer than %d cells shows its slug when that fits (a wider window shows more)", c.Name))
	return fmt.Sprintf("Columns at %d wide (names get %d cells)", d.width, c.Name), notes
}

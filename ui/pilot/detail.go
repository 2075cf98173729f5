// Package pilot is one pilot's detail in the cockpit: a tab bar over its
// overview, rings and KPIs, risks, sign-offs, runbooks, gates, payback,
// audit log and operations, and the ways from there into the forms, a
// drill, a gate review and an import.
package pilot

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// The detail tabs, in the order 1–9 select them.
const (
	tabOverview = iota
	tabKPIs
	tabRisks
	tabSignoffs
	tabRunbooks
	tabGates
	tabPayback
	TabAudit
	tabOperations // flags, SLOs, NFRs, plan, PIR (tab_operations.go)
	TabCount
)

var TabNames = [TabCount]string{"Overview", "Rings & KPIs", "Risks", "Sign-offs", "Runbooks", "Gates", "Payback", "Audit", "Operations"}

// tabShort fits nine tabs in 80 columns.
var tabShort = [TabCount]string{"Overview", "KPIs", "Risks", "Signoffs", "Runbooks", "Gates", "Payback", "Audit", "Ops"}

// detailLines are the lines above a tab's pane: the tab bar and the headline.
const detailLines = 2

// Screen is one pilot: a tab bar and the active tab's pane.
type Screen struct {
	c      *common.Common
	Slug   string
	name   string
	data   *pilotData
	err    error
	Tab    int
	panes  [TabCount]common.Component
	Audit  *auditPane
	width  int
	height int
	tabX   [TabCount][2]int // column range of each tab label, for clicks
}

func New(c *common.Common, slug, name string) *Screen {
	d := &Screen{c: c, Slug: slug, name: name}
	d.Audit = newAuditPane(c, slug)
	return d
}

// capturer is a pane with a text box that may hold the focus.
type capturer interface{ Capturing() bool }

// backer is a pane that handles esc itself (closing a chart, a filter).
type backer interface{ Back() bool }

func (d *Screen) Title() string {
	return TabNames[d.Tab] + " · " + d.Slug
}

func (d *Screen) Capturing() bool {
	if c, ok := d.pane().(capturer); ok {
		return c.Capturing()
	}
	return false
}

func (d *Screen) Back() bool {
	if b, ok := d.pane().(backer); ok {
		return b.Back()
	}
	return false
}

func (d *Screen) pane() common.Component {
	if d.Tab == TabAudit {
		return d.Audit
	}
	return d.panes[d.Tab]
}

func (d *Screen) SetSize(w, h int) {
	d.width, d.height = w, h
	for _, p := range d.panes {
		if p != nil {
			p.SetSize(w, max(h-detailLines, 1))
		}
	}
	d.Audit.SetSize(w, max(h-detailLines, 1))
}

func (d *Screen) Keys() []key.Binding {
	k := d.c.Keys
	if p := d.pane(); p != nil && d.Capturing() { // a filter box: only its keys work
		return p.Keys()
	}
	ks := []key.Binding{k.NextTab, k.PrevTab, k.Tab1to9}
	ks = append(ks, d.formKeys()...) // forms
	if d.Tab == tabRunbooks {        // timed drill
		ks = append(ks, k.Drill)
	}
	if p := d.pane(); p != nil {
		ks = append(ks, p.Keys()...)
	}
	ks = append(ks, k.Import) // import screen
	return ks
}

// HelpSections: the open tab's keys, the pilot's, then the keys that work
// on other tabs, each saying where (the help names every key of a pilot).
func (d *Screen) HelpSections() []common.HelpSection {
	k := d.c.Keys
	var out []common.HelpSection
	if p := d.pane(); p != nil {
		out = append(out, common.HelpSection{Title: TabNames[d.Tab] + " tab", Keys: p.Keys()})
		if d.Capturing() {
			return out
		}
	}
	ks := []key.Binding{k.NextTab, k.PrevTab, k.Tab1to9}
	ks = append(ks, d.formKeys()...)
	if d.Tab == tabRunbooks {
		ks = append(ks, k.Drill)
	}
	out = append(out, common.HelpSection{Title: "Pilot " + d.Slug, Keys: append(ks, k.Import)})
	var elsewhere []key.Binding
	for _, o := range []struct {
		tab int
		b   key.Binding
	}{
		{tabOverview, k.Owners}, {tabKPIs, k.Chart}, {tabKPIs, k.MoveRing}, {tabRisks, k.Residual},
		{tabRunbooks, k.Drill}, {tabGates, k.Review}, {tabGates, k.PrevItem}, {tabGates, k.NextItem},
	} {
		if o.tab != d.Tab {
			b := o.b
			b.SetHelp(b.Help().Key, b.Help().Desc+" (on "+TabNames[o.tab]+")")
			elsewhere = append(elsewhere, b)
		}
	}
	return append(out, common.HelpSection{Title: "On other tabs", Keys: elsewhere})
}

func (d *Screen) StatusLine() (string, bool) {
	if d.data == nil {
		return "", false
	}
	return common.NewPilotRow(d.data.in, d.data.a).StatusLine(), true
}

func (d *Screen) Actions() []common.Action {
	var as []common.Action
	for i := 0; i < TabCount; i++ {
		i := i
		as = append(as, common.Action{Name: fmt.Sprintf("Tab %d: %s", i+1, TabNames[i]), Help: "show " + strings.ToLower(TabNames[i]), Run: func() tea.Cmd {
			d.Tab = i
			return nil
		}})
	}
	// gate review: the gate on the Gates tab, else the next gate
	if id, ok := d.reviewGate(); ok {
		as = append(as, common.Action{Name: "Start gate review", Help: string(id) + " meeting mode for " + d.Slug, Run: func() tea.Cmd {
			return common.OpenReview(d.Slug, id)
		}})
	}
	as = append(as, common.Action{Name: "Reload pilot", Help: "read " + d.Slug + " again", Run: func() tea.Cmd {
		return func() tea.Msg { return common.LoadMsg{Cmd: Load(d.c.Opt.App, d.Slug, d.c.Opt.AsOf)} }
	}})
	as = append(as, d.formActions()...)          // forms
	as = append(as, common.ImportAction(d.Slug)) // import screen
	if a, ok := d.drillAction(); ok {            // timed drill
		as = append(as, a)
	}
	return as
}

func (d *Screen) SetData(data *pilotData) {
	old := d.panes
	d.data = data
	d.panes[tabOverview] = newOverviewPane(d.c, data)
	d.panes[tabKPIs] = newKPIPane(d.c, data)
	d.panes[tabRisks] = newRiskPane(d.c, data)
	d.panes[tabSignoffs] = newSignoffPane(d.c, data)
	d.panes[tabRunbooks] = newRunbookPane(d.c, data)
	d.panes[tabGates] = newGatePane(d.c, data)
	d.panes[tabPayback] = newPaybackPane(d.c, data)
	d.panes[tabOperations] = newOperationsPane(d.c, data)
	// a reload keeps each pane's cursor, filter, sort and scroll
	for i, p := range d.panes {
		if k, ok := p.(common.Keeper); ok && old[i] != nil {
			k.Keep(old[i])
		}
	}
	// what a form just created is selected
	if cr := d.c.Created; cr.Slug == d.Slug && (cr.KPI != "" || cr.Risk != "") {
		if kp, ok := d.panes[tabKPIs].(*kpiPane); ok && cr.KPI != "" {
			kp.selectKPI(cr.KPI)
		}
		if rp, ok := d.panes[tabRisks].(*riskPane); ok && cr.Risk != "" {
			rp.selectRisk(cr.Risk)
		}
		d.c.Created = common.Created{}
	}
	d.SetSize(d.width, d.height)
}

func (d *Screen) Update(msg tea.Msg) tea.Cmd {
	k := d.c.Keys
	switch msg := msg.(type) {
	case pilotLoaded:
		if msg.slug != d.Slug {
			return nil
		}
		if msg.err != nil {
			d.err = msg.err
			return nil
		}
		d.err = nil
		d.SetData(msg.data)
		d.Audit.reload()
		return d.Audit.more(d.c)
	case auditLoaded:
		if msg.slug == d.Slug {
			return d.Audit.Update(msg)
		}
		return nil
	case auditChangeLoaded:
		if msg.slug == d.Slug {
			return d.Audit.Update(msg)
		}
		return nil
	case tea.KeyPressMsg:
		if !d.Capturing() {
			switch {
			case key.Matches(msg, k.NextTab):
				d.Tab = (d.Tab + 1) % TabCount
				return nil
			case key.Matches(msg, k.PrevTab):
				d.Tab = (d.Tab + TabCount - 1) % TabCount
				return nil
			case key.Matches(msg, k.Tab1to9):
				if i := k.TabIndex(msg); i >= 0 && i < TabCount {
					d.Tab = i
				}
				return nil
			case key.Matches(msg, k.Import): // import screen
				return common.OpenImport(d.Slug)
			case d.Tab == tabRunbooks && key.Matches(msg, k.Drill): // timed drill
				return d.startDrill()
			}
			if cmd, ok := d.formKey(msg); ok { // forms: n, e, x, o, m, u
				return cmd
			}
		}
	case tea.MouseClickMsg:
		if msg.Y == 0 {
			for i, x := range d.tabX {
				if msg.X >= x[0] && msg.X < x[1] {
					d.Tab = i
				}
			}
			return nil
		}
		return d.paneUpdate(common.ShiftMouse(msg, -detailLines))
	case tea.MouseWheelMsg:
		return d.paneUpdate(common.ShiftMouse(msg, -detailLines))
	}
	return d.paneUpdate(msg)
}

func (d *Screen) paneUpdate(msg tea.Msg) tea.Cmd {
	if p := d.pane(); p != nil {
		return p.Update(msg)
	}
	return nil
}

func (d *Screen) tabBar() string {
	st := &d.c.Styles
	names := TabNames
	if d.width < 100 {
		names = tabShort
	}
	var b strings.Builder
	x := 0
	for i, n := range names {
		label := strconv.Itoa(i+1) + " " + n
		w := widgets.Width(label) + 1
		d.tabX[i] = [2]int{x, x + w}
		x += w
		if i == d.Tab {
			// ▸ marks the active tab where reverse video cannot (a pipe, a golden file)
			b.WriteString(st.TabActive.Render("▸" + label))
		} else {
			b.WriteString(st.TabIdle.Render(" " + label))
		}
	}
	return b.String()
}

func (d *Screen) headline() string {
	st := &d.c.Styles
	if d.data == nil {
		return " " + st.Bold.Render(d.name)
	}
	r := common.NewPilotRow(d.data.in, d.data.a)
	return " " + st.Bold.Render(r.Name) + st.Muted.Render(" · "+r.StageText()+" in stage · "+r.Slug+" · next gate "+r.GateText()+" · payback "+r.PaybackText())
}

func (d *Screen) View() string {
	ph := max(d.height-detailLines, 1)
	var body string
	switch {
	case d.err != nil:
		body = common.Frame([]string{"", d.c.Styles.Error.Render("  could not read pilot " + d.Slug + ": " + model.Line(d.err.Error())),
			"", "  " + d.c.Keys.Back.Help().Key + " goes back to the portfolio"}, d.width, ph)
	case d.data == nil:
		body = common.Frame([]string{"", "  reading " + d.Slug + "…"}, d.width, ph)
	default:
		body = d.pane().View()
	}
	return widgets.Cut(d.tabBar(), d.width) + "\n" + widgets.Cut(d.headline(), d.width) + "\n" + body
}

package pilot

import (
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
	"ringside/ui/pilot/lines"
	"ringside/ui/widgets"
)

// gatePane shows one gate's criteria with status and evidence, blockers
// first; ←/→ or [ ] switch gate.
type gatePane struct {
	*common.ScrollPane
	d   *pilotData
	sel int
}

func newGatePane(c *common.Common, d *pilotData) *gatePane {
	g := &gatePane{d: d}
	next, _ := gates.NextGate(d.in.Pilot.Stage)
	for i, r := range d.gates {
		if r.id == next {
			g.sel = i
		}
	}
	g.ScrollPane = common.NewKeyedScrollPane(c, func(w int) ([]string, []string) { return g.lines(w) })
	g.Extra = []key.Binding{c.Keys.Review, c.Keys.PrevItem, c.Keys.NextItem}
	return g
}

func (g *gatePane) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && !g.Filter.Focus { // a filter box has the keys
		switch {
		case key.Matches(k, g.C.Keys.PrevItem):
			g.sel = (g.sel + len(g.d.gates) - 1) % len(g.d.gates)
			g.Offset = 0
			g.Invalidate()
			return nil
		case key.Matches(k, g.C.Keys.NextItem):
			g.sel = (g.sel + 1) % len(g.d.gates)
			g.Offset = 0
			g.Invalidate()
			return nil
		case key.Matches(k, g.C.Keys.Review): // gate review: meeting mode for the gate shown
			return common.OpenReview(g.d.in.Pilot.Slug, g.d.gates[g.sel].id)
		}
	}
	return g.ScrollPane.Update(msg)
}

// statusOrder puts blockers first: unmet, unknown, then waived and met.
func statusOrder(s string) int {
	return map[string]int{gates.Unmet: 0, gates.Unknown: 1, gates.Waived: 2, gates.Met: 3}[s]
}

// lines are the gate's lines and, beside each, the item it draws (a
// blocker, a criterion by id, a sign-off by role), so a reload keeps the
// criterion in view where it was however the criteria before it changed.
func (g *gatePane) lines(w int) (out, keys []string) {
	st := &g.C.Styles
	add := func(key string, ls ...string) {
		out = append(out, ls...)
		for range ls {
			keys = append(keys, key)
		}
	}
	var tabs string
	for i, r := range g.d.gates {
		if i == g.sel {
			tabs += st.TabActive.Render("▸" + string(r.id))
		} else {
			tabs += st.TabIdle.Render(" " + string(r.id))
		}
		tabs += " "
	}
	add("", " "+tabs+st.Muted.Render(" "+common.Pair(g.C.Keys.PrevItem, g.C.Keys.NextItem)+" switch gate"))
	gr := g.d.gates[g.sel]
	if gr.err != nil {
		add("", "", st.Error.Render("  cannot judge "+string(gr.id)+": "+model.Line(gr.err.Error())))
		return out, keys
	}
	r := gr.r
	verdict := st.Fail.Render("not ready")
	if r.Ready {
		verdict = st.Pass.Render("ready")
	}
	add("", "")
	add("gate", st.Heading.Render(fmt.Sprintf(" %s %s", r.Gate, model.Line(r.GateName)))+fmt.Sprintf(" — %s, %d%% of criteria met", verdict, int(r.Share*100+0.5)))
	if len(r.Blockers) > 0 {
		add("", "")
		add("blockers", st.Heading.Render(" Blockers"))
		for _, b := range r.Blockers {
			for i, l := range widgets.Wrap(model.Line(b), w-6) {
				if i == 0 {
					add("blocker "+b, "  "+st.Fail.Render("✗")+" "+l)
				} else {
					add("blocker "+b, "    "+l)
				}
			}
		}
	}
	cs := append([]gates.CriterionResult(nil), r.Criteria...)
	sort.SliceStable(cs, func(i, j int) bool { return statusOrder(cs[i].Status) < statusOrder(cs[j].Status) })
	add("", "")
	add("criteria", st.Heading.Render(" Criteria"))
	for _, cr := range cs {
		item := "criterion " + cr.ID
		glyph, gs := common.CriterionGlyph(cr.Status, st)
		dim := ""
		if cr.Dimension != "" {
			dim = " [" + model.Line(cr.Dimension) + "]"
		}
		add(item, "  "+gs.Render(glyph+" "+widgets.Fit(cr.Status, 8))+widgets.Cut(model.Line(cr.Text)+dim+st.Muted.Render("  "+cr.Kind), w-13))
		ev := cr.Evidence
		if cr.Waiver != nil {
			ev = "waived by " + cr.Waiver.Role + ": " + cr.Waiver.Reason
		}
		for _, l := range widgets.Wrap(model.Line(ev), w-14) {
			add(item, st.Muted.Render("            "+l))
		}
	}
	if len(r.Signoffs) > 0 {
		add("", "")
		add("signoffs", st.Heading.Render(" Sign-offs for "+r.Gate))
		for _, s := range r.Signoffs {
			add("signoff "+s.Role, fmt.Sprintf("  %-18s %-20s %s  %s", s.Role, widgets.Cut(model.Line(s.Person), 20), lines.DecisionMark(s), s.At))
		}
	}
	return out, keys
}

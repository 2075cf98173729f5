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
	g.ScrollPane = common.NewScrollPane(c, func(w int) []string { return g.lines(w) })
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

func (g *gatePane) lines(w int) []string {
	st := &g.C.Styles
	var tabs string
	for i, r := range g.d.gates {
		if i == g.sel {
			tabs += st.TabActive.Render("▸" + string(r.id))
		} else {
			tabs += st.TabIdle.Render(" " + string(r.id))
		}
		tabs += " "
	}
	out := []string{" " + tabs + st.Muted.Render(" ←/→ switch gate")}
	gr := g.d.gates[g.sel]
	if gr.err != nil {
		return append(out, "", st.Error.Render("  cannot judge "+string(gr.id)+": "+model.Line(gr.err.Error())))
	}
	r := gr.r
	verdict := st.Fail.Render("not ready")
	if r.Ready {
		verdict = st.Pass.Render("ready")
	}
	out = append(out, "", st.Heading.Render(fmt.Sprintf(" %s %s", r.Gate, model.Line(r.GateName)))+fmt.Sprintf(" — %s, %d%% of criteria met", verdict, int(r.Share*100+0.5)))
	if len(r.Blockers) > 0 {
		out = append(out, "", st.Heading.Render(" Blockers"))
		for _, b := range r.Blockers {
			for i, l := range widgets.Wrap(model.Line(b), w-6) {
				if i == 0 {
					out = append(out, "  "+st.Fail.Render("✗")+" "+l)
				} else {
					out = append(out, "    "+l)
				}
			}
		}
	}
	cs := append([]gates.CriterionResult(nil), r.Criteria...)
	sort.SliceStable(cs, func(i, j int) bool { return statusOrder(cs[i].Status) < statusOrder(cs[j].Status) })
	out = append(out, "", st.Heading.Render(" Criteria"))
	for _, cr := range cs {
		glyph, gs := common.CriterionGlyph(cr.Status, st)
		dim := ""
		if cr.Dimension != "" {
			dim = " [" + model.Line(cr.Dimension) + "]"
		}
		out = append(out, "  "+gs.Render(glyph+" "+widgets.Fit(cr.Status, 8))+widgets.Cut(model.Line(cr.Text)+dim+st.Muted.Render("  "+cr.Kind), w-13))
		ev := cr.Evidence
		if cr.Waiver != nil {
			ev = "waived by " + cr.Waiver.Role + ": " + cr.Waiver.Reason
		}
		for _, l := range widgets.Wrap(model.Line(ev), w-14) {
			out = append(out, st.Muted.Render("            "+l))
		}
	}
	if len(r.Signoffs) > 0 {
		out = append(out, "", st.Heading.Render(" Sign-offs for "+r.Gate))
		for _, s := range r.Signoffs {
			out = append(out, fmt.Sprintf("  %-18s %-20s %s  %s", s.Role, widgets.Cut(model.Line(s.Person), 20), lines.DecisionMark(s), s.At))
		}
	}
	return out
}

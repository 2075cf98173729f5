package pilot

import (
	"ringside/model"
	"ringside/model/health"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// ringLines are the Rings & KPIs tab's verdict lines, one per ring, reading
// as `ringside health` prints them (health.RingVerdict and RingHealth.Deciding,
// the command line's own source): "ring canary: WARN, score 75 · warn: …". The
// ring of the selected row wraps whole; the others are cut to one line.
func (p *kpiPane) ringLines(w int) []string {
	st := &p.c.Styles
	sel := ""
	if r, ok := p.selected(); ok {
		sel = r.ring
	}
	var out []string
	for _, r := range p.d.a.Health.Rings {
		g, gs := common.HealthGlyph(r.Status, st)
		verdict := model.Line(health.RingVerdict(r))
		reason := model.Line(r.Deciding())
		if r.Ring != sel || reason == "" {
			line := " " + gs.Render(g) + " " + verdict
			if reason != "" {
				line += st.Muted.Render(" · " + widgets.Cut(reason, max(w-4-widgets.Width(verdict)-3, 0)))
			}
			out = append(out, line)
			continue
		}
		text := verdict + " · " + reason
		for i, l := range widgets.Wrap(text, max(w-4, 8)) {
			lead := " " + gs.Render(g) + " "
			if i > 0 {
				lead = "   "
			}
			out = append(out, lead+l)
		}
	}
	return out
}

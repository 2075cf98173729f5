package exporters

import (
	"io"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// WritePortfolioFile writes a whole portfolio file: the portfolio's change
// calendar (when it has one) and the pilots, the same bytes for the same
// portfolio.
func WritePortfolioFile(w io.Writer, pf model.Portfolio) error {
	return writePortfolioDoc(w, pf.Calendar, pf.Sources, pf.Pilots)
}

// calendarNode writes windows and freezes in the fields of docs/portfolio.md;
// nil for an empty calendar.
func calendarNode(c *model.Calendar) *yaml.Node {
	if c.IsZero() {
		return nil
	}
	m := mapping()
	m.add("windows", listOf(c.Windows, func(w *model.ChangeWindow) *yaml.Node {
		wm := mapping()
		wm.str("name", w.Name)
		wm.str("rule", w.Rule)
		wm.clock("start", w.Start)
		wm.str("duration", w.Duration)
		wm.clock("end", w.End)
		wm.str("zone", w.Zone)
		return wm.flowIfShort()
	}))
	m.add("freezes", listOf(c.Freezes, func(f *model.FreezePeriod) *yaml.Node {
		fm := mapping()
		fm.str("name", f.Name)
		fm.date("from", f.From)
		fm.date("to", f.To)
		fm.str("zone", f.Zone)
		return fm.flowIfShort()
	}))
	return m.Node
}

// clock writes a time of day quoted: YAML 1.1 readers take a bare 18:00
// for the number 1080.
func (m mapNode) clock(key, s string) {
	if s != "" {
		n := text(s)
		n.Style = yaml.DoubleQuotedStyle
		m.add(key, n)
	}
}

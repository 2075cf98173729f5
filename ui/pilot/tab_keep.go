package pilot

import (
	"ringside/model"
	"ringside/ui/common"
)

// How each tab keeps its cursor, filter and sort when a reload replaces it.

func (g *gatePane) Keep(old common.Component) {
	o, ok := old.(*gatePane)
	if !ok {
		return
	}
	g.ScrollPane.KeepFrom(o.ScrollPane)
	if o.sel < len(o.d.gates) {
		for i, r := range g.d.gates {
			if r.id == o.d.gates[o.sel].id {
				g.sel = i
			}
		}
	}
}

func (p *kpiPane) Keep(old common.Component) {
	o, ok := old.(*kpiPane)
	if !ok {
		return
	}
	p.filter, p.chart = o.filter, o.chart
	ring, kpi := "", ""
	if o.cursor < len(o.shown) {
		r := o.rows[o.shown[o.cursor]]
		ring, kpi = r.ring, r.kpi.Key
	}
	p.shown = p.shown[:0]
	p.refilter()
	p.cursor = min(o.cursor, max(len(p.shown)-1, 0))
	for i, j := range p.shown {
		if p.rows[j].ring == ring && p.rows[j].kpi.Key == kpi {
			p.cursor = i
		}
	}
	p.offset = o.offset
}

// selectKPI puts the cursor on the first row of KPI key.
func (p *kpiPane) selectKPI(key string) {
	for i, j := range p.shown {
		if p.rows[j].kpi.Key == key {
			p.cursor = i
			return
		}
	}
}

func (p *riskPane) Keep(old common.Component) {
	o, ok := old.(*riskPane)
	if !ok {
		return
	}
	p.sortBy, p.residual = o.sortBy, o.residual
	p.list.Keep(&o.list)
}

// selectRisk puts the cursor on the risk with title, if it shows.
func (p *riskPane) selectRisk(title string) {
	p.list.Select(func(r model.Risk) bool { return r.Title == title })
}

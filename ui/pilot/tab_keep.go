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
	p.chart = o.chart
	p.list.Keep(&o.list) // the cursor's ring and KPI, the filter, the scroll
}

// selectKPI puts the cursor on the first row of KPI key.
func (p *kpiPane) selectKPI(key string) {
	p.list.Select(func(r kpiRow) bool { return r.kpi.Key == key })
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

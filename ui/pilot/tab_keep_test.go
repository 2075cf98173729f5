package pilot

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/model/gates"
	"ringside/ui/common"
)

// openPilotApp is openPilot with the app beside it, to change the pilot
// underneath the screen as another front end would.
func openPilotApp(t *testing.T, slug string, w, h int) (*uitest.Driver, *app.App) {
	t.Helper()
	d := openPilot(t, slug, w, h)
	return d, d.C.Opt.App
}

// change edits the pilot through app, then tells the screen the database
// changed, as a save does: the driver reloads the pilot.
func change(t *testing.T, d *uitest.Driver, a *app.App, slug, action string, edit func(p *model.Pilot) error) {
	t.Helper()
	if _, err := a.UpdatePilot(context.Background(), app.Change{Actor: "test", Action: action, Summary: "changed under the cockpit"}, slug, edit); err != nil {
		t.Fatal(err)
	}
	d.Run(func() tea.Msg { return common.ChangedMsg{} })
}

// kpiCursor is the Rings & KPIs row under the cursor: its ring, KPI and
// place in the table.
func kpiCursor(t *testing.T, d *uitest.Driver) (ring, kpi string, at int) {
	t.Helper()
	p := d.Top().(*Screen).panes[tabKPIs].(*kpiPane)
	r, ok := p.selected()
	if !ok {
		t.Fatalf("no KPI row under the cursor:\n%s", d.Screen())
	}
	return r.ring, r.kpi.Key, p.list.Cursor()
}

// A save that adds or removes KPIs before the cursor's row keeps the
// cursor on the same ring's KPI, not on the same place in the table; the
// filter and the open chart stay too. servicedesk-copilot has four KPIs in
// each of its rings pilot, canary and broad: the sixth row (index 5) is
// canary · handle_min. With a KPI put first, each ring has five rows and
// canary · handle_min is at 5 + 2 = 7; with that one and
// first_contact_resolution gone, three rows a ring, at 3 + 0 = 3.
func TestKPIReloadKeepsTheCursorsRow(t *testing.T) {
	const slug = "servicedesk-copilot"
	d, a := openPilotApp(t, slug, 80, 22)
	d.Keys("2", "down", "down", "down", "down", "down")
	if ring, kpi, at := kpiCursor(t, d); ring != "canary" || kpi != "handle_min" || at != 5 {
		t.Fatalf("cursor on %s · %s (row %d), want canary · handle_min (row 5)", ring, kpi, at)
	}
	change(t, d, a, slug, model.ActionKPICreate, func(p *model.Pilot) error {
		k := p.KPIs[2] // csat, renamed
		k.Key, k.Name = "escalations", "Escalations"
		p.KPIs = append([]model.KPI{k}, p.KPIs...)
		return nil
	})
	if ring, kpi, at := kpiCursor(t, d); ring != "canary" || kpi != "handle_min" || at != 7 {
		t.Errorf("after a KPI was added first: cursor on %s · %s (row %d), want canary · handle_min (row 7)\n%s", ring, kpi, at, d.Screen())
	}
	d.Must("› canary", " canary · handle_min: ")
	change(t, d, a, slug, model.ActionKPIDelete, func(p *model.Pilot) error {
		p.KPIs = p.KPIs[2:] // escalations and first_contact_resolution
		return nil
	})
	if ring, kpi, at := kpiCursor(t, d); ring != "canary" || kpi != "handle_min" || at != 3 {
		t.Errorf("after two KPIs before it went: cursor on %s · %s (row %d), want canary · handle_min (row 3)\n%s", ring, kpi, at, d.Screen())
	}

	// A filter and the chart stay, on the same row.
	d.Keys("/")
	d.Type("broad")
	d.Keys("enter", "down", "enter") // broad · csat, charted
	d.Must("Caller satisfaction in ring broad")
	change(t, d, a, slug, model.ActionKPICreate, func(p *model.Pilot) error {
		k := p.KPIs[0]
		k.Key, k.Name = "first_contact_resolution", "First-contact resolution"
		p.KPIs = append([]model.KPI{k}, p.KPIs...)
		return nil
	})
	d.Must("Caller satisfaction in ring broad")
	d.Keys("esc") // closes the chart
	if ring, kpi, at := kpiCursor(t, d); ring != "broad" || kpi != "csat" || at != 2 {
		t.Errorf("with the filter on broad: cursor on %s · %s (row %d), want broad · csat (row 2 of the four shown)\n%s", ring, kpi, at, d.Screen())
	}
	d.Must("/ broad", "4 of 12 rows")
}

// paneTop is the first line of the pane on the open tab, as drawn.
func paneTop(d *uitest.Driver) string {
	v := d.Top().(*Screen).pane().View()
	return strings.TrimRight(ansi.Strip(strings.SplitN(v, "\n", 2)[0]), " ")
}

// scrollTo presses j until the pane's first line starts with want.
func scrollTo(t *testing.T, d *uitest.Driver, want string) {
	t.Helper()
	for i := 0; i < 1000 && !strings.HasPrefix(paneTop(d), want); i++ {
		d.Keys("j")
	}
	if !strings.HasPrefix(paneTop(d), want) {
		t.Fatalf("never scrolled to %q:\n%s", want, d.Screen())
	}
}

// A save that adds a criterion (and so a blocker above) or drops some
// before the criterion at the top of the Gates tab keeps that criterion
// at the top, where the scroll used to stay on the same line number and
// show whatever came to stand there. servicedesk-copilot's G5 lists its
// blockers (a manual criterion not ticked is one) above its criteria, the
// first of which is g5-no-high-risk, unmet.
func TestGateReloadKeepsTheCriterionInView(t *testing.T) {
	const slug = "servicedesk-copilot"
	const risk = "  ✗ unmet   No open high or critical risk (score 10 or more)  risk"
	d, a := openPilotApp(t, slug, 80, 22)
	d.Keys("6")
	d.Must("▸G5")
	scrollTo(t, d, risk)
	change(t, d, a, slug, model.ActionGatePlanEdit, func(p *model.Pilot) error {
		return gates.AddCriterion(p, model.GateG5, model.GateCriterion{ID: "g5-works-council", Kind: model.KindManual, Text: "Works council informed"})
	})
	if l, _ := d.Top().(*Screen).panes[tabGates].(*gatePane).lines(80); !strings.Contains(ansi.Strip(strings.Join(l, "\n")), "Works council informed") {
		t.Fatalf("the reload did not bring the new criterion:\n%s", d.Screen())
	}
	if got := paneTop(d); got != risk {
		t.Errorf("after a criterion was added: the top line is %q, want %q\n%s", got, risk, d.Screen())
	}
	change(t, d, a, slug, model.ActionGatePlanEdit, func(p *model.Pilot) error {
		for _, id := range []string{"g5-works-council", "g5-training"} { // a blocker line each
			if err := gates.DropCriterion(p, model.GateG5, id); err != nil {
				return err
			}
		}
		return nil
	})
	if got := paneTop(d); got != risk {
		t.Errorf("after two blockers before it went: the top line is %q, want %q\n%s", got, risk, d.Screen())
	}
	// At the top, a reload stays at the top.
	d.Keys("g")
	change(t, d, a, slug, model.ActionGatePlanEdit, func(p *model.Pilot) error {
		return gates.DropCriterion(p, model.GateG5, "g5-adoption-approved")
	})
	if got := paneTop(d); !strings.Contains(got, "▸G5") {
		t.Errorf("a reload at the top scrolled: the top line is %q\n%s", got, d.Screen())
	}
}

// The diff of an audit entry keeps its line at the top when a new width
// wraps the lines before it into more (or fewer) lines, and a reload of
// the pilot behind it leaves it open where it was.
func TestAuditDiffKeepsItsLineInView(t *testing.T) {
	const slug = "servicedesk-copilot"
	d, a := openPilotApp(t, slug, 80, 22)
	d.Keys("8", "G", "enter") // the pilot's creation: 344 fields
	const line = "  + Rings[canary].Name: canary"
	scrollTo(t, d, line)
	for _, w := range []int{50, 120, 80} {
		d.Top().SetSize(w, 22)
		if got := paneTop(d); got != line {
			t.Errorf("at width %d the top line is %q, want %q\n%s", w, got, line, d.Screen())
		}
	}
	change(t, d, a, slug, model.ActionPilotEdit, func(p *model.Pilot) error { p.Name = "Service-desk copilot"; return nil })
	d.Must("Service-desk copilot · rollout") // the pilot was read again
	if got := paneTop(d); got != line {
		t.Errorf("after a reload the top line is %q, want %q\n%s", got, line, d.Screen())
	}
}

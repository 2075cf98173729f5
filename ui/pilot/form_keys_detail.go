package pilot

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/ui/common"
)

// Where the forms open from on a pilot's detail: its keys and palette actions.

// choice is one entry of a picker: a label and the screen it opens.
type choice struct {
	label string
	open  func(fs common.Forms) common.Screen
}

// pickScreen asks which item (or which kind of item) to act on, with
// preset selected, then opens that item's screen in its place.
func pickScreen(fs common.Forms, c *common.Common, title, question string, choices []choice, preset int) common.Screen {
	labels := make([]string, len(choices))
	for i, ch := range choices {
		labels[i] = ch.label
	}
	return fs.Picker(c, title, question, labels, preset, func(i int) common.Screen { return choices[i].open(fs) })
}

// pickOrOpen skips the picker when there is one choice only.
func pickOrOpen(fs common.Forms, c *common.Common, title, question string, choices []choice, preset int) common.Screen {
	if len(choices) == 1 {
		return choices[0].open(fs)
	}
	return pickScreen(fs, c, title, question, choices, preset)
}

func (d *Screen) formKeys() []key.Binding {
	k := d.c.Keys
	ks := []key.Binding{k.Edit, k.New, k.Delete, k.Undo}
	switch d.Tab {
	case tabOverview:
		ks = append(ks, k.Owners)
	case tabKPIs:
		ks = append(ks, k.MoveRing)
	}
	return ks
}

// pilot is the pilot the detail shows, if read.
func (d *Screen) pilot() (model.Pilot, bool) {
	if d.data == nil || d.data.in.Pilot == nil {
		return model.Pilot{}, false
	}
	return *d.data.in.Pilot, true
}

func (d *Screen) formKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := d.c.Keys
	if key.Matches(msg, k.Undo) {
		return common.UndoLast(d.c), true
	}
	p, ok := d.pilot()
	if !ok {
		return nil, false
	}
	c := d.c
	switch {
	case key.Matches(msg, k.Edit):
		if d.Tab == tabRunbooks {
			if ed, ok := common.EditorCommand(); ok && len(p.Runbooks) > 0 {
				choices := runbookEditorChoices(c, p, ed)
				return common.OpenForm(func(fs common.Forms) common.Screen {
					return pickOrOpen(fs, c, "Edit runbook · "+p.Slug, "Which runbook?", choices, 0)
				}), true
			}
		}
		return d.open(d.editChoices(p)), true
	case key.Matches(msg, k.New):
		return d.open(d.newChoices(p)), true
	case key.Matches(msg, k.Delete):
		return d.open(d.deleteChoices(p)), true
	case key.Matches(msg, k.Owners) && d.Tab == tabOverview:
		return common.OpenForm(func(fs common.Forms) common.Screen { return fs.OwnersForm(c, p) }), true
	case key.Matches(msg, k.MoveRing) && d.Tab == tabKPIs:
		return d.open(d.moveChoices(p)), true
	}
	return nil, false
}

// open pushes the picker for choices (or the one screen), or says there is
// nothing to act on: question is what the footer says when there is
// nothing ("no risks yet: n adds one"); the picker asks its own question,
// from its title, above a list that is not empty.
func (d *Screen) open(title, question string, choices []choice, preset int) tea.Cmd {
	if len(choices) == 0 {
		return func() tea.Msg { return common.StatusMsg{Text: question} }
	}
	c, question := d.c, pickQuestion(title, question)
	return common.OpenForm(func(fs common.Forms) common.Screen { return pickOrOpen(fs, c, title, question, choices, preset) })
}

// pickQuestion is a picker's question: "Which one to delete?" for
// "Delete · slug"; a question already asked ("What to add?") stays.
func pickQuestion(title, question string) string {
	if strings.HasSuffix(question, "?") {
		return question
	}
	verb, _, _ := strings.Cut(title, " · ")
	switch verb {
	case "Edit":
		return "Which one to edit?"
	case "Delete":
		return "Which one to delete?"
	case "Move ring":
		return "Which ring, and where to?"
	}
	return verb + ": which one?"
}

// cursorRing and cursorKPI are the ring and KPI of the Rings & KPIs row
// under the cursor.
func (d *Screen) cursorRow() (ring, kpi string) {
	if kp, ok := d.panes[tabKPIs].(*kpiPane); ok {
		if r, ok := kp.selected(); ok {
			return r.ring, r.kpi.Key
		}
	}
	return "", ""
}

// cursorRisk is the index in Pilot.Risks of the risk under the cursor.
func (d *Screen) cursorRisk() int {
	if rp, ok := d.panes[tabRisks].(*riskPane); ok && rp.list.Cursor() < rp.list.Len() {
		return rp.list.Index(rp.list.Cursor())
	}
	return 0
}

func ringChoices(p model.Pilot, verb string, open func(fs common.Forms, i int) common.Screen) []choice {
	var out []choice
	for i, r := range p.Rings {
		out = append(out, choice{verb + " ring " + r.Name, func(fs common.Forms) common.Screen { return open(fs, i) }})
	}
	return out
}

func kpiChoices(p model.Pilot, verb string, open func(fs common.Forms, i int) common.Screen) []choice {
	var out []choice
	for i, k := range p.KPIs {
		out = append(out, choice{verb + " KPI " + k.Key, func(fs common.Forms) common.Screen { return open(fs, i) }})
	}
	return out
}

func riskChoices(p model.Pilot, verb string, open func(fs common.Forms, i int) common.Screen) []choice {
	var out []choice
	for i, r := range p.Risks {
		out = append(out, choice{verb + " risk " + strconv.Quote(r.Title), func(fs common.Forms) common.Screen { return open(fs, i) }})
	}
	return out
}

func runbookChoices(p model.Pilot, verb string, open func(fs common.Forms, i int) common.Screen) []choice {
	var out []choice
	for i, r := range p.Runbooks {
		out = append(out, choice{verb + " runbook " + strconv.Quote(r.Title), func(fs common.Forms) common.Screen { return open(fs, i) }})
	}
	return out
}

func runbookEditorChoices(c *common.Common, p model.Pilot, ed []string) []choice {
	return runbookChoices(p, "Edit", func(fs common.Forms, i int) common.Screen {
		return fs.EditRunbookBody(c, p, i, ed)
	})
}

// indexOf finds the choice whose label is want, else 0.
func indexOf(choices []choice, want string) int {
	for i, ch := range choices {
		if ch.label == want {
			return i
		}
	}
	return 0
}

func (d *Screen) editChoices(p model.Pilot) (string, string, []choice, int) {
	c := d.c
	if t, q, ch, pre, ok := d.moreEditChoices(p); ok { // form_more.go
		return t, q, ch, pre
	}
	title := "Edit · " + p.Slug
	adds := common.Named(c.Keys.New) + " adds one"
	switch d.Tab {
	case tabKPIs:
		ch := append(kpiChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.KPIForm(c, p, i) }),
			ringChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.RingForm(c, p, i) })...)
		_, kpi := d.cursorRow()
		return title, "no rings or KPIs yet: " + adds, ch, indexOf(ch, "Edit KPI "+kpi)
	case tabRisks:
		if len(p.Risks) > 0 {
			i := d.cursorRisk()
			return title, "", []choice{{"", func(fs common.Forms) common.Screen { return fs.RiskForm(c, p, i) }}}, 0
		}
		return title, "no risks yet: " + adds, nil, 0
	case tabRunbooks:
		return title, "no runbooks yet: " + adds, runbookChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.RunbookForm(c, p, i) }), 0
	}
	return title, "", []choice{{"", func(fs common.Forms) common.Screen { return fs.EditPilotForm(c, p) }}}, 0
}

func (d *Screen) newChoices(p model.Pilot) (string, string, []choice, int) {
	c := d.c
	if t, q, ch, pre, ok := d.moreNewChoices(p); ok { // form_more.go
		return t, q, ch, pre
	}
	ring := choice{"New ring", func(fs common.Forms) common.Screen { return fs.RingForm(c, p, -1) }}
	kpi := choice{"New KPI", func(fs common.Forms) common.Screen { return fs.KPIForm(c, p, -1) }}
	risk := choice{"New risk", func(fs common.Forms) common.Screen { return fs.RiskForm(c, p, -1) }}
	runbook := choice{"New runbook", func(fs common.Forms) common.Screen { return fs.RunbookForm(c, p, -1) }}
	drill := choice{"Log a drill", func(fs common.Forms) common.Screen { return fs.DrillForm(c, p, 0) }}
	title := "New · " + p.Slug
	withDrill := func(ch ...choice) []choice {
		if len(p.Runbooks) > 0 {
			ch = append(ch, drill)
		}
		return ch
	}
	switch d.Tab {
	case tabKPIs:
		return title, "What to add?", []choice{kpi, ring}, 0
	case tabRisks:
		return title, "", []choice{risk}, 0
	case tabRunbooks:
		return title, "What to add?", withDrill(runbook), 0
	}
	return title, "What to add?", withDrill(ring, kpi, risk, runbook), 0
}

func (d *Screen) deleteChoices(p model.Pilot) (string, string, []choice, int) {
	c := d.c
	title := "Delete · " + p.Slug
	confirm := func(fs common.Forms, what, action string, change func(q *model.Pilot) error) common.Screen {
		summary := "deleted " + what + " of " + p.Slug
		return fs.Confirm(c, "Delete "+what+" · "+p.Slug, "Delete "+what+"?", common.Named(c.Keys.Undo)+" undoes it in this session",
			func() tea.Cmd { return common.SaveEdit(c, p.Slug, action, summary, change) })
	}
	rings := ringChoices(p, "Delete", func(fs common.Forms, i int) common.Screen {
		r := p.Rings[i]
		return confirm(fs, "ring "+r.Name, model.ActionRingDelete, func(q *model.Pilot) error {
			j, err := common.StillThere(&c.Keys, q.Rings, i, r, "ring "+r.Name)
			if err == nil {
				q.Rings = append(q.Rings[:j:j], q.Rings[j+1:]...)
			}
			return err
		})
	})
	kpis := kpiChoices(p, "Delete", func(fs common.Forms, i int) common.Screen {
		k := p.KPIs[i]
		return confirm(fs, "KPI "+k.Key, model.ActionKPIDelete, func(q *model.Pilot) error {
			j, err := common.StillThere(&c.Keys, q.KPIs, i, k, "KPI "+k.Key)
			if err == nil {
				q.KPIs = append(q.KPIs[:j:j], q.KPIs[j+1:]...)
			}
			return err
		})
	})
	risks := riskChoices(p, "Delete", func(fs common.Forms, i int) common.Screen {
		r := p.Risks[i]
		return confirm(fs, "risk "+strconv.Quote(r.Title), model.ActionRiskDelete, func(q *model.Pilot) error {
			j, err := common.StillThere(&c.Keys, q.Risks, i, r, "risk "+strconv.Quote(r.Title))
			if err == nil {
				q.Risks = append(q.Risks[:j:j], q.Risks[j+1:]...)
			}
			return err
		})
	})
	runbooks := runbookChoices(p, "Delete", func(fs common.Forms, i int) common.Screen {
		r := p.Runbooks[i]
		return confirm(fs, "runbook "+strconv.Quote(r.Title), model.ActionRunbookDelete, func(q *model.Pilot) error {
			j, err := common.StillThere(&c.Keys, q.Runbooks, i, r, "runbook "+strconv.Quote(r.Title))
			if err == nil {
				q.Runbooks = append(q.Runbooks[:j:j], q.Runbooks[j+1:]...)
			}
			return err
		})
	})
	var drills []choice
	for i, r := range p.Runbooks {
		for j, dr := range r.Drills {
			what := fmt.Sprintf("drill of %s on %s", strconv.Quote(r.Title), dr.Date)
			drills = append(drills, choice{"Delete " + what, func(fs common.Forms) common.Screen {
				return confirm(fs, what, model.ActionDrillDelete, func(q *model.Pilot) error {
					k, err := common.StillThere(&c.Keys, q.Runbooks, i, r, "runbook "+strconv.Quote(r.Title))
					if err == nil {
						q.Runbooks[k].Drills = append(q.Runbooks[k].Drills[:j:j], q.Runbooks[k].Drills[j+1:]...)
					}
					return err
				})
			}})
		}
	}
	const none = "nothing to delete on this tab"
	switch d.Tab {
	case tabKPIs:
		ch := append(kpis, rings...)
		_, kpi := d.cursorRow()
		return title, none, ch, indexOf(ch, "Delete KPI "+kpi)
	case tabRisks:
		if len(risks) == 0 {
			return title, none, nil, 0
		}
		return title, none, risks, d.cursorRisk()
	case tabRunbooks:
		return title, none, append(runbooks, drills...), 0
	}
	all := append(append(append(append(rings, kpis...), risks...), runbooks...), drills...)
	return title, "nothing to delete: the pilot itself is deleted from the portfolio (" + common.Named(d.c.Keys.Delete) + " there)", all, 0
}

func (d *Screen) moveChoices(p model.Pilot) (string, string, []choice, int) {
	c := d.c
	var ch []choice
	for _, r := range p.Rings {
		ch = append(ch, choice{"Move ring " + r.Name + " (" + string(r.Status) + ")", func(fs common.Forms) common.Screen { return fs.MoveRingForm(c, p, r.Name) }})
	}
	ring, _ := d.cursorRow()
	preset := 0
	for i, r := range p.Rings {
		if r.Name == ring {
			preset = i
		}
	}
	return "Move ring · " + p.Slug, "no rings yet: " + common.Named(d.c.Keys.New) + " adds one", ch, preset
}

func (d *Screen) formActions() []common.Action {
	c := d.c
	p, ok := d.pilot()
	if !ok {
		return nil
	}
	run := func(title, question string, choices []choice, preset int) func() tea.Cmd {
		return func() tea.Cmd { return d.open(title, question, choices, preset) }
	}
	one := func(f func(fs common.Forms) common.Screen) func() tea.Cmd {
		return func() tea.Cmd { return common.OpenForm(f) }
	}
	as := []common.Action{
		{Name: "Edit pilot", Help: "name, stage, hypothesis of " + p.Slug, Run: one(func(fs common.Forms) common.Screen { return fs.EditPilotForm(c, p) })},
		{Name: "Edit owners", Help: "who owns each role", Run: one(func(fs common.Forms) common.Screen { return fs.OwnersForm(c, p) })},
		{Name: "New ring", Help: "add a ring", Run: one(func(fs common.Forms) common.Screen { return fs.RingForm(c, p, -1) })},
		{Name: "New KPI", Help: "add a KPI with its criteria", Run: one(func(fs common.Forms) common.Screen { return fs.KPIForm(c, p, -1) })},
		{Name: "New risk", Help: "add a risk to the register", Run: one(func(fs common.Forms) common.Screen { return fs.RiskForm(c, p, -1) })},
		{Name: "New runbook", Help: "add a runbook", Run: one(func(fs common.Forms) common.Screen { return fs.RunbookForm(c, p, -1) })},
		{Name: "Move ring…", Help: "activate, pause, roll back or complete a ring", Run: run(d.moveChoices(p))},
		{Name: "Undo last edit", Help: "write the inverse of this session's last edit", Run: func() tea.Cmd { return common.UndoLast(c) }},
	}
	as = append(as, d.moreFormActions(p)...) // form_more.go
	if len(p.Runbooks) > 0 {
		as = append(as, common.Action{Name: "Log a drill", Help: "a drill run by hand", Run: one(func(fs common.Forms) common.Screen { return fs.DrillForm(c, p, 0) })})
	}
	for _, kind := range []struct {
		name    string
		choices []choice
	}{
		{"Edit ring…", ringChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.RingForm(c, p, i) })},
		{"Edit KPI…", kpiChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.KPIForm(c, p, i) })},
		{"Edit risk…", riskChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.RiskForm(c, p, i) })},
		{"Edit runbook…", runbookChoices(p, "Edit", func(fs common.Forms, i int) common.Screen { return fs.RunbookForm(c, p, i) })},
	} {
		if len(kind.choices) > 0 {
			as = append(as, common.Action{Name: kind.name, Help: "pick one and edit it", Run: run("Edit · "+p.Slug, "", kind.choices, 0)})
		}
	}
	saved := d.Tab
	d.Tab = tabOverview // every item of the pilot
	t, q, ch, pre := d.deleteChoices(p)
	d.Tab = saved
	if len(ch) > 0 {
		as = append(as, common.Action{Name: "Delete …", Help: "a ring, KPI, risk, runbook or drill (asks first)", Run: run(t, q, ch, pre)})
	}
	return as
}

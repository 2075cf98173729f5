package pilot

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"ringside/model"
	"ringside/ui/common"
	"ringside/ui/widgets"
)

// reviewStaleDays is how old a risk's last review may be before the
// register highlights it.
const reviewStaleDays = 90

var riskSorts = []string{"score", "due", "status", "title"}

// riskPane is the risk register beside a 5×5 likelihood × impact heat map.
type riskPane struct {
	c        *common.Common
	d        *pilotData
	risks    []model.Risk
	list     common.List[model.Risk] // by title: the register's own order, filter and cursor
	sortBy   int
	residual bool
	width    int
	height   int
}

func newRiskPane(c *common.Common, d *pilotData) *riskPane {
	p := &riskPane{c: c, d: d, risks: d.in.Pilot.Risks}
	p.list = common.List[model.Risk]{Key: func(r model.Risk) string { return r.Title }, Match: riskMatch, Less: p.less,
		Filter: common.LineInput{Prompt: "/ "}}
	p.list.SetItems(p.risks)
	return p
}

// riskMatch is the filter: fuzzy over title, owner, category and status.
func riskMatch(q string, r model.Risk) bool {
	_, ok := widgets.FuzzyScore(q, strings.ToLower(r.Title+" "+r.Owner+" "+string(r.Category)+" "+string(r.Status)))
	return ok
}

// less is the register's order: the sort picked with s (score, highest first, by default).
func (p *riskPane) less(x, y model.Risk) bool {
	switch riskSorts[p.sortBy] {
	case "due":
		return dueKey(x) < dueKey(y)
	case "status":
		return statusRank(x.Status) < statusRank(y.Status)
	case "title":
		return strings.ToLower(x.Title) < strings.ToLower(y.Title)
	}
	return p.score(x) > p.score(y)
}

func (p *riskPane) SetSize(w, h int) { p.width, p.height = w, h }
func (p *riskPane) Capturing() bool  { return p.list.Filter.Focus }

func (p *riskPane) Back() bool { return p.list.ClearFilter() }

func (p *riskPane) Keys() []key.Binding {
	k := p.c.Keys
	sort := k.Sort
	sort.SetHelp(sort.Help().Key, "sort: score, due, status, title")
	return append([]key.Binding{k.Residual, sort, k.Filter}, k.ListBindings()...)
}

// overdue reports why a risk needs a look: its due date passed while open,
// or its last review is older than reviewStaleDays.
func (p *riskPane) overdue(r model.Risk) string {
	asOf := p.d.in.AsOf
	switch {
	case r.IsOpen() && !r.Due.IsZero() && r.Due < asOf:
		return "past due " + p.c.Date(r.Due)
	case r.Status != model.RiskClosed && !r.LastReview.IsZero() && int(asOf-r.LastReview) > reviewStaleDays:
		return "reviewed " + common.Count(int(asOf-r.LastReview), "day") + " ago"
	case r.Status != model.RiskClosed && r.LastReview.IsZero():
		return "never reviewed"
	}
	return ""
}

func (p *riskPane) score(r model.Risk) int {
	if p.residual {
		return r.ResidualScore()
	}
	return r.Score()
}

func dueKey(r model.Risk) model.Date {
	if r.Due.IsZero() {
		return 1 << 30
	}
	return r.Due
}

func statusRank(s model.RiskStatus) int {
	for i, x := range model.RiskStatuses {
		if x == s {
			return i
		}
	}
	return len(model.RiskStatuses)
}

func (p *riskPane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.Keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.list.Filter.Focus {
			p.list.FilterKey(&p.c.Keys, msg)
			return nil
		}
		if d, ok := k.Step(msg, 10, p.list.Len()); ok {
			p.list.Move(d)
			break
		}
		switch {
		case key.Matches(msg, k.Residual):
			p.residual = !p.residual
			p.list.Refilter()
		case key.Matches(msg, k.Sort):
			p.sortBy = (p.sortBy + 1) % len(riskSorts)
			p.list.Refilter()
		case key.Matches(msg, k.Filter):
			p.list.Filter.Focus = true
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.list.Move(-3)
		} else if msg.Button == tea.MouseWheelDown {
			p.list.Move(3)
		}
	}
	return nil
}

// heatMap draws the 5×5 grid of risk counts (closed risks left out):
// impact up the side, likelihood along the bottom.
func (p *riskPane) heatMap() []string {
	st := &p.c.Styles
	var grid [6][6]int
	for _, r := range p.risks {
		if r.Status == model.RiskClosed {
			continue
		}
		l, i := r.Likelihood, r.Impact
		if p.residual && r.HasResidual() {
			l, i = r.ResidualLikelihood, r.ResidualImpact
		}
		if l >= 1 && l <= 5 && i >= 1 && i <= 5 {
			grid[i][l]++
		}
	}
	what := "inherent"
	if p.residual {
		what = "residual"
	}
	out := []string{st.Heading.Render(" Heat map (" + what + ", " + common.Named(p.c.Keys.Residual) + " toggles)"), "  impact"}
	for i := 5; i >= 1; i-- {
		var b strings.Builder
		fmt.Fprintf(&b, "    %d ", i)
		for l := 1; l <= 5; l++ {
			cell := " ·  "
			if n := grid[i][l]; n > 0 {
				cell = fmt.Sprintf("%3d ", n)
			}
			b.WriteString(p.bandStyle(l * i).Render(cell))
		}
		out = append(out, b.String())
	}
	out = append(out, "       1   2   3   4   5", "       likelihood →", st.Muted.Render("  1–4 low 5–9 med 10–14 high 15+ crit"))
	return out
}

func (p *riskPane) bandStyle(score int) lipgloss.Style {
	st := &p.c.Styles
	switch model.BandOf(score) {
	case model.BandCritical:
		return st.Critical
	case model.BandHigh:
		return st.High
	case model.BandMedium:
		return st.Medium
	}
	return st.Low
}

func (p *riskPane) register(w, h int) []string {
	st := &p.c.Styles
	wide := w >= 90
	titleW := w - 2 - 6 - 6 - 11 - 19
	if wide {
		titleW -= 13 + 15 + 5
	}
	titleW = max(titleW, 10)
	head := "  " + widgets.Fit("Score", 6) + widgets.Fit("L×I", 6) + widgets.Fit("Title", titleW) + " "
	if wide {
		head += widgets.Fit("Category", 13) + widgets.Fit("Owner", 15) + widgets.Fit("Res", 5)
	}
	head += widgets.Fit("Status", 11) + "Review"
	lines := []string{p.filterLine(w), st.Heading.Render(widgets.Cut(head, w))}
	from, to := p.list.Window(max(h-4, 1)) // only the rows that show are drawn
	cursor := p.list.Cursor()
	for i := from; i < to; i++ {
		r := p.list.At(i)
		sc := p.score(r)
		scoreText := p.bandStyle(sc).Render(widgets.Fit(fmt.Sprintf("%2d %s", sc, strings.ToUpper(string(model.BandOf(sc))[:1])), 5)) + " "
		mark := "  "
		title := widgets.Fit(model.Line(r.Title), titleW)
		if i == cursor {
			mark = common.GlyphCursor + " "
		}
		// the L×I beside a score is the one it is the product of: residual
		// in residual mode (inherent when none was assessed)
		l, im := r.Likelihood, r.Impact
		if p.residual && r.HasResidual() {
			l, im = r.ResidualLikelihood, r.ResidualImpact
		}
		line := mark + scoreText + widgets.Fit(fmt.Sprintf("%d×%d", l, im), 6) + title + " "
		if wide { // each cell keeps a blank after it, so a full one never runs into the next
			res := "—"
			if r.HasResidual() {
				res = fmt.Sprint(r.ResidualScore())
			}
			line += widgets.Fit(string(r.Category), 12) + " " + widgets.Fit(model.Line(r.Owner), 14) + " " + widgets.Fit(res, 5)
		}
		line += widgets.Fit(string(r.Status), 10) + " "
		if od := p.overdue(r); od != "" {
			line += st.Warn.Render("! " + od)
		} else {
			line += r.LastReview.String()
		}
		if i == cursor {
			line = common.SelectRow(st.Selected, line, 0)
		}
		lines = append(lines, line)
	}
	if p.list.Len() == 0 {
		lines = append(lines, "  no risks"+map[bool]string{true: " match the filter", false: " on the register"}[p.list.Filtering()])
	}
	if r, ok := p.list.Selected(); ok {
		for len(lines) < h-2 {
			lines = append(lines, "")
		}
		mit := r.Mitigation
		if mit == "" {
			mit = "none written"
		}
		lines = append(lines, st.Muted.Render(widgets.Cut(" mitigation: "+model.Line(mit), w)),
			st.Muted.Render(widgets.Cut(fmt.Sprintf(" owner %s · due %s · last review %s", model.Line(r.Owner), dateOr(r.Due, "none"), dateOr(r.LastReview, "never")), w)))
	}
	return lines
}

func (p *riskPane) filterLine(w int) string {
	pos, n := "0/0", p.list.Len()
	if n > 0 {
		pos = fmt.Sprintf("%d/%d", p.list.Cursor()+1, n)
	}
	if p.list.Filter.Focus || p.list.Filtering() {
		pos = fmt.Sprintf("  %s of %d", pos, p.list.Total())
		return " " + p.list.Filter.View(max(w-1-widgets.Width(pos), 1)) + p.c.Styles.Muted.Render(pos)
	}
	k := &p.c.Keys
	return p.c.Styles.Muted.Render(fmt.Sprintf(" %s %s · sorted by %s · %s sort · %s filter · %s inherent/residual", pos, common.Noun(n, "risk"), riskSorts[p.sortBy],
		common.Named(k.Sort), common.Named(k.Filter), common.Named(k.Residual)))
}

func dateOr(d model.Date, none string) string {
	if d.IsZero() {
		return none
	}
	return d.String()
}

func (p *riskPane) View() string {
	hm := p.heatMap()
	if p.width >= 120 {
		const mapW = 40
		reg := p.register(p.width-mapW-1, p.height)
		lines := make([]string, p.height)
		for i := range lines {
			left, right := "", ""
			if i < len(reg) {
				left = reg[i]
			}
			if i < len(hm) {
				right = hm[i]
			}
			lines[i] = widgets.Fit(left, p.width-mapW-1) + " " + right
		}
		return common.Frame(lines, p.width, p.height)
	}
	lines := append(hm, p.register(p.width, p.height-len(hm))...)
	return common.Frame(lines, p.width, p.height)
}

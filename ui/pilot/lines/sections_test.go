package lines

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"ringside/model"
	"ringside/model/assess"
	"ringside/model/gates"
	"ringside/themes"
	"ringside/ui/common"
)

// Each tab's builder, section by section: a pilot with just what one
// section reads, and the lines that section must (and must not) show.
func TestTabSections(t *testing.T) {
	c := &common.Common{Keys: common.DefaultKeys()}
	c.ApplyTheme(themes.NoColor())
	day := model.MustDate("2026-11-20")
	pilot := func(change func(p *model.Pilot)) assess.Input {
		p := &model.Pilot{Slug: "p", Name: "P", Stage: model.StagePilot}
		change(p)
		return assess.Input{AsOf: day, Pilot: p}
	}
	signed := model.Signoff{Gate: model.GateG3, Role: model.RoleProductOwner, Person: "Dana Ruiz", Decision: model.DecisionApprove,
		Meaning: "the KPIs met their targets", At: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}
	g3 := Gate{ID: model.GateG3, R: gates.Readiness{Signoffs: []gates.SignoffResult{{Role: "product_owner", Decision: "approve", Stale: true}}}}
	for _, tc := range []struct {
		name      string
		build     func(c *common.Common, d *Data, w int) []string
		data      Data
		want, not []string
	}{
		{"overview: no hypothesis", Overview, Data{In: pilot(func(p *model.Pilot) {})},
			[]string{" Hypothesis", "  none written yet", "  no flags: not abandoned, not a zombie, no cost trap, no governance gap"}, []string{"(locked)"}},
		{"overview: a locked hypothesis", Overview, Data{In: pilot(func(p *model.Pilot) {
			p.Hypothesis = model.Hypothesis{Text: "Drafts halve the handling time", Locked: true}
		})}, []string{" Hypothesis (locked)", "  Drafts halve the handling time"}, []string{"none written yet"}},
		{"runbooks: none", Runbooks, Data{In: pilot(func(p *model.Pilot) {})},
			[]string{"  no runbooks yet: a rollback runbook with a recent drill is a gate criterion"}, nil},
		{"runbooks: one, never drilled", Runbooks, Data{In: pilot(func(p *model.Pilot) {
			p.Runbooks = []model.Runbook{{Title: "Switch it off", Kind: "rollback", Body: "1. switch it off", TargetRestoreMin: 15}}
		})}, []string{" Switch it off  rollback · target restore 15 min", "  never drilled", "1. switch it off"}, []string{"no runbooks yet"}},
		{"payback: no model", Payback, Data{In: pilot(func(p *model.Pilot) {})},
			[]string{"  no payback model: add one under payback: in the portfolio file (see docs/portfolio.md)"}, nil},
		{"payback: a model that cannot be computed", Payback, Data{In: pilot(func(p *model.Pilot) { p.Payback = &model.PaybackModel{} }),
			A: assess.Assessment{PaybackErr: errors.New("costs are missing")}}, []string{"costs are missing"}, []string{"no payback model"}},
		// the matrix: G3's column, product_owner's cell approve and stale
		// (✓ appr *); the list: the one sign-off with its meaning
		{"sign-offs: one, stale", Signoffs, Data{In: pilot(func(p *model.Pilot) { p.Signoffs = []model.Signoff{signed} }), Gates: []Gate{g3}},
			[]string{" Sign-offs by role and gate", "G3", "✓ appr *", "  2026-11-20 09:30  G3   product_owner    Dana Ruiz — approve",
				"        meaning: the KPIs met their targets"}, []string{"nobody has signed anything yet"}},
		{"sign-offs: none", Signoffs, Data{In: pilot(func(p *model.Pilot) {}), Gates: []Gate{{ID: model.GateG3}}},
			[]string{"  nobody has signed anything yet", "  product_owner     ·"}, []string{"✓ appr *"}},
		{"operations: nothing recorded", Operations, Data{In: pilot(func(p *model.Pilot) {})},
			[]string{" Feature flags by ring", "  none recorded: list the flags that gate the pilot under flags: in its portfolio file",
				"  none recorded: the production-readiness gate asks for them (criterion kind nfr)",
				"  no plan yet: add milestones under plan: (what, owner, due, done, bucket)"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.data
			text := ansi.Strip(strings.Join(tc.build(c, &d, 100), "\n"))
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("shows %q:\n%s", n, text)
				}
			}
		})
	}
}

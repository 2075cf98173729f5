package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/drill"
	"ringside/ui/pilot"
)

// TestNewUserJourney is the new-user journey as one test: a new user, on
// an empty database, keyboard only, at 80×24 without colour, adds a pilot
// with its owners, ring, KPIs, risk and runbook, imports a CSV, runs a
// timed drill and holds a G3 review that ends in a signed, exported
// checklist; the audit log and verify agree with every step.
func TestNewUserJourney(t *testing.T) {
	t.Setenv("EDITOR", "") // the runbook body is typed in the form
	s, err := store.Open(filepath.Join(t.TempDir(), "new.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	exportDir := t.TempDir()
	d := &driver{t: t, m: New(common.Options{App: app.New(s, nil), AsOf: demoAsOf, Actor: "test", NoColor: true, ExportDir: exportDir,
		Now: func() time.Time { return meetingClock }})}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(d.m.Init())
	j := &journey{d: d, s: s, dir: exportDir}

	j.welcome()
	j.addPilot()
	j.addOwners()
	j.addRing()
	j.addKPIs()
	j.addRisk()
	j.addRunbook()
	j.importMetrics()
	j.timedDrill()
	j.review()
	j.export()
	j.audit()
}

// journey carries the driver and the store through the steps, and the
// audit actions every save should have written, in order.
type journey struct {
	d    *driver
	s    *store.Store
	dir  string   // where x exports
	want []string // audit actions expected, oldest first
}

func (j *journey) pilot() model.Pilot {
	j.d.t.Helper()
	p, err := j.s.Pilot(context.Background(), "hr-bot")
	if err != nil {
		j.d.t.Fatal(err)
	}
	return p
}

// frame checks the screen fits 80×24 and shows want.
func (j *journey) frame(wants ...string) {
	j.d.t.Helper()
	j.d.checkFrame(80, 24)
	for _, w := range wants {
		j.d.must(w)
	}
}

// welcome: an empty database greets the user.
func (j *journey) welcome() {
	j.frame("Welcome to ringside", "n adds a pilot here")
}

// addPilot: n on the welcome screen opens the new-pilot form.
func (j *journey) addPilot() {
	d := j.d
	d.keys("n")
	j.frame("New pilot")
	d.typeText("hr-bot")
	d.keys("enter")
	d.typeText("HR questions assistant")
	d.keys("enter", "right", "right", "enter") // stage idea → mvp → pilot
	d.typeText("Answer 60% of HR questions without a ticket")
	d.keys("enter", "y") // hypothesis, locked
	j.frame("created pilot hr-bot")
	j.want = append(j.want, "pilot.create")
	p := j.pilot()
	if p.Name != "HR questions assistant" || p.Stage != model.StagePilot || !p.Hypothesis.Locked ||
		p.Hypothesis.Text != "Answer 60% of HR questions without a ticket" {
		j.d.t.Fatalf("created %+v", p)
	}
}

// addOwners: enter opens the pilot; o names a person per role (product
// owner, IT service owner, support, security, adoption lead, legal).
func (j *journey) addOwners() {
	d := j.d
	d.keys("enter")
	j.frame("Overview · hr-bot")
	d.keys("o")
	j.frame("Owners · hr-bot")
	for _, name := range []string{"Dana Ruiz", "Sam Okafor", "", "Lee Park", "", ""} {
		d.field(name)
		d.keys("enter")
	}
	j.want = append(j.want, "owners.edit")
	o := j.pilot().Owners
	if o[model.RoleProductOwner] != "Dana Ruiz" || o[model.RoleITServiceOwner] != "Sam Okafor" || o[model.RoleSecurity] != "Lee Park" || len(o) != 3 {
		j.d.t.Fatalf("owners %v", o)
	}
}

// addRing: on Rings & KPIs, n → New ring "pilot", then m activates it.
func (j *journey) addRing() {
	d := j.d
	d.keys("2", "n")
	j.frame("What to add?")
	d.keys("down", "enter")
	j.frame("New ring · hr-bot")
	d.typeText("pilot")
	d.keys("enter")
	d.typeText("25")
	d.keys("enter", "enter", "enter", "enter") // exposure blank, status planned, start blank
	j.want = append(j.want, "ring.create")
	j.frame("added ring pilot to hr-bot", "rings: 1, KPIs: none yet (n adds one)")
	d.keys("m")
	j.frame("Move ring pilot (now planned)")
	d.keys("enter") // activate: no change calendar, so no window applies
	j.want = append(j.want, "ring.activate")
	p := j.pilot()
	if r, ok := p.Ring("pilot"); !ok || r.Status != model.RingActive || r.Population != 25 || r.Start != demoAsOf {
		d.t.Fatalf("ring %+v", r)
	}
}

// addKPIs: n → New KPI twice: one with a target and a rollback trigger,
// one with a target only. Fields: key, name, unit, better, baseline,
// target, warning, rollback, must-meet, weight, window.
func (j *journey) addKPIs() {
	d := j.d
	kpi := func(key, name, unit, baseline, target, rollback string) {
		d.keys("n")
		j.frame("What to add?")
		d.keys("enter")
		j.frame("New KPI · hr-bot")
		d.typeText(key)
		d.keys("enter")
		d.typeText(name)
		d.keys("enter")
		d.typeText(unit)
		d.keys("enter", "right", "enter") // better: higher
		d.typeText(baseline)
		d.keys("enter")
		d.typeText(target)
		d.keys("enter", "enter") // no warning
		d.typeText(rollback)
		d.keys("enter", "enter", "enter", "enter") // must-meet, weight 1, window as offered
		j.want = append(j.want, "kpi.create")
	}
	kpi("answered_pct", "Answered without a ticket", "%", "20", ">= 60", "< 15")
	kpi("csat", "Satisfaction", "pts", "4", ">= 4", "")
	p := j.pilot()
	a, ok1 := p.KPI("answered_pct")
	c, ok2 := p.KPI("csat")
	if !ok1 || !ok2 || a.Target.Canonical() != "value >= 60" || a.Rollback.Canonical() != "value < 15" || *a.Baseline != 20 ||
		a.Better != model.BetterHigher || !c.Rollback.IsZero() || c.Target.Canonical() != "value >= 4" {
		d.t.Fatalf("KPIs %+v", p.KPIs)
	}
	j.frame("Answered with…", "› pilot    Satisfaction", "csat") // the KPI just created (csat) is selected
}

// addRisk: on Risks, n opens the risk form; the likelihood and impact
// pickers show the score live.
func (j *journey) addRisk() {
	d := j.d
	d.keys("3", "n")
	j.frame("New risk · hr-bot")
	d.typeText("Wrong policy answer given as fact")
	d.keys("enter", "enter") // category operational
	j.frame("score 3 × 3 = 9 · medium")
	d.keys("right") // likelihood 4
	j.frame("score 4 × 3 = 12 · high")
	d.keys("enter", "enter", "enter", "enter") // impact 3, no residual
	d.typeText("Lee Park")
	d.keys("enter")
	d.typeText("Answers cite the policy page")
	d.keys("enter", "enter") // status open
	d.typeText("2026-12-31")
	d.keys("enter", "enter") // due, last review blank
	j.want = append(j.want, "risk.create")
	p := j.pilot()
	want := model.Risk{Title: "Wrong policy answer given as fact", Category: "operational", Likelihood: 4, Impact: 3,
		Owner: "Lee Park", Mitigation: "Answers cite the policy page", Status: model.RiskOpen, Due: model.MustDate("2026-12-31")}
	if len(p.Risks) != 1 || p.Risks[0] != want {
		d.t.Fatalf("risks %+v, want %+v", p.Risks, want)
	}
	j.frame("Wrong policy answer")
}

// addRunbook: on Runbooks, n → New runbook, kind rollback, target 15 min,
// a body of numbered steps typed in the form (ctrl+j is a new line).
func (j *journey) addRunbook() {
	d := j.d
	d.keys("5", "n") // no runbook yet, so no drill to log: the runbook form opens
	j.frame("New runbook · hr-bot")
	d.typeText("Switch the assistant off")
	d.keys("enter", "enter") // kind rollback
	d.typeText("15")
	d.keys("enter")
	for i, step := range []string{"1. Turn the chat widget flag off", "2. Point the HR page at the ticket form", "3. Tell staff by email"} {
		if i > 0 {
			d.send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
		}
		d.typeText(step)
	}
	d.keys("enter")
	j.want = append(j.want, "runbook.create")
	p := j.pilot()
	if len(p.Runbooks) != 1 || p.Runbooks[0].Kind != model.RunbookRollback || p.Runbooks[0].TargetRestoreMin != 15 ||
		len(model.RunbookSteps(p.Runbooks[0].Body)) != 3 {
		d.t.Fatalf("runbooks %+v", p.Runbooks)
	}
	j.frame("Runbooks · hr-bot", "Switch the assistant off")
}

// importMetrics: i on the detail, pick testdata/journey/metrics.csv (the
// picker starts in the working directory, ui/), preview, dry run, import,
// the ring health it changed, enter back to the detail.
func (j *journey) importMetrics() {
	d := j.d
	d.keys("i")
	j.frame("Import metr")
	pickEntry(d.t.(*testing.T), d, "testdata/")
	pickEntry(d.t.(*testing.T), d, "journey/")
	pickEntry(d.t.(*testing.T), d, "metrics.csv")
	j.frame("▸2 preview", "pilot hr-bot", "rings   pilot ✓", "metrics answered_pct ✓  csat ✓", "8 rows read")
	d.keys("enter")
	j.frame("▸3 dry run", "rows 8 · new 8 · updated 0 · unchanged 0 · rejected 0")
	d.keys("enter")
	// pilot ring: answered_pct (58+61+63+66)/4 = 62 ≥ 60 pass; csat
	// (4.1+4.3+4.2+4.4)/4 = 4.25 ≥ 4 pass: nodata → pass
	j.frame("▸5 health", "imported: 8 new", "○ nodata → ● pass")
	d.keys("enter")
	j.frame("imported metrics.csv: 8 new", "Runbooks · hr-bot")
	j.want = append(j.want, "import")
	n, err := j.s.ObservationCount(context.Background())
	if err != nil || n != 8 {
		d.t.Fatalf("observations %d, %v; want 8", n, err)
	}
}

// timedDrill: t on Runbooks runs the runbook step by step against the
// drill's clock, which the test sets and moves.
func (j *journey) timedDrill() {
	d := j.d
	d.keys("t")
	scr, ok := d.m.top().(*drill.Screen)
	if !ok {
		d.t.Fatalf("t did not open a drill:\n%s", d.screen())
	}
	clk := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	scr.Now = func() time.Time { return clk }
	j.frame("Switch the assistant off", "3 steps, one at a time", "enter starts the clock")
	d.keys("enter")
	clk = clk.Add(time.Minute)
	d.keys("d") // step 1 done at 60 s
	clk = clk.Add(2 * time.Minute)
	d.keys("d") // step 2 done at 180 s
	clk = clk.Add(3 * time.Minute)
	d.keys("d") // step 3 done at 360 s: 6 min ≤ 15, met
	j.frame("Drill finished · 3 of 3 steps done", "time to restore 6 min (6:00): met")
	d.keys("enter")
	j.frame("drill saved")
	j.want = append(j.want, "drill")
	drills := j.pilot().Runbooks[0].Drills
	if len(drills) != 1 || drills[0].RestoreMin != 6 || len(drills[0].Steps) != 3 ||
		drills[0].Steps[0].AtSec != 60 || drills[0].Steps[1].AtSec != 180 || drills[0].Steps[2].AtSec != 360 || !drills[0].Steps[2].Done {
		d.t.Fatalf("drills %+v", drills)
	}
}

// review: the Gates tab opens on the pilot's next gate, G3; r holds the
// meeting.
func (j *journey) review() {
	d := j.d
	d.keys("6")
	j.frame("▸G3")
	d.keys("r")
	j.frame("Who is here?")
	// every step of the meeting is saved as it is made: one audit entry
	// ("review") per attendee marked and per note
	d.keys("space", "down", "space", "down", "space")
	j.frame("3 present")
	j.want = append(j.want, "review", "review", "review")
	d.keys("right")
	j.frame("criterion 1 of 7", "MET")
	d.keys("n")
	d.typeText("Answered 62% last week against 60")
	d.keys("enter")
	j.frame("Note: Answered 62% last week against 60")
	j.want = append(j.want, "review")
	for range 7 {
		d.keys("right")
	}
	j.frame("Sign-offs in the room", "product_owner     Dana Ruiz        required · not signed")
	// each owner in the room signs: person as named, approve, a meaning
	for i, who := range []string{"Dana Ruiz", "Sam Okafor", "Lee Park"} {
		if i > 0 {
			d.keys("down")
		}
		d.keys("s")
		j.frame("Sign-off of G3 as", who)
		d.keys("enter", "enter") // person, approve
		d.typeText("pilot results reviewed and accepted")
		d.keys("enter", "enter") // meaning, no comment
		j.want = append(j.want, "signoff")
	}
	j.frame("security          Lee Park         required ✓ approved by Lee Park")
	d.keys("right")
	j.frame("Decision: none yet")
	d.keys("d", "g", "enter") // go (the decision starts on hold)
	j.frame("G3 is not ready, 2 blockers", "Record go anyway?  [no] yes")
	d.keys("y", "enter") // the answer starts on no
	j.frame("DECIDED: GO", "stage now hardening", "Sign-offs:  product_owner approve, it_service_owner approve, security approve")
	j.want = append(j.want, "review")

	p := j.pilot()
	if p.Stage != model.StageHardening {
		d.t.Fatalf("stage %s after go, want hardening", p.Stage)
	}
	var rv model.GateReview
	for _, r := range p.Reviews {
		if r.Gate == model.GateG3 {
			rv = r
		}
	}
	if rv.Decision != model.ReviewGo || strings.Join(rv.Attendees, ", ") != "Dana Ruiz, Sam Okafor, Lee Park" || len(rv.Notes) != 1 {
		d.t.Fatalf("review %+v", rv)
	}
	var signed []string
	for _, so := range p.Signoffs {
		signed = append(signed, fmt.Sprintf("%s %s %s %s", so.Gate, so.Role, so.Person, so.Decision))
	}
	if want := "G3 product_owner Dana Ruiz approve|G3 it_service_owner Sam Okafor approve|G3 security Lee Park approve"; strings.Join(signed, "|") != want {
		d.t.Fatalf("sign-offs %q, want %q", signed, want)
	}
}

// export: x on the summary writes the checklist and the minutes to the
// export directory; the checklist names every sign-off.
func (j *journey) export() {
	d := j.d
	d.keys("x")
	j.frame("Written:")
	body, err := os.ReadFile(filepath.Join(j.dir, "checklist-hr-bot-G3-2026-11-20.md"))
	if err != nil {
		d.t.Fatal(err)
	}
	for _, w := range []string{"Dana Ruiz", "Sam Okafor", "Lee Park", "approve", "pilot results reviewed and accepted"} {
		if !strings.Contains(string(body), w) {
			d.t.Errorf("the checklist does not name %q:\n%s", w, body)
		}
	}
	if _, err := os.Stat(filepath.Join(j.dir, "minutes-hr-bot-G3-2026-11-20.md")); err != nil {
		d.t.Error(err)
	}
}

// audit: one entry per save, in order, and the chain verifies.
func (j *journey) audit() {
	t := j.d.t
	es, err := j.s.Audit(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(es) - 1; i >= 0; i-- { // newest first: reverse
		got = append(got, es[i].Action)
	}
	if strings.Join(got, " ") != strings.Join(j.want, " ") {
		t.Errorf("audit actions, oldest first:\n%s\nwant\n%s", strings.Join(got, " "), strings.Join(j.want, " "))
	}
	r, err := j.s.Verify(context.Background())
	if err != nil || !r.OK {
		t.Fatalf("verify: %v %+v", err, r)
	}
}

// TestEmptyKPIText: the Rings & KPIs tab of a pilot with a ring but no KPI
// (the journey's state after adding its ring) says so.
func TestEmptyKPIText(t *testing.T) {
	ring := []model.Ring{{Name: "pilot"}}
	kpi := []model.KPI{{Key: "csat"}}
	for _, c := range []struct {
		p    model.Pilot
		want string
	}{
		{model.Pilot{}, "this pilot defines no KPIs or rings yet (n adds one)"},
		{model.Pilot{Rings: ring}, "rings: 1, KPIs: none yet (n adds one)"},
		{model.Pilot{KPIs: kpi}, "KPIs: 1, rings: none yet (n adds one)"},
	} {
		if got := pilot.EmptyKPIText(c.p); got != c.want {
			t.Errorf("emptyKPIText(%d rings, %d KPIs) = %q, want %q", len(c.p.Rings), len(c.p.KPIs), got, c.want)
		}
	}
}

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
	"ringside/internal/uitest"
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
	d := rootDriver(t, New(common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true, ExportDir: exportDir,
		Now: func() time.Time { return meetingClock }}), 80, 24)
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
	j.d.T.Helper()
	p, err := j.s.Pilot(context.Background(), "hr-bot")
	if err != nil {
		j.d.T.Fatal(err)
	}
	return p
}

// frame checks the screen fits 80×24 and shows want.
func (j *journey) frame(wants ...string) {
	j.d.T.Helper()
	j.d.CheckFrame(80, 24)
	for _, w := range wants {
		j.d.Must(w)
	}
}

// welcome: an empty database greets the user.
func (j *journey) welcome() {
	j.frame("Welcome to ringside", "n adds a pilot here")
}

// addPilot: n on the welcome screen opens the new-pilot form.
func (j *journey) addPilot() {
	d := j.d
	d.Keys("n")
	j.frame("New pilot")
	d.Type("hr-bot")
	d.Keys("enter")
	d.Type("HR questions assistant")
	d.Keys("enter", "right", "right", "enter") // stage idea → mvp → pilot
	d.Type("Answer 60% of HR questions without a ticket")
	d.Keys("enter", "y") // hypothesis, locked
	j.frame("created pilot hr-bot")
	j.want = append(j.want, "pilot.create")
	p := j.pilot()
	if p.Name != "HR questions assistant" || p.Stage != model.StagePilot || !p.Hypothesis.Locked ||
		p.Hypothesis.Text != "Answer 60% of HR questions without a ticket" {
		j.d.T.Fatalf("created %+v", p)
	}
}

// addOwners: enter opens the pilot; o names a person per role (product
// owner, IT service owner, support, security, adoption lead, legal).
func (j *journey) addOwners() {
	d := j.d
	d.Keys("enter")
	j.frame("Overview · hr-bot")
	d.Keys("o")
	j.frame("Owners · hr-bot")
	for _, name := range []string{"Dana Ruiz", "Sam Okafor", "", "Lee Park", "", ""} {
		d.Field(name)
		d.Keys("enter")
	}
	j.want = append(j.want, "owners.edit")
	o := j.pilot().Owners
	if o[model.RoleProductOwner] != "Dana Ruiz" || o[model.RoleITServiceOwner] != "Sam Okafor" || o[model.RoleSecurity] != "Lee Park" || len(o) != 3 {
		j.d.T.Fatalf("owners %v", o)
	}
}

// addRing: on Rings & KPIs, n → New ring "pilot", then m activates it.
func (j *journey) addRing() {
	d := j.d
	d.Keys("2", "n")
	j.frame("What to add?")
	d.Keys("down", "enter")
	j.frame("New ring · hr-bot")
	d.Type("pilot")
	d.Keys("enter")
	d.Type("25")
	d.Keys("enter", "enter", "enter", "enter") // exposure blank, status planned, start blank
	j.want = append(j.want, "ring.create")
	j.frame("added ring pilot to hr-bot", "rings: 1, KPIs: none yet (n adds one)")
	d.Keys("m")
	j.frame("Move ring pilot (now planned)")
	d.Keys("enter") // activate: no change calendar, so no window applies
	j.want = append(j.want, "ring.activate")
	p := j.pilot()
	if r, ok := p.Ring("pilot"); !ok || r.Status != model.RingActive || r.Population != 25 || r.Start != uitest.DemoAsOf {
		d.T.Fatalf("ring %+v", r)
	}
}

// addKPIs: n → New KPI twice: one with a target and a rollback trigger,
// one with a target only. Fields: key, name, unit, better, baseline,
// target, warning, rollback, must-meet, weight, window.
func (j *journey) addKPIs() {
	d := j.d
	kpi := func(key, name, unit, baseline, target, rollback string) {
		d.Keys("n")
		j.frame("What to add?")
		d.Keys("enter")
		j.frame("New KPI · hr-bot")
		d.Type(key)
		d.Keys("enter")
		d.Type(name)
		d.Keys("enter")
		d.Type(unit)
		d.Keys("enter", "right", "enter") // better: higher
		d.Type(baseline)
		d.Keys("enter")
		d.Type(target)
		d.Keys("enter", "enter") // no warning
		d.Type(rollback)
		d.Keys("enter", "enter", "enter", "enter") // must-meet, weight 1, window as offered
		j.want = append(j.want, "kpi.create")
	}
	kpi("answered_pct", "Answered without a ticket", "%", "20", ">= 60", "< 15")
	kpi("csat", "Satisfaction", "pts", "4", ">= 4", "")
	p := j.pilot()
	a, ok1 := p.KPI("answered_pct")
	c, ok2 := p.KPI("csat")
	if !ok1 || !ok2 || a.Target.Canonical() != "value >= 60" || a.Rollback.Canonical() != "value < 15" || *a.Baseline != 20 ||
		a.Better != model.BetterHigher || !c.Rollback.IsZero() || c.Target.Canonical() != "value >= 4" {
		d.T.Fatalf("KPIs %+v", p.KPIs)
	}
	j.frame("Answered with…", "› pilot    Satisfaction", "csat") // the KPI just created (csat) is selected
}

// addRisk: on Risks, n opens the risk form; the likelihood and impact
// pickers show the score live.
func (j *journey) addRisk() {
	d := j.d
	d.Keys("3", "n")
	j.frame("New risk · hr-bot")
	d.Type("Wrong policy answer given as fact")
	d.Keys("enter", "enter") // category operational
	j.frame("score 3 × 3 = 9 · medium")
	d.Keys("right") // likelihood 4
	j.frame("score 4 × 3 = 12 · high")
	d.Keys("enter", "enter", "enter", "enter") // impact 3, no residual
	d.Type("Lee Park")
	d.Keys("enter")
	d.Type("Answers cite the policy page")
	d.Keys("enter", "enter") // status open
	d.Type("2026-12-31")
	d.Keys("enter", "enter") // due, last review blank
	j.want = append(j.want, "risk.create")
	p := j.pilot()
	want := model.Risk{Title: "Wrong policy answer given as fact", Category: "operational", Likelihood: 4, Impact: 3,
		Owner: "Lee Park", Mitigation: "Answers cite the policy page", Status: model.RiskOpen, Due: model.MustDate("2026-12-31")}
	if len(p.Risks) != 1 || p.Risks[0] != want {
		d.T.Fatalf("risks %+v, want %+v", p.Risks, want)
	}
	j.frame("Wrong policy answer")
}

// addRunbook: on Runbooks, n → New runbook, kind rollback, target 15 min,
// a body of numbered steps typed in the form (ctrl+j is a new line).
func (j *journey) addRunbook() {
	d := j.d
	d.Keys("5", "n") // no runbook yet, so no drill to log: the runbook form opens
	j.frame("New runbook · hr-bot")
	d.Type("Switch the assistant off")
	d.Keys("enter", "enter") // kind rollback
	d.Type("15")
	d.Keys("enter")
	for i, step := range []string{"1. Turn the chat widget flag off", "2. Point the HR page at the ticket form", "3. Tell staff by email"} {
		if i > 0 {
			d.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
		}
		d.Type(step)
	}
	d.Keys("enter")
	j.want = append(j.want, "runbook.create")
	p := j.pilot()
	if len(p.Runbooks) != 1 || p.Runbooks[0].Kind != model.RunbookRollback || p.Runbooks[0].TargetRestoreMin != 15 ||
		len(model.RunbookSteps(p.Runbooks[0].Body)) != 3 {
		d.T.Fatalf("runbooks %+v", p.Runbooks)
	}
	j.frame("Runbooks · hr-bot", "Switch the assistant off")
}

// importMetrics: i on the detail, pick testdata/journey/metrics.csv (the
// picker starts in the working directory, ui/), preview, dry run, import,
// the ring health it changed, enter back to the detail.
func (j *journey) importMetrics() {
	d := j.d
	d.Keys("i")
	j.frame("Import metr")
	uitest.PickEntry(d.T, d, "testdata/")
	uitest.PickEntry(d.T, d, "journey/")
	uitest.PickEntry(d.T, d, "metrics.csv")
	j.frame("▸2 preview", "pilot hr-bot", "rings   pilot ✓", "metrics answered_pct ✓  csat ✓", "8 rows read")
	d.Keys("enter")
	j.frame("▸3 dry run", "rows 8 · new 8 · updated 0 · unchanged 0 · rejected 0")
	d.Keys("enter")
	// pilot ring: answered_pct (58+61+63+66)/4 = 62 ≥ 60 pass; csat
	// (4.1+4.3+4.2+4.4)/4 = 4.25 ≥ 4 pass: nodata → pass
	j.frame("▸5 health", "imported: 8 new", "○ nodata → ● pass")
	d.Keys("enter")
	j.frame("imported metrics.csv: 8 new", "Runbooks · hr-bot")
	j.want = append(j.want, "import")
	n, err := j.s.ObservationCount(context.Background())
	if err != nil || n != 8 {
		d.T.Fatalf("observations %d, %v; want 8", n, err)
	}
}

// timedDrill: t on Runbooks runs the runbook step by step against the
// drill's clock, which the test sets and moves.
func (j *journey) timedDrill() {
	d := j.d
	d.Keys("t")
	scr, ok := d.m.top().(*drill.Screen)
	if !ok {
		d.T.Fatalf("t did not open a drill:\n%s", d.Screen())
	}
	clk := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	scr.Now = func() time.Time { return clk }
	j.frame("Switch the assistant off", "3 steps, one at a time", "enter starts the clock")
	d.Keys("enter")
	clk = clk.Add(time.Minute)
	d.Keys("d") // step 1 done at 60 s
	clk = clk.Add(2 * time.Minute)
	d.Keys("d") // step 2 done at 180 s
	clk = clk.Add(3 * time.Minute)
	d.Keys("d") // step 3 done at 360 s: 6 min ≤ 15, met
	j.frame("Drill finished · 3 of 3 steps done", "time to restore 6 min (6:00): met")
	d.Keys("enter")
	j.frame("drill saved")
	j.want = append(j.want, "drill")
	drills := j.pilot().Runbooks[0].Drills
	if len(drills) != 1 || drills[0].RestoreMin != 6 || len(drills[0].Steps) != 3 ||
		drills[0].Steps[0].AtSec != 60 || drills[0].Steps[1].AtSec != 180 || drills[0].Steps[2].AtSec != 360 || !drills[0].Steps[2].Done {
		d.T.Fatalf("drills %+v", drills)
	}
}

// review: the Gates tab opens on the pilot's next gate, G3; r holds the
// meeting.
func (j *journey) review() {
	d := j.d
	d.Keys("6")
	j.frame("▸G3")
	d.Keys("r")
	j.frame("Who is here?")
	// every step of the meeting is saved as it is made: one audit entry
	// ("review") per attendee marked and per note
	d.Keys("space", "down", "space", "down", "space")
	j.frame("3 present")
	j.want = append(j.want, "review", "review", "review")
	d.Keys("right")
	j.frame("criterion 1 of 7", "MET")
	d.Keys("n")
	d.Type("Answered 62% last week against 60")
	d.Keys("enter")
	j.frame("Note: Answered 62% last week against 60")
	j.want = append(j.want, "review")
	for range 7 {
		d.Keys("right")
	}
	j.frame("Sign-offs in the room", "product_owner     Dana Ruiz        required · not signed")
	// each owner in the room signs: person as named, approve, a meaning
	for i, who := range []string{"Dana Ruiz", "Sam Okafor", "Lee Park"} {
		if i > 0 {
			d.Keys("down")
		}
		d.Keys("s")
		j.frame("Sign-off of G3 as", who)
		d.Keys("enter", "enter") // person, approve
		d.Type("pilot results reviewed and accepted")
		d.Keys("enter", "enter") // meaning, no comment
		j.want = append(j.want, "signoff")
	}
	j.frame("security          Lee Park         required ✓ approved by Lee Park")
	d.Keys("right")
	j.frame("Decision: none yet")
	d.Keys("d", "g", "enter") // go (the decision starts on hold)
	j.frame("G3 is not ready, 2 blockers", "Record go anyway?  [no] yes")
	d.Keys("y", "enter") // the answer starts on no
	j.frame("DECIDED: GO", "stage now hardening", "Sign-offs:  product_owner approve, it_service_owner approve, security approve")
	j.want = append(j.want, "review")

	p := j.pilot()
	if p.Stage != model.StageHardening {
		d.T.Fatalf("stage %s after go, want hardening", p.Stage)
	}
	var rv model.GateReview
	for _, r := range p.Reviews {
		if r.Gate == model.GateG3 {
			rv = r
		}
	}
	if rv.Decision != model.ReviewGo || strings.Join(rv.Attendees, ", ") != "Dana Ruiz, Sam Okafor, Lee Park" || len(rv.Notes) != 1 {
		d.T.Fatalf("review %+v", rv)
	}
	var signed []string
	for _, so := range p.Signoffs {
		signed = append(signed, fmt.Sprintf("%s %s %s %s", so.Gate, so.Role, so.Person, so.Decision))
	}
	if want := "G3 product_owner Dana Ruiz approve|G3 it_service_owner Sam Okafor approve|G3 security Lee Park approve"; strings.Join(signed, "|") != want {
		d.T.Fatalf("sign-offs %q, want %q", signed, want)
	}
}

// export: x on the summary writes the checklist and the minutes to the
// export directory; the checklist names every sign-off.
func (j *journey) export() {
	d := j.d
	d.Keys("x")
	j.frame("Written:")
	body, err := os.ReadFile(filepath.Join(j.dir, "checklist-hr-bot-G3-2026-11-20.md"))
	if err != nil {
		d.T.Fatal(err)
	}
	for _, w := range []string{"Dana Ruiz", "Sam Okafor", "Lee Park", "approve", "pilot results reviewed and accepted"} {
		if !strings.Contains(string(body), w) {
			d.T.Errorf("the checklist does not name %q:\n%s", w, body)
		}
	}
	if _, err := os.Stat(filepath.Join(j.dir, "minutes-hr-bot-G3-2026-11-20.md")); err != nil {
		d.T.Error(err)
	}
}

// audit: one entry per save, in order, and the chain verifies.
func (j *journey) audit() {
	t := j.d.T
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
		if got := pilot.EmptyKPIText(c.p, "n"); got != c.want {
			t.Errorf("emptyKPIText(%d rings, %d KPIs) = %q, want %q", len(c.p.Rings), len(c.p.KPIs), got, c.want)
		}
	}
}

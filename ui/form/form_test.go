package form

import (
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
)

// The forms driven alone: each test opens one form on the demo's pilot,
// fills it with key messages and reads the store and the audit log back.
// How the forms open from the dashboard and a pilot's detail (the
// pickers, undo) is tested in package ui.

// openForm is a driver for the forms at 80×22 (an 80×24 terminal's body)
// whose OpenFormMsg opens this package's forms.
func openForm(t *testing.T, s *store.Store, w, h int) *uitest.Driver {
	t.Helper()
	d := uitest.New(t, common.Options{App: app.New(s, nil)}, w, h)
	d.Forms = Forms{}
	return d
}

func TestFormNewKPI(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Open(KPIForm(d.C, uitest.MustPilot(t, s, "claims-triage"), -1))
	if got := d.Top().Title(); got != "New KPI · claims-triage" {
		t.Fatalf("title %q", got)
	}
	head := uitest.HeadHash(t, s)
	d.Type("nps")
	d.Keys("enter")
	d.Type("Net promoter score")
	d.Keys("enter", "enter", "right", "enter") // unit blank, better → higher
	d.Type("abc")
	d.Keys("enter")
	d.Must(`"abc" is not a number`)
	d.Field("40")
	d.Keys("enter")
	// the criterion is checked as typed: the parser's message shows before enter
	d.Type("<= x")
	d.Must(`"x" is not a number`)
	d.Keys("enter")
	d.Must(`invalid criterion "<= x"`)
	d.Field(">= +10%")
	d.Must("✓ pct >= 10")
	d.Keys("enter", "enter") // warning: none
	d.Type("< 0")
	d.Keys("enter")
	d.Keys("enter") // must-meet
	d.Keys("enter") // weight 1
	d.Type("400")
	d.Keys("enter")
	d.Must("must be 0 to 366, got 400")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("an invalid KPI form wrote something")
	}
	d.Field("14")
	d.Keys("enter")
	if len(d.Stack) != 0 || d.Change != 1 {
		t.Fatalf("after the save %d screens are open and %d changes said, want the form closed and one", len(d.Stack), d.Change)
	}
	p := uitest.MustPilot(t, s, "claims-triage")
	k, ok := p.KPI("nps")
	if !ok || k.Name != "Net promoter score" || k.Better != model.BetterHigher || k.Baseline == nil || *k.Baseline != 40 ||
		k.Target.Canonical() != "pct >= 10" || !k.Warning.IsZero() || k.Rollback.Canonical() != "value < 0" ||
		!k.Critical || k.Weight != nil || k.Window != 14 {
		t.Fatalf("stored KPI %+v", k)
	}
	if e := uitest.LastAudit(t, s); e.Action != "kpi.create" || e.Summary != "added KPI nps to claims-triage" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// A KPI key that repeats another ignoring case passes the field check but
// not model.Pilot.Validate: the store refuses it, the form shows why.
func TestFormKPIRefusedByValidate(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Open(KPIForm(d.C, uitest.MustPilot(t, s, "claims-triage"), -1))
	head := uitest.HeadHash(t, s)
	d.Type("TRIAGE_MIN")
	d.Keys("enter", "enter", "enter", "enter", "enter")
	d.Type("<= 5")
	d.Keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.Must("kpis[", `KPI key "TRIAGE_MIN" repeats kpis[0]`)
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused KPI wrote something")
	}
	d.Keys("esc")
	d.Must("cancelled, nothing saved")
	if len(d.Stack) != 0 {
		t.Fatal("esc left the form open")
	}
}

func TestFormNewRiskShowsScoreLive(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Open(RiskForm(d.C, uitest.MustPilot(t, s, "claims-triage"), -1))
	if got := d.Top().Title(); got != "New risk · claims-triage" {
		t.Fatalf("title %q", got)
	}
	head := uitest.HeadHash(t, s)
	d.Keys("enter") // empty title
	d.Must("title is required")
	d.Type("Vendor lock-in")
	d.Keys("enter", "enter") // category operational
	d.Must("score 3 × 3 = 9 · medium")
	d.Keys("right", "right") // likelihood 5
	d.Must("score 5 × 3 = 15 · critical")
	d.Keys("enter", "left") // impact 2
	d.Must("score 5 × 2 = 10 · high")
	d.Keys("enter")
	d.Keys("right", "right", "enter") // residual likelihood 2
	d.Keys("enter")                   // residual impact 0
	d.Must("set residual likelihood and impact together")
	d.Keys("right")
	d.Must("score 2 × 1 = 2 · low")
	d.Keys("enter")
	d.Type("Ana Lima")
	d.Keys("enter")
	d.Type("Exit clause")
	d.Keys("enter", "right", "enter") // status mitigating
	d.Type("2026-13-01")
	d.Keys("enter")
	d.Must(`"2026-13-01" is not a date`)
	if uitest.HeadHash(t, s) != head {
		t.Fatal("an invalid risk form wrote something")
	}
	d.Field("2026-12-31")
	d.Keys("enter", "enter")
	p := uitest.MustPilot(t, s, "claims-triage")
	r := p.Risks[len(p.Risks)-1]
	want := model.Risk{Title: "Vendor lock-in", Category: "operational", Likelihood: 5, Impact: 2, ResidualLikelihood: 2, ResidualImpact: 1,
		Owner: "Ana Lima", Mitigation: "Exit clause", Status: model.RiskMitigating, Due: model.MustDate("2026-12-31")}
	if r != want {
		t.Fatalf("stored risk\n%+v\nwant\n%+v", r, want)
	}
	if e := uitest.LastAudit(t, s); e.Action != "risk.create" {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// Rolling back a ring lists, before anything is written, the flags still on
// in it with the runbook steps that turn them off (the demo's
// servicedesk-copilot has kb-answers on in canary, ticket-summaries off).
func TestFormRollBackListsFlagsToTurnOff(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 100, 38)
	head := uitest.HeadHash(t, s)
	d.Open(MoveRingForm(d.C, uitest.MustPilot(t, s, "servicedesk-copilot"), "canary"))
	d.Must("Move ring canary (now active)")
	d.Keys("down", "enter") // pause, roll back
	d.Must("Roll back ring canary of servicedesk-copilot?", "Turn these flags off in canary:",
		"kb-answers (runbook: Switch a ring back to the classic agent desktop)")
	if strings.Contains(d.Screen(), "ticket-summaries") {
		t.Fatal("a flag that is off in canary is listed")
	}
	if len(d.Stack) != 1 || uitest.HeadHash(t, s) != head {
		t.Fatalf("the confirm is not in the move form's place (%d screens) or something was written", len(d.Stack))
	}
}

// TestFormMoveRingPlannedOffersOnlyActivate: claims-triage's canary is
// planned, so its move menu offers activate alone; the active pilot ring
// is still offered pause, roll back and complete.
func TestFormMoveRingPlannedOffersOnlyActivate(t *testing.T) {
	s := uitest.OpenDemo(t)
	p := uitest.MustPilot(t, s, "claims-triage")
	d := openForm(t, s, 80, 22)
	d.Open(MoveRingForm(d.C, p, "canary"))
	d.Must("Move ring canary (now planned)", "activate")
	for _, move := range []string{"pause", "roll back", "complete"} {
		if strings.Contains(d.Screen(), move) {
			t.Errorf("a planned ring is offered %q:\n%s", move, d.Screen())
		}
	}
	d.Keys("esc")
	d.Open(MoveRingForm(d.C, p, "pilot"))
	d.Must("Move ring pilot (now active)", "pause", "roll back", "complete")
}

// TestFormNFR: a new NFR marked verified without evidence is refused as
// the portfolio file would refuse it (nfrs[N].evidence), inline; with the
// evidence it is one nfr.edit entry.
func TestFormNFR(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Open(NFRForm(d.C, uitest.MustPilot(t, s, "servicedesk-copilot"), -1))
	if got := d.Top().Title(); got != "New NFR · servicedesk-copilot" {
		t.Fatalf("title %q", got)
	}
	head := uitest.HeadHash(t, s)
	d.Keys("right", "enter") // privacy
	d.Type("Prompts are not logged by the vendor")
	d.Keys("enter")
	d.Type("vendor contract")
	d.Keys("enter", "right", "enter", "enter") // status verified, no evidence: save
	d.Must("not saved, fix these:", "nfrs[4].evidence: a verified NFR needs its evidence")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused NFR wrote something")
	}
	d.Keys("enter", "enter", "enter", "enter")
	d.Type("DPA annex 2")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if n := p.NFRs[len(p.NFRs)-1]; n != (model.NFR{Category: model.NFRPrivacy, Requirement: "Prompts are not logged by the vendor", Verification: "vendor contract", Evidence: "DPA annex 2", Status: model.NFRVerified}) {
		t.Fatalf("stored NFR %+v", n)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionNFREdit {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

// TestFormFreeze: a freeze in an unknown zone is refused as the portfolio
// file's calendar would be; in a real zone it is one pilot.calendar entry.
func TestFormFreeze(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := openForm(t, s, 80, 22)
	d.Open(FreezeForm(d.C, uitest.MustPilot(t, s, "servicedesk-copilot"), -1))
	if got := d.Top().Title(); got != "New freeze · servicedesk-copilot" {
		t.Fatalf("title %q", got)
	}
	d.Type("ITSM upgrade")
	d.Keys("enter")
	d.Type("2026-12-01")
	d.Keys("enter")
	d.Type("2026-12-03")
	d.Keys("enter")
	d.Field("Mars/Olympus")
	head := uitest.HeadHash(t, s)
	d.Keys("enter")
	d.Must("not saved, fix these:", "calendar.freezes[0].zone")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused freeze wrote something")
	}
	d.Keys("enter", "enter", "enter")
	d.Field("Europe/Berlin")
	d.Keys("enter")
	p := uitest.MustPilot(t, s, "servicedesk-copilot")
	if p.Calendar == nil || len(p.Calendar.Freezes) != 1 || p.Calendar.Freezes[0] != (model.FreezePeriod{Name: "ITSM upgrade", From: model.MustDate("2026-12-01"), To: model.MustDate("2026-12-03"), Zone: "Europe/Berlin"}) {
		t.Fatalf("stored calendar %+v", p.Calendar)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionPilotCalendar {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

package dashboard

import (
	"context"
	"strings"
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
)

// TestFormPortfolioCalendar: c on the dashboard edits the portfolio's
// change calendar (the demo's: the Release train window, the Year-end
// close freeze). A new freeze in an unknown zone and a window with a rule
// the file would refuse are refused inline, naming the field as the file's
// reader does, and write nothing; each save is one calendar.update entry
// with the calendar before and after; a removal asks first.
func TestFormPortfolioCalendar(t *testing.T) {
	s := uitest.OpenDemo(t)
	ctx := context.Background()
	d := openDashboard(t, s, 80, 22)
	d.Keys("c")
	d.Must("Which window or freeze of the portfolio's change calendar?", "New change window", "New freeze",
		`Edit window "Release train"`, `Edit freeze "Year-end close" (2026-12-19 – 2027-01-06)`, `Remove freeze "Year-end close"`)
	d.Keys("down", "enter")
	d.Must("New freeze · the portfolio")
	d.Type("Quarter close")
	d.Keys("enter")
	d.Type("2027-03-29")
	d.Keys("enter")
	d.Type("2027-04-02")
	d.Keys("enter")
	d.Field("Mars/Olympus")
	head := uitest.HeadHash(t, s)
	d.Keys("enter")
	d.Must("not saved, fix these:", "calendar.freezes[1].zone", "Mars/Olympus")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused freeze wrote something")
	}
	d.Keys("enter", "enter", "enter")
	d.Field("Europe/Berlin")
	d.Keys("enter")
	cal, err := s.Calendar(ctx)
	if err != nil || cal == nil || len(cal.Freezes) != 2 || cal.Freezes[1] != (model.FreezePeriod{Name: "Quarter close", From: model.MustDate("2027-03-29"), To: model.MustDate("2027-04-02"), Zone: "Europe/Berlin"}) {
		t.Fatalf("stored calendar %+v %v", cal, err)
	}
	e := uitest.LastAudit(t, s)
	if e.Action != model.ActionCalendarUpdate || e.Summary != `added freeze "Quarter close" of the portfolio (2027-03-29 – 2027-04-02)` ||
		!strings.Contains(e.After, "Quarter close") || strings.Contains(e.Before, "Quarter close") || !strings.Contains(e.Before, "Year-end close") {
		t.Fatalf("audit entry %+v", e)
	}
	if es, _ := s.Audit(ctx, store.AuditFilter{Limit: 2}); len(es) != 2 || es[1].Seq != e.Seq-1 || es[1].Action == model.ActionCalendarUpdate {
		t.Fatalf("the save wrote more than one entry: %+v", es)
	}
	d.Must(`added freeze "Quarter close" of the portfolio`)

	// the window's rule as the file would refuse it
	d.Keys("c", "down", "down", "enter")
	d.Must("Edit change window · the portfolio", "Release train")
	d.Keys("enter")
	d.Field("FREQ=FORTNIGHTLY;BYDAY=TU")
	head = uitest.HeadHash(t, s)
	d.Keys("enter", "enter", "enter", "enter", "enter")
	d.Must("not saved, fix these:", "calendar.windows[0].rule: invalid recurrence rule")
	if uitest.HeadHash(t, s) != head {
		t.Fatal("a refused window wrote something")
	}
	d.Keys("esc")

	// remove the new freeze: asked first
	d.Keys("c")
	uitest.PickChoice(t, d, `Remove freeze "Quarter close"`)
	d.Must(`Remove freeze "Quarter close" from the portfolio's change calendar?`)
	d.Keys("y")
	if cal, _ := s.Calendar(ctx); cal == nil || len(cal.Freezes) != 1 || cal.Freezes[0].Name != "Year-end close" {
		t.Fatalf("calendar after the removal %+v", cal)
	}
	if e := uitest.LastAudit(t, s); e.Action != model.ActionCalendarUpdate || e.Summary != `removed freeze "Quarter close" of the portfolio` {
		t.Fatalf("audit entry %+v", e)
	}
	uitest.VerifyOK(t, s)
}

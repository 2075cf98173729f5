package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// trainCalendar: every second Tuesday 18:00–20:00 in Berlin from
// 2026-11-17 (11-17, 12-01, 12-15, 12-29, 2027-01-12), and a year-end
// freeze 2026-12-20 … 2027-01-05. Berlin is UTC+1 in winter.
func trainCalendar() *model.Calendar {
	return &model.Calendar{
		Windows: []model.ChangeWindow{{Name: "Release train", Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;DTSTART=2026-11-17",
			Start: "18:00", End: "20:00", Zone: "Europe/Berlin"}},
		Freezes: []model.FreezePeriod{{Name: "Year-end", From: model.MustDate("2026-12-20"), To: model.MustDate("2027-01-05"), Zone: "Europe/Berlin"}},
	}
}

// openCalendarStore holds samplePilot (pilot ring active, canary planned)
// under cal, with the clock stopped at the instant `at`.
func openCalendarStore(t *testing.T, cal *model.Calendar, at string) (*Store, *time.Time) {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "ringside.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	clock, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return clock }
	p := samplePilot()
	p.Rings[1].Exposure = 0.2
	if _, err := s.ApplyPortfolio(context.Background(), Change{Actor: "tester"}, "a test", model.Portfolio{Calendar: cal, Pilots: []model.Pilot{p}}); err != nil {
		t.Fatal(err)
	}
	return s, &clock
}

func setRing(name string, status model.RingStatus, exposure float64) func(p *model.Pilot) error {
	return func(p *model.Pilot) error {
		r, ok := p.Ring(name)
		if !ok {
			return errors.New("no ring " + name)
		}
		if status != "" {
			r.Status = status
		}
		if exposure > 0 {
			r.Exposure = exposure
		}
		return nil
	}
}

func TestRingMovesObeyTheCalendar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		cal    *model.Calendar
		at     string
		ring   string
		status model.RingStatus
		expo   float64
		want   string // "" = allowed; else the WindowError text it must start with
	}{
		{"activate inside the window", trainCalendar(), "2026-12-01T17:30:00Z", "canary", model.RingActive, 0, ""},
		// 10:00Z on Wednesday 12-02: the next train is 12-15.
		{"activate outside every window", trainCalendar(), "2026-12-02T10:00:00Z", "canary", model.RingActive, 0,
			"pilot claims-triage: cannot activate ring canary now: outside every change window; next: Tue 2026-12-15 18:00–20:00 Europe/Berlin."},
		// 12-29 18:30 Berlin is a train, but inside the freeze; next usable is 2027-01-12.
		{"widen inside a freeze, even in a window", trainCalendar(), "2026-12-29T17:30:00Z", "canary", "", 0.5,
			`pilot claims-triage: cannot widen ring canary now: inside freeze "Year-end" 2026-12-20 – 2027-01-05; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin.`},
		{"complete inside a freeze", trainCalendar(), "2026-12-22T12:00:00Z", "pilot", model.RingComplete, 0,
			`pilot claims-triage: cannot complete ring pilot now: inside freeze "Year-end"`},
		{"pause inside a freeze", trainCalendar(), "2026-12-22T12:00:00Z", "pilot", model.RingPaused, 0, ""},
		{"roll back inside a freeze", trainCalendar(), "2026-12-22T12:00:00Z", "pilot", model.RingRolledBack, 0, ""},
		{"narrow exposure inside a freeze", trainCalendar(), "2026-12-22T12:00:00Z", "canary", "", 0.1, ""},
		{"no calendar", nil, "2026-12-22T12:00:00Z", "canary", model.RingActive, 0, ""},
		{"freezes only, outside them", &model.Calendar{Freezes: trainCalendar().Freezes}, "2026-12-02T10:00:00Z", "canary", model.RingActive, 0, ""},
		{"freezes only, inside one", &model.Calendar{Freezes: trainCalendar().Freezes}, "2026-12-22T12:00:00Z", "canary", model.RingActive, 0,
			`pilot claims-triage: cannot activate ring canary now: inside freeze "Year-end" 2026-12-20 – 2027-01-05.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openCalendarStore(t, tt.cal, tt.at)
			ctx := context.Background()
			before, _ := s.Pilot(ctx, "claims-triage")
			_, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: "ring.status", Summary: "ring moved"}, "claims-triage", setRing(tt.ring, tt.status, tt.expo))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var we *WindowError
			if !errors.As(err, &we) {
				t.Fatalf("err = %v, want a *WindowError", err)
			}
			// The store says what was refused and why; how to override it
			// (--force --reason on the command line) is the front end's to say.
			if !strings.HasPrefix(err.Error(), strings.TrimSuffix(tt.want, ".")) || strings.Contains(err.Error(), "--force") {
				t.Errorf("error:\n got %s\nwant %s… without a front end's override hint", err, tt.want)
			}
			if after, _ := s.Pilot(ctx, "claims-triage"); !reflect.DeepEqual(before, after) {
				t.Error("a refused move changed the pilot")
			}
		})
	}
}

func TestOverrideIsAuditedWithItsReason(t *testing.T) {
	t.Parallel()
	s, _ := openCalendarStore(t, trainCalendar(), "2026-12-22T12:00:00Z")
	ctx := context.Background()
	widen := setRing("canary", model.RingActive, 0.5)
	if _, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: "ring.status", Summary: "canary", Override: &Override{Reason: "  "}}, "claims-triage", widen); !errors.Is(err, ErrOverrideReason) {
		t.Fatalf("override without a reason: err = %v, want ErrOverrideReason", err)
	}
	p, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: "ring.status", Summary: "canary", Override: &Override{Reason: "regulator deadline"}}, "claims-triage", widen)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := p.Ring("canary"); r.Status != model.RingActive || r.Exposure != 0.5 {
		t.Errorf("canary = %+v, want active at 0.5", r)
	}
	es, err := s.Audit(ctx, AuditFilter{Pilot: "claims-triage", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: the update, then the override granted just before it.
	if len(es) != 2 || es[0].Action != "ring.status" || es[1].Action != "calendar.override" || es[1].Actor != "lee" {
		t.Fatalf("audit = %+v", es)
	}
	want := `override of the change calendar to activate canary (inside freeze "Year-end" 2026-12-20 – 2027-01-05; next: Tue 2027-01-12 18:00–20:00 Europe/Berlin); reason: regulator deadline`
	if es[1].Summary != want {
		t.Errorf("override summary:\n got %s\nwant %s", es[1].Summary, want)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Errorf("chain after an override: %+v %v", r, err)
	}
}

func TestApplyRefusesAMoveInAFreezeAndWritesNothing(t *testing.T) {
	t.Parallel()
	s, _ := openCalendarStore(t, trainCalendar(), "2026-12-22T12:00:00Z")
	ctx := context.Background()
	head, _ := s.HeadHash(ctx)
	p := samplePilot()
	p.Rings[1].Status, p.Rings[1].Exposure = model.RingActive, 0.2
	p.Name = "renamed in the same file"
	_, err := s.ApplyPortfolio(ctx, Change{Actor: "x"}, "a file", model.Portfolio{Pilots: []model.Pilot{p}, Calendar: &model.Calendar{}})
	var we *WindowError
	if !errors.As(err, &we) || we.Ring != "canary" || we.Move != "activate" || we.Next != "Tue 2027-01-12 18:00–20:00 Europe/Berlin" {
		t.Fatalf("err = %#v", err)
	}
	if h, _ := s.HeadHash(ctx); h != head {
		t.Error("a refused apply wrote to the audit log")
	}
	if cal, _ := s.Calendar(ctx); cal == nil {
		t.Error("a refused apply cleared the calendar")
	}
	if _, err := s.ApplyPortfolio(ctx, Change{Actor: "x", Override: &Override{Reason: "incident fix"}}, "a file", model.Portfolio{Pilots: []model.Pilot{p}}); err != nil {
		t.Fatalf("forced apply: %v", err)
	}
}

func TestPilotWindowsReplaceAndFreezesAddUp(t *testing.T) {
	t.Parallel()
	// The pilot's own daily window 09:00–17:00 UTC replaces the train;
	// its own freeze on 12-03 adds to the portfolio's year-end.
	s, clock := openCalendarStore(t, trainCalendar(), "2026-12-02T10:00:00Z")
	ctx := context.Background()
	own := &model.Calendar{
		Windows: []model.ChangeWindow{{Name: "Office hours", Rule: "FREQ=DAILY", Start: "09:00", Duration: "8h", Zone: "UTC"}},
		Freezes: []model.FreezePeriod{{Name: "Audit day", From: model.MustDate("2026-12-03"), To: model.MustDate("2026-12-03"), Zone: "UTC"}},
	}
	if _, err := s.UpdatePilot(ctx, Change{Actor: "x", Action: "calendar", Summary: "own calendar"}, "claims-triage", func(p *model.Pilot) error { p.Calendar = own; return nil }); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Pilot(ctx, "claims-triage")
	if !reflect.DeepEqual(got.Calendar, own) {
		t.Errorf("stored calendar = %+v", got.Calendar)
	}
	for _, c := range []struct {
		at string
		ok bool
	}{
		{"2026-12-02T10:00:00Z", true},  // office hours, not a train day
		{"2026-12-03T10:00:00Z", false}, // the pilot's own freeze
		{"2026-12-22T10:00:00Z", false}, // the portfolio's freeze still binds
		{"2026-12-02T18:00:00Z", false}, // after office hours
	} {
		*clock, _ = time.Parse(time.RFC3339, c.at)
		_, err := s.UpdatePilot(ctx, Change{Actor: "x", Action: "ring.status", Summary: "canary"}, "claims-triage", setRing("canary", model.RingActive, 0))
		if (err == nil) != c.ok {
			t.Errorf("at %s: err = %v, want allowed %v", c.at, err, c.ok)
		}
		if err == nil { // put it back for the next case: pausing is always allowed
			s.UpdatePilot(ctx, Change{Actor: "x", Action: "ring.status", Summary: "canary"}, "claims-triage", setRing("canary", model.RingPaused, 0))
		}
	}
}

func TestPortfolioCalendarAppliedAndKept(t *testing.T) {
	t.Parallel()
	s, _ := openCalendarStore(t, trainCalendar(), "2026-12-02T10:00:00Z")
	ctx := context.Background()
	pf, err := s.Portfolio(ctx)
	if err != nil || !reflect.DeepEqual(pf.Calendar, trainCalendar()) {
		t.Fatalf("stored calendar = %+v, %v", pf.Calendar, err)
	}
	// A file without `calendar:` leaves it; an empty one clears it, audited.
	if _, err := s.ApplyPortfolio(ctx, Change{Actor: "x"}, "a file", model.Portfolio{Pilots: []model.Pilot{}}); err != nil {
		t.Fatal(err)
	}
	if cal, _ := s.Calendar(ctx); cal == nil {
		t.Fatal("a file without a calendar cleared the stored one")
	}
	if _, err := s.ApplyPortfolio(ctx, Change{Actor: "x"}, "a file", model.Portfolio{Calendar: &model.Calendar{}}); err != nil {
		t.Fatal(err)
	}
	if cal, _ := s.Calendar(ctx); cal != nil {
		t.Errorf("an empty calendar did not clear the stored one: %+v", cal)
	}
	es, _ := s.Audit(ctx, AuditFilter{Limit: 1})
	if len(es) != 1 || es[0].Action != "calendar.update" || es[0].After != "" || !strings.Contains(es[0].Before, "Release train") {
		t.Errorf("audit = %+v", es)
	}
}

// TestEditCalendar: an edit of the portfolio's calendar is one
// calendar.update entry with the calendar before and after; an edit that
// changes nothing, or fails, writes nothing.
func TestEditCalendar(t *testing.T) {
	s, _ := openCalendarStore(t, trainCalendar(), "2026-12-02T10:00:00Z")
	ctx := context.Background()
	head := func() string {
		h, err := s.HeadHash(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h0 := head()
	if _, _, err := s.EditCalendar(ctx, Change{Actor: "x"}, func(c *model.Calendar) error { return nil }); err != nil || head() != h0 {
		t.Fatalf("an edit that changes nothing: %v, wrote %v", err, head() != h0)
	}
	boom := errors.New("boom")
	if _, _, err := s.EditCalendar(ctx, Change{Actor: "x"}, func(c *model.Calendar) error {
		c.Windows = nil
		return boom
	}); !errors.Is(err, boom) || head() != h0 {
		t.Fatalf("a failed edit: %v, wrote %v", err, head() != h0)
	}
	if cal, _ := s.Calendar(ctx); !reflect.DeepEqual(cal, trainCalendar()) {
		t.Fatalf("a failed edit changed the calendar: %+v", cal)
	}
	freeze := model.FreezePeriod{Name: "Audit week", From: model.MustDate("2027-02-01"), To: model.MustDate("2027-02-05"), Zone: "UTC"}
	before, after, err := s.EditCalendar(ctx, Change{Actor: "x", Summary: "added a freeze"}, func(c *model.Calendar) error {
		c.Freezes = append(c.Freezes, freeze)
		return nil
	})
	if err != nil || !reflect.DeepEqual(before, trainCalendar()) || after == nil || after.Freezes[len(after.Freezes)-1] != freeze {
		t.Fatalf("EditCalendar = %+v, %+v, %v", before, after, err)
	}
	es, _ := s.Audit(ctx, AuditFilter{Limit: 2})
	if len(es) < 1 || es[0].Action != model.ActionCalendarUpdate || es[0].Summary != "added a freeze" || !strings.Contains(es[0].After, "Audit week") || strings.Contains(es[0].Before, "Audit week") {
		t.Fatalf("audit = %+v", es)
	}
	if cal, _ := s.Calendar(ctx); !reflect.DeepEqual(cal, after) {
		t.Fatalf("stored %+v, returned %+v", cal, after)
	}
	verifyOK(t, s)
}

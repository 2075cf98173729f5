package review

import (
	"context"
	"reflect"
	"testing"
	"time"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
)

// meetingClock is the fixed "now" of the review tests: on the demo's day,
// so sign-offs and ticks count as of it.
var meetingClock = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// openMeeting opens claims-triage's G3 review (its next gate, as r on its
// Gates tab does) with the meeting's clock and an export directory.
func openMeeting(t *testing.T, s *store.Store) (*uitest.Driver, *Screen) {
	t.Helper()
	d := uitest.New(t, common.Options{App: app.New(s, nil), Now: func() time.Time { return meetingClock }, ExportDir: t.TempDir()}, 80, 22)
	v := New(d.C, "claims-triage", model.GateG3)
	d.Open(v)
	return d, v
}

func storedMeeting(t *testing.T, s *store.Store) model.GateReview {
	t.Helper()
	for _, r := range uitest.MustPilot(t, s, "claims-triage").Reviews {
		if r.Gate == "G3" && r.Date == uitest.DemoAsOf {
			return r
		}
	}
	t.Fatalf("no G3 review of %s stored", uitest.DemoAsOf)
	return model.GateReview{}
}

// TestReviewResumesWhereItStopped drops the meeting halfway through
// (attendees picked, two criteria noted, the third on screen) and opens a
// new one on the same database: it resumes at the third criterion with
// the same attendees and notes.
func TestReviewResumesWhereItStopped(t *testing.T) {
	s := uitest.OpenDemo(t)
	d, _ := openMeeting(t, s)
	d.Must("Who is here?")
	d.Keys("space", "down", "space", "a")
	d.Type("Kim Weber")
	d.Keys("enter", "right", "n")
	d.Type("KPIs met for six weeks")
	d.Keys("enter", "right", "n")
	d.Type("All 25 handlers active")
	d.Keys("enter", "right")
	d.Must("criterion 3 of 8")
	before := storedMeeting(t, s)
	if before.Decision != "" {
		t.Fatalf("an unfinished meeting is stored as decided: %+v", before)
	}
	wantAttendees := []string{"Dana Ruiz", "Sam Okafor", "Kim Weber"}
	if !reflect.DeepEqual(before.Attendees, wantAttendees) || len(before.Notes) != 2 {
		t.Fatalf("stored meeting = %+v", before)
	}

	// The terminal closes: a new meeting screen on the same file.
	d2, v := openMeeting(t, s)
	d2.Must("criterion 3 of 8", "Product owner approved")
	if v.Phase != PhaseCriteria || v.Crit != 2 {
		t.Errorf("resumed at phase %d criterion %d, want criteria and the third", v.Phase, v.Crit)
	}
	if !reflect.DeepEqual(v.State.RV.Attendees, wantAttendees) || !reflect.DeepEqual(v.State.RV.Notes, before.Notes) {
		t.Errorf("resumed meeting %+v, want %+v", v.State.RV, before)
	}
	d2.Keys("left", "left", "left")
	d2.Must("3 present", "[x] Kim Weber")
}

// TestReviewRejectBlocksGo: a reject signed in the room shows as blocking
// go, deciding go is refused in the form with nothing saved, and hold
// still goes through.
func TestReviewRejectBlocksGo(t *testing.T) {
	s := uitest.OpenDemo(t)
	d, _ := openMeeting(t, s)
	d.Keys("space")
	d.Keys("S") // straight to the summary, then back to the sign-offs
	d.Keys("left", "left")
	d.Must("Sign-offs in the room")
	d.Keys("down", "down", "down", "s", "enter", "r", "enter")
	d.Type("DLP not enforced on the mailbox")
	d.Keys("enter", "enter")
	d.Must("✗ REJECT by Lee Park: blocks go", "GO IS BLOCKED")
	d.Keys("right")
	d.Must("GO IS BLOCKED")
	d.Keys("d", "g", "enter")
	d.Must("rejected by security (Lee Park)")
	if !d.Top().Capturing() {
		t.Error("the refused decision closed its form")
	}
	if rv := storedMeeting(t, s); rv.Decision != "" {
		t.Fatalf("a refused go was stored: %+v", rv)
	}
	d.Keys("c", "enter") // conditional is blocked by a reject as go is
	d.Must("conditional is blocked on G3: rejected by security (Lee Park)")
	if rv := storedMeeting(t, s); rv.Decision != "" || !d.Top().Capturing() {
		t.Fatalf("a refused conditional was stored or closed its form: %+v", rv)
	}
	d.Keys("h", "enter") // hold
	d.Must("DECISION: HOLD")
	p, _ := s.Pilot(context.Background(), "claims-triage")
	if p.Stage != model.StagePilot || storedMeeting(t, s).Decision != model.ReviewHold {
		t.Errorf("after hold: stage %s, meeting %+v", p.Stage, storedMeeting(t, s))
	}
}

package review

import (
	"testing"

	"ringside/internal/uitest"
	"ringside/model"
)

// The review's forms name their keys from the key map: rebound there (as
// a config file does), the sign-off form's key line says the new keys,
// and the new cancel key closes it.
func TestReviewFormHintsNameTheKeyMapsKeys(t *testing.T) {
	d, _ := openMeeting(t, uitest.OpenDemo(t))
	d.Keys("space", "S", "left", "left")
	d.Must("Sign-offs in the room")
	d.Rebind(map[string][]string{
		"form.accept": {"ctrl+o"}, "form.cancel": {"ctrl+b"}, "form.option-prev": {"["}, "form.option-next": {"]"},
	})
	d.Keys("down", "down", "down", "s")
	d.Must("ctrl+o next/save · tab/↑↓ field · [/] choose · ctrl+b cancel")
	if !d.Top().Capturing() {
		t.Fatal("s opened no sign-off form")
	}
	d.Keys("ctrl+b")
	if d.Top().Capturing() {
		t.Errorf("ctrl+b, which the key line names, did not close the form:\n%s", d.Screen())
	}
}

// The decision's refusals name their keys from the key map: with the
// form's cancel key, the agenda's back key and the condition key rebound,
// a decision with nobody present says "ctrl+b, go back to Attendees (,)"
// where it said "esc" and "←", and a conditional go without conditions
// "ctrl+b, add them with +" where it said "esc" and "c"; each key, pressed
// as the refusal says, does what it says.
func TestDecisionRefusalsNameTheKeyMapsKeys(t *testing.T) {
	d, v := openMeeting(t, uitest.OpenDemo(t))
	d.Keys("S", "left") // nobody marked present: the decision step
	if v.Phase != phaseDecision {
		t.Fatalf("on step %d, want the decision's:\n%s", v.Phase, d.Screen())
	}
	d.Rebind(map[string][]string{"form.cancel": {"ctrl+b"}, "review.agenda-prev": {","}, "review.condition": {"+"}})
	d.Keys("d", "enter") // hold
	d.MustSay("a review needs its attendees: ctrl+b, go back to Attendees (,) and mark who is here")
	d.Keys("ctrl+b")
	if d.Top().Capturing() {
		t.Fatalf("ctrl+b, which the refusal names, did not close the form:\n%s", d.Screen())
	}
	d.Keys(",")
	if v.Phase != phaseSignoffs {
		t.Fatalf(", (which the refusal names) went to step %d, want the sign-offs, a step back:\n%s", v.Phase, d.Screen())
	}
	for i := 0; i < 20 && v.Phase != phaseAttendees; i++ {
		d.Keys(",")
	}
	d.Keys("space", "S", ",") // one present; the decision step again
	d.Keys("d", "c", "enter") // conditional
	d.MustSay("a conditional go needs its conditions: ctrl+b, add them with +, then decide")
	d.Keys("ctrl+b", "+")
	d.Must("Condition")
	if !d.Top().Capturing() {
		t.Fatalf("+, which the refusal names, opened no condition form:\n%s", d.Screen())
	}
}

// Each step's line names its keys from the key map: rebound, the
// attendees', criteria's, sign-offs', decision's and summary's lines say
// the new keys, and each key does what its line says.
func TestReviewStepLinesNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d, v := openMeeting(t, s)
	d.Rebind(map[string][]string{
		"review.toggle": {"p"}, "review.add-attendee": {"+"}, "review.note": {"N"}, "review.sign": {"ctrl+s"},
		"review.condition": {"C"}, "review.action-item": {"I"}, "review.decide": {"D"}, "review.agenda-next": {"."}, "review.export": {"X"},
	})
	opens := func(k, what string) {
		t.Helper()
		d.Keys(k)
		if !d.Top().Capturing() {
			t.Fatalf("%s, which the line names, opened no %s:\n%s", k, what, d.Screen())
		}
		d.Keys("esc")
	}
	d.Must("  p marks present or absent · + adds someone else")
	d.Keys("p")
	d.Must("1 present")
	opens("+", "attendee form")
	d.Keys(".")
	if v.Phase != PhaseCriteria {
		t.Fatalf(". did not go on to the criteria:\n%s", d.Screen())
	}
	d.Must("No note yet: N adds one")
	opens("N", "note form")
	d.Keys("S", "left", "left")
	d.Must("· ctrl+s signs the sel") // cut at 80 wide
	opens("ctrl+s", "sign-off form")
	d.Keys(".")
	d.Must(" Conditions  C adds one", "  I adds one", "none yet: D records go, conditional, hold, recycle or kill")
	opens("C", "condition form")
	opens("I", "action item form")
	opens("D", "decision form")
	d.Keys(".")
	d.Must("No decision yet: . or D on the Decision step records it", " X exports")
	d.Keys("X")
	if len(v.files) != 2 {
		t.Fatalf("X, which the line names, exported %v:\n%s", v.files, d.Screen())
	}
}

// A pilot without owners offers its attendees by the add key alone, and
// says it from the key map.
func TestReviewWithoutOwnersNamesTheAddKey(t *testing.T) {
	s := uitest.OpenDemo(t)
	uitest.EditPilot(t, s, "claims-triage", model.ActionOwnersEdit, func(q *model.Pilot) { q.Owners = nil })
	d, _ := openMeeting(t, s)
	d.Rebind(map[string][]string{"review.add-attendee": {"+"}})
	d.Must("the pilot names no owners: + adds the people in the room")
	d.Keys("+")
	if !d.Top().Capturing() {
		t.Fatalf("+, which the line names, opened no attendee form:\n%s", d.Screen())
	}
}

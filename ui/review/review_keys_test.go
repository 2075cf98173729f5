package review

import (
	"testing"

	"ringside/internal/uitest"
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

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

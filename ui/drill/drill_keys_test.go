package drill

import (
	"strings"
	"testing"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/ui/common"
)

// The drill's hints name its keys from the key map: rebound there (as a
// config file does), the start, step and abandon lines say the new keys,
// and the new keys work.
func TestDrillHintsNameTheKeyMapsKeys(t *testing.T) {
	d, _ := openDrill(t, uitest.OpenDemo(t))
	d.Rebind(map[string][]string{"drill.start-clock": {"s"}, "drill.step-done": {"x"}, "drill.abandon": {"A"}})
	d.Must(" s starts the clock")
	d.Keys("s")
	d.Must(" x done · f failed · n note on this step · A abandon (asks first)")
	d.Keys("A")
	d.Must("Abandon this drill? Nothing is saved. y abandons · n goes on")
}

// The rest of the drill's lines name their keys from the key map too:
// the runbook switch, the notes of the summary and the retry of a save
// that failed. Rebound, each line says the new key and the key does what
// the line says.
func TestDrillLinesNameTheKeyMapsKeys(t *testing.T) {
	s := uitest.OpenDemo(t)
	d := uitest.New(t, common.Options{App: app.New(s, nil)}, 200, 22) // the failed save's line whole
	d.Open(New(d.C, "kb-article-drafts", uitest.MustPilot(t, s, "kb-article-drafts").Runbooks, 0))
	d.Rebind(map[string][]string{"drill.book-prev": {","}, "drill.book-next": {"."}, "drill.drill-notes": {"N"}, "drill.save-drill": {"ctrl+s"}})
	d.Must(" · ,/. another runbook")
	d.Keys(".")
	d.Must("runbook 2 of 2")
	d.Keys(",", "enter", "d", "d", "d")
	d.Must("Drill finished", "none (N adds them)")
	d.Keys("N")
	d.Type("console slow")
	d.Keys("enter")
	d.Must("console slow")
	title := uitest.MustPilot(t, s, "kb-article-drafts").Runbooks[0].Title
	rename := func(to string) {
		t.Helper()
		uitest.EditPilot(t, s, "kb-article-drafts", model.ActionRunbookEdit, func(q *model.Pilot) { q.Runbooks[0].Title = to })
	}
	rename("Switch the drafting assistant off")
	d.Keys("ctrl+s")
	d.MustSay("could not save the drill:", "; ctrl+s tries again")
	rename(title)
	d.Keys("ctrl+s")
	if len(d.Stack) != 0 || !strings.HasPrefix(d.Status, "drill saved") {
		t.Fatalf("ctrl+s, which the line names, did not save the drill: status %q\n%s", d.Status, d.Screen())
	}
}

package uitest

import (
	"context"
	"testing"

	"ringside/app"
	"ringside/model"
	"ringside/model/assess"
	"ringside/store"
)

// CriterionStatus judges a pilot's gate as of the demo day and returns the
// status of the criterion id (met, unmet, waived, unknown); the test
// fails when the gate has no such criterion.
func CriterionStatus(t testing.TB, s *store.Store, slug string, gate model.GateID, id string) string {
	t.Helper()
	in, err := app.New(s, nil).PilotInput(context.Background(), slug, DemoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	r, err := assess.Gate(in, assess.Health(in), gate)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Criteria {
		if c.ID == id {
			return c.Status
		}
	}
	t.Fatalf("%s of %s has no criterion %s: %+v", gate, slug, id, r.Criteria)
	return ""
}

package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"ringside/model"
)

// An edit's audit entry diffs to the fields it changed, and only those:
// renaming pilot ct touches Name alone.
func TestAuditChangeShowsTheChangedFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := openTest(t)
	if _, err := a.UpdatePilot(ctx, Change{Actor: "tester", Action: model.ActionPilotEdit, Summary: "renamed"}, "ct", func(p *model.Pilot) error {
		p.Name = "Claims triage"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	es, err := a.Audit(ctx, AuditFilter{Pilot: "ct", Limit: 1})
	if err != nil || len(es) != 1 {
		t.Fatal(es, err)
	}
	ch, err := a.AuditChange(ctx, es[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ch.Lines {
		got = append(got, l.String())
	}
	if want := "- Name: Pilot ct\n+ Name: Claims triage"; strings.Join(got, "\n") != want {
		t.Errorf("diff\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	if ch.Entry.Seq != es[0].Seq || ch.Entry.Summary != "renamed" {
		t.Errorf("entry %+v", ch.Entry)
	}
	// The pilot's creation (the first entry) adds every field it set.
	first, err := a.AuditChange(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range first.Lines {
		if l.Op != '+' {
			t.Errorf("creation diff has %q", l.String())
		}
	}
	if _, err := a.AuditChange(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing entry: err = %v, want ErrNotFound", err)
	}
}

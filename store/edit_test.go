package store

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

func auditActions(t *testing.T, s *Store, slug string) []string {
	t.Helper()
	es, err := s.Audit(context.Background(), AuditFilter{Pilot: slug})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action)
	}
	return out
}

func verifyOK(t *testing.T, s *Store) {
	t.Helper()
	r, err := s.Verify(context.Background())
	if err != nil || !r.OK {
		t.Fatalf("verify: %v %+v", err, r)
	}
}

func TestCreateEditDeletePilot(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := samplePilot()
	if _, err := s.CreatePilot(ctx, Change{Actor: "ana", Action: "pilot.create", Summary: "created"}, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePilot(ctx, Change{Actor: "ana", Action: "pilot.create", Summary: "created"}, p); !errors.Is(err, ErrExists) {
		t.Fatalf("second create: %v, want ErrExists", err)
	}
	bad := p
	bad.Slug, bad.Name = "Bad Slug", ""
	_, err := s.CreatePilot(ctx, Change{Actor: "ana", Action: "pilot.create", Summary: "created"}, bad)
	var inv *InvalidPilotError
	if !errors.As(err, &inv) || len(inv.Errs) != 2 {
		t.Fatalf("invalid create: %v, want 2 field errors (slug, name)", err)
	}

	// a locked hypothesis changes only with a reason, keeping the old text
	_, _, err = s.EditPilot(ctx, Change{Actor: "ana", Action: "pilot.edit", Summary: "edited"}, p.Slug, func(q *model.Pilot) error {
		q.Hypothesis.Text = "Cut triage to 6 minutes"
		return nil
	})
	if !errors.As(err, &inv) || inv.Errs[0].Path != "hypothesis.reason" {
		t.Fatalf("edit without reason: %v", err)
	}
	before, got, err := s.EditPilot(ctx, Change{Actor: "ana", Action: "pilot.edit", Summary: "edited"}, p.Slug, func(q *model.Pilot) error {
		q.Hypothesis.Text, q.Hypothesis.Reason, q.Hypothesis.Locked = "Cut triage to 6 minutes", "pilot beat the target", false
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Hypothesis.Locked || len(got.Hypothesis.Revisions) != 1 || got.Hypothesis.Revisions[0].Text != p.Hypothesis.Text ||
		got.Hypothesis.Revisions[0].By != "ana" || got.Hypothesis.Revisions[0].Reason != "pilot beat the target" {
		t.Fatalf("hypothesis after edit: %+v", got.Hypothesis)
	}
	// the pilot before is what this edit replaced, read in its transaction
	if before.Hypothesis.Text != p.Hypothesis.Text || len(before.Hypothesis.Revisions) != 0 {
		t.Fatalf("hypothesis before edit: %+v", before.Hypothesis)
	}
	// an invalid edit writes nothing
	if _, _, err := s.EditPilot(ctx, Change{Actor: "ana", Action: "pilot.edit", Summary: "edited"}, p.Slug, func(q *model.Pilot) error {
		q.Risks[0].Likelihood = 9
		return nil
	}); !errors.As(err, &inv) || inv.Errs[0].Path != "risks[0].likelihood" {
		t.Fatalf("invalid edit: %v", err)
	}

	// restore refuses when the pilot moved on, then puts the old one back
	if _, err := s.RestorePilot(ctx, Change{Actor: "ana", Action: "undo", Summary: "undo"}, p.Slug, p, p); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Fatalf("restore over a newer change: %v", err)
	}
	back, err := s.RestorePilot(ctx, Change{Actor: "ana", Action: "undo", Summary: "undo: edited"}, p.Slug, got, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := Normalize(p); !reflect.DeepEqual(back, want) {
		t.Fatalf("restored:\n%+v\nwant\n%+v", back, want)
	}

	old, err := s.DeletePilot(ctx, Change{Actor: "ana", Action: "pilot.delete", Summary: "deleted"}, p.Slug, nil)
	if err != nil {
		t.Fatal(err)
	}
	if old.Name != p.Name {
		t.Fatalf("deleted pilot returned %q", old.Name)
	}
	if _, err := s.Pilot(ctx, p.Slug); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	es, _ := s.Audit(ctx, AuditFilter{Pilot: p.Slug, Limit: 1})
	if es[0].Action != "pilot.delete" || es[0].Before == "" || es[0].After != "" {
		t.Fatalf("delete audit entry: %+v", es[0])
	}
	want := []string{"pilot.create", "pilot.edit", "undo", "pilot.delete"}
	if got := auditActions(t, s, p.Slug); !reflect.DeepEqual(got, want) {
		t.Fatalf("audit actions %v, want %v", got, want)
	}
	verifyOK(t, s)
}

func TestDeletePilotKeepsObservations(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := samplePilot()
	if _, err := s.CreatePilot(ctx, Change{Actor: "ana", Action: "pilot.create", Summary: "created"}, p); err != nil {
		t.Fatal(err)
	}
	rows := []ObsRow{{Line: 2, Pilot: p.Slug, Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-01-20"), Value: 8}}
	i := 0
	next := func() (ObsRow, error) {
		if i == len(rows) {
			return ObsRow{}, io.EOF
		}
		i++
		return rows[i-1], nil
	}
	if n, err := s.PilotObservationCount(ctx, p.Slug); err != nil || n != 0 {
		t.Fatalf("observations before the import: %d %v", n, err)
	}
	rows = append(rows, ObsRow{Line: 3, Pilot: p.Slug, Ring: "pilot", Metric: "triage_min", Day: model.MustDate("2026-01-21"), Value: 9})
	if _, err := s.ImportObservations(ctx, Change{Actor: "ana"}, ImportMeta{File: "m.csv"}, next); err != nil {
		t.Fatal(err)
	}
	// two rows of one series: the count is the observations, not the series
	if n, err := s.PilotObservationCount(ctx, p.Slug); err != nil || n != 2 {
		t.Fatalf("observations after the import: %d %v, want 2", n, err)
	}
	if n, err := s.PilotObservationCount(ctx, "no-such-pilot"); err != nil || n != 0 {
		t.Fatalf("observations of no pilot: %d %v", n, err)
	}
	if _, err := s.DeletePilot(ctx, Change{Actor: "ana", Action: "pilot.delete", Summary: "deleted"}, p.Slug, nil); !errors.Is(err, ErrHasObservations) {
		t.Fatalf("delete with observations: %v", err)
	}
	if _, err := s.Pilot(ctx, p.Slug); err != nil {
		t.Fatalf("pilot gone after a refused delete: %v", err)
	}
	verifyOK(t, s)
}

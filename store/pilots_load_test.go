package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"testing"

	"ringside/model"
)

// variedPilots are n pilots that differ in what they carry, so rows of
// neighbouring pilots interleave in every table: every third has
// everything (operations and its own calendar too), every third only a
// name, the rest rings and KPIs without a runbook.
func variedPilots(n int) []model.Pilot {
	var ps []model.Pilot
	for i := range n {
		var p model.Pilot
		switch i % 3 {
		case 0:
			p = opsPilot()
			p.Calendar = trainCalendar()
			p.Runbooks = append(p.Runbooks, model.Runbook{Title: "Second", Kind: model.RunbookRollback,
				Drills: []model.Drill{{Date: model.MustDate("2026-01-21"), Outcome: model.DrillFailed}}})
		case 1:
			p = model.Pilot{Name: "Bare", Stage: model.StageIdea}
		default:
			p = samplePilot()
			p.Runbooks, p.Signoffs, p.Reviews, p.Payback = nil, nil, nil, nil
			p.Owners = map[model.Role]string{model.RoleLegal: fmt.Sprint("Counsel ", i)}
		}
		// Applied in reverse slug order, so row ids and slugs disagree.
		p.Slug = fmt.Sprintf("pilot-%03d", n-i)
		ps = append(ps, p)
	}
	return ps
}

// countingQuerier counts the queries a load sends to a real transaction.
type countingQuerier struct {
	tx *sql.Tx
	n  int
}

func (c *countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.tx.QueryContext(ctx, q, args...)
}

func (c *countingQuerier) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n++
	return c.tx.QueryRowContext(ctx, q, args...)
}

func TestPilotsLoadEveryPilotWhole(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	in := variedPilots(12)
	if _, err := s.ApplyPilots(ctx, "tester", in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pilots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("loaded %d pilots, want %d", len(got), len(in))
	}
	for i, p := range got {
		want := Normalize(in[len(in)-1-i]) // in is in reverse slug order
		if !reflect.DeepEqual(p, want) {
			t.Errorf("pilot %d (%s) loaded as\n%+v\nwant\n%+v", i, p.Slug, p, want)
		}
		one, err := s.Pilot(ctx, p.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, p) {
			t.Errorf("Pilot(%s) differs from the same pilot in Pilots", p.Slug)
		}
	}
	if _, err := s.Pilot(ctx, "no-such-pilot"); err == nil {
		t.Error("Pilot of a missing slug: no error")
	}
}

// TestPilotLoadsAreSetBased: loading a portfolio costs the same number of
// queries for 3 pilots as for 30 (one a table), and the loader holds one
// pilot at a time (EachPilot stops when asked).
func TestPilotLoadsAreSetBased(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	count := func(n int) int {
		s := openTest(t)
		if _, err := s.ApplyPilots(ctx, "tester", variedPilots(n)); err != nil {
			t.Fatal(err)
		}
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		q := &countingQuerier{tx: tx}
		seen := 0
		if err := eachPilot(ctx, q, nil, func(model.Pilot) error { seen++; return nil }); err != nil {
			t.Fatal(err)
		}
		if seen != n {
			t.Fatalf("saw %d pilots, want %d", seen, n)
		}
		return q.n
	}
	few, many := count(3), count(30)
	if few != many {
		t.Errorf("3 pilots took %d queries, 30 took %d: a load must not grow with the pilots", few, many)
	}
	if few > 12 {
		t.Errorf("a portfolio load took %d queries, want one a table (12)", few)
	}

	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(5)); err != nil {
		t.Fatal(err)
	}
	stop := fmt.Errorf("enough")
	seen := 0
	err := s.EachPilot(ctx, func(model.Pilot) error { seen++; return stop })
	if err != stop || seen != 1 {
		t.Errorf("EachPilot after fn failed: %v after %d pilots, want %v after 1", err, seen, stop)
	}
}

// TestJudgedLoadReadsRingsAndKPIs: EachPilotJudged (what health reads)
// gives each pilot's slug, name, ring names and KPIs exactly as the whole
// load does, in three queries, and leaves the rest out (the stage, the
// hypothesis and the rings' status, exposure and start too).
func TestJudgedLoadReadsRingsAndKPIs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(7)); err != nil {
		t.Fatal(err)
	}
	var whole []model.Pilot
	if err := s.EachPilot(ctx, func(p model.Pilot) error { whole = append(whole, p); return nil }); err != nil {
		t.Fatal(err)
	}
	i, full, withStatus := 0, 0, 0
	err := s.EachPilotJudged(ctx, func(p model.Pilot) error {
		w := whole[i]
		i++
		if p.Slug != w.Slug || p.Name != w.Name || p.Stage != "" || p.Hypothesis.Text != "" {
			t.Errorf("%s: judged load %q %q %q, want %q and no stage or hypothesis", w.Slug, p.Name, p.Stage, p.Hypothesis.Text, w.Name)
		}
		var names []model.Ring
		for _, r := range w.Rings {
			names = append(names, model.Ring{Name: r.Name})
		}
		if !reflect.DeepEqual(p.Rings, names) || !reflect.DeepEqual(p.KPIs, w.KPIs) {
			t.Errorf("%s: judged rings/KPIs differ from the whole load's:\n%+v %+v\n%+v %+v", w.Slug, p.Rings, p.KPIs, names, w.KPIs)
		}
		if len(w.Rings) > 0 && w.Rings[0].Status != "" {
			withStatus++
		}
		if len(w.Risks) > 0 && len(w.Runbooks) > 0 && len(w.Owners) > 0 {
			full++
		}
		if len(p.Risks)+len(p.Runbooks)+len(p.Owners)+len(p.Signoffs) > 0 || p.Payback != nil {
			t.Errorf("%s: the judged load read risks, runbooks, owners, sign-offs or payback", w.Slug)
		}
		return nil
	})
	if err != nil || i != len(whole) || len(whole) != 7 {
		t.Fatalf("judged load: %v after %d of %d pilots", err, i, len(whole))
	}
	if full == 0 || withStatus == 0 {
		t.Error("no test pilot has risks, runbooks and owners, or rings with a status, to leave out")
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := &countingQuerier{tx: tx}
	if err := eachPilotOf(ctx, q, nil, loadJudged, func(model.Pilot) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if q.n != 3 {
		t.Errorf("the judged load took %d queries, want 3 (pilots, rings, KPIs)", q.n)
	}
}

// TestListedLoadReadsOwnersAndRisks: PilotsListed (the cockpit's rows
// before the verdicts) gives each pilot's owners and risks as the whole
// load does, in three queries, without rings, KPIs or sign-offs.
func TestListedLoadReadsOwnersAndRisks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(7)); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Pilots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := s.PilotsListed(ctx)
	if err != nil || len(listed) != len(whole) || len(whole) != 7 {
		t.Fatalf("listed %d pilots (%v), whole %d", len(listed), err, len(whole))
	}
	risks := 0
	for i, p := range listed {
		w := whole[i]
		risks += len(w.Risks)
		if p.Slug != w.Slug || p.Name != w.Name || p.Stage != w.Stage || p.StageSince != w.StageSince ||
			!reflect.DeepEqual(p.Owners, w.Owners) || !reflect.DeepEqual(p.Risks, w.Risks) {
			t.Errorf("%s: listed\n%+v\nwhole\n%+v", w.Slug, p, w)
		}
		if len(p.Rings)+len(p.KPIs)+len(p.Signoffs)+len(p.Runbooks) > 0 {
			t.Errorf("%s: the listed load read rings, KPIs, sign-offs or runbooks", w.Slug)
		}
	}
	if risks == 0 {
		t.Error("no test pilot has risks to list")
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := &countingQuerier{tx: tx}
	if err := eachPilotOf(ctx, q, nil, loadListed, func(model.Pilot) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if q.n != 3 {
		t.Errorf("the listed load took %d queries, want 3 (pilots, owners, risks)", q.n)
	}
}

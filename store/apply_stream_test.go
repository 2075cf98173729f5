package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"ringside/model"
)

// pilotsNamed are samplePilot under n slugs: every table a pilot has.
func pilotsNamed(n int, prefix string) []model.Pilot {
	out := make([]model.Pilot, n)
	for i := range out {
		out[i] = samplePilot()
		out[i].Slug = fmt.Sprintf("%s-%02d", prefix, i)
	}
	return out
}

func each(ps []model.Pilot, after error) func(func(model.Pilot) error) error {
	return func(fn func(model.Pilot) error) error {
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		return after
	}
}

// TestApplyPortfolioEachLandsWholeOrNot: pilots applied one at a time as
// they come still land all or none; a problem the reader meets after some
// pilots (its error) leaves the database as it was, and what lands is
// what verify finds.
func TestApplyPortfolioEachLandsWholeOrNot(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := Change{Actor: "tester", Origin: OriginFile}
	first := pilotsNamed(1, "p")
	if _, err := s.ApplyPortfolio(ctx, c, "f.yaml", model.Portfolio{Pilots: first}); err != nil {
		t.Fatal(err)
	}
	seq, head, _ := s.Head(ctx)
	before, _ := s.Pilots(ctx)

	edited := pilotsNamed(3, "p") // p-00 changed, p-01 and p-02 new
	edited[0].Name = "Renamed"
	bad := errors.New("f.yaml:40: not valid YAML")
	if _, err := s.ApplyPortfolioEach(ctx, c, "f.yaml", model.Portfolio{}, each(edited, bad)); !errors.Is(err, bad) {
		t.Fatalf("apply with the reader failing after 3 pilots: %v, want its error", err)
	}
	seq2, head2, _ := s.Head(ctx)
	after, _ := s.Pilots(ctx)
	if seq2 != seq || head2 != head || !reflect.DeepEqual(after, before) {
		t.Fatalf("a failed apply left audit seq %d (was %d) and %d pilots (were %d)", seq2, seq, len(after), len(before))
	}

	res, err := s.ApplyPortfolioEach(ctx, c, "f.yaml", model.Portfolio{}, each(edited, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Updated, []string{"p-00"}) || !reflect.DeepEqual(res.Created, []string{"p-01", "p-02"}) {
		t.Errorf("updated %v, created %v", res.Updated, res.Created)
	}
	if got, _ := s.Pilot(ctx, "p-00"); got.Name != "Renamed" {
		t.Errorf("p-00 is named %q", got.Name)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Errorf("verify after a streamed apply: %v %+v", err, r)
	}
}

// TestApplyPreparesEachStatementOnce: the statements of an apply are the
// same texts for every pilot, prepared once: 20 pilots prepare no more
// than 2 do, created or updated.
func TestApplyPreparesEachStatementOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := Change{Actor: "tester", Origin: OriginFile}
	prepared := func(ps []model.Pilot) int {
		t.Helper()
		n := 0
		rollback := errors.New("rollback")
		err := s.tx(ctx, func(sqlTx *sql.Tx) error {
			tx := newStmtTx(sqlTx)
			defer tx.Close()
			var res ApplyResult
			for _, p := range ps {
				if err := s.applyPilot(ctx, tx, c, "f.yaml", s.Now(), p, &res); err != nil {
					return err
				}
			}
			n = len(tx.stmts)
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		return n
	}
	two, twenty := prepared(pilotsNamed(2, "p")), prepared(pilotsNamed(20, "p"))
	if two == 0 || twenty != two {
		t.Errorf("creating 2 pilots prepared %d statements, 20 pilots %d: want the same", two, twenty)
	}
	if _, err := s.ApplyPortfolio(ctx, c, "f.yaml", model.Portfolio{Pilots: pilotsNamed(20, "p")}); err != nil {
		t.Fatal(err)
	}
	renamed := func(n int) []model.Pilot {
		ps := pilotsNamed(n, "p")
		for i := range ps {
			ps[i].Name += " (renamed)"
		}
		return ps
	}
	if u2, u20 := prepared(renamed(2)), prepared(renamed(20)); u2 == 0 || u20 != u2 {
		t.Errorf("updating 2 pilots prepared %d statements, 20 pilots %d: want the same", u2, u20)
	}
}

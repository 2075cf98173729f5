package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// judgedBothWays reads every pilot's judged load from the tables' pages
// and through SQL, in one read transaction.
func judgedBothWays(t *testing.T, s *Store) (pages, viaSQL []model.Pilot, pagesErr error) {
	t.Helper()
	ctx := context.Background()
	// From the file itself (judged_file.go): what sqlite_dbpage gives.
	var file []model.Pilot
	fileErr := s.eachPilotJudgedFile(ctx, func(p model.Pilot, _ int) error { file = append(file, p); return nil })
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	pagesErr = eachPilotJudgedPages(ctx, tx, func(p model.Pilot, _ int) error { pages = append(pages, p); return nil })
	var unsupported errJudgedPages
	switch {
	case pagesErr == nil && (fileErr != nil || !reflect.DeepEqual(file, pages)):
		t.Errorf("the file read (%v) gave\n%+v\nsqlite_dbpage gave\n%+v", fileErr, file, pages)
	case pagesErr != nil && (!errors.As(fileErr, &unsupported) || len(file) != 0):
		t.Errorf("the file read gave %d pilots and %v; sqlite_dbpage said %v", len(file), fileErr, pagesErr)
	}
	// A querier that is not a *sql.Tx takes the SQL path.
	if err := eachPilotOf(ctx, &countingQuerier{tx: tx}, nil, loadJudged, func(p model.Pilot) error { viaSQL = append(viaSQL, p); return nil }); err != nil {
		t.Fatal(err)
	}
	return pages, viaSQL, pagesErr
}

func dbstatPages(t *testing.T, s *Store, table, kind string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM dbstat WHERE name = ? AND pagetype = ?", table, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestJudgedPagesReadWhatSQLReads: the judged load read from the tables'
// B-tree pages gives every pilot exactly as the SQL load does: varied
// pilots applied in reverse slug order; a file of 512-byte pages, where
// the three tables are trees of several levels and long rows spill onto
// chains of overflow pages; and rows written before migrations 0007 and
// 0008 added KPI columns, which read as the columns' defaults.
func TestJudgedPagesReadWhatSQLReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("varied", func(t *testing.T) {
		t.Parallel()
		s := openTest(t)
		if _, err := s.ApplyPilots(ctx, "tester", variedPilots(7)); err != nil {
			t.Fatal(err)
		}
		pages, viaSQL, err := judgedBothWays(t, s)
		if err != nil || len(pages) != 7 || !reflect.DeepEqual(pages, viaSQL) {
			t.Fatalf("pages (%v):\n%+v\nSQL:\n%+v", err, pages, viaSQL)
		}
	})
	t.Run("small pages, overflow", func(t *testing.T) {
		t.Parallel()
		s := smallPageStore(t)
		ps := variedPilots(60)
		ps[3].Name = strings.Repeat("a long name ", 200)             // 2,400 bytes: a chain of overflow pages
		ps[5].KPIs[0].Name = strings.Repeat("a long KPI name ", 100) // 1,600 bytes
		ps[6].Hypothesis.Text = strings.Repeat("h", 5000)
		if _, err := s.ApplyPilots(ctx, "tester", ps); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ table, kind string }{{"kpis", "internal"}, {"rings", "internal"}, {"pilots", "internal"}, {"pilots", "overflow"}, {"kpis", "overflow"}} {
			if dbstatPages(t, s, c.table, c.kind) == 0 {
				t.Errorf("no %s page in %s: the test does not reach that path", c.kind, c.table)
			}
		}
		pages, viaSQL, err := judgedBothWays(t, s)
		if err != nil || len(pages) != 60 || !reflect.DeepEqual(pages, viaSQL) {
			t.Fatalf("pages (%v) differ from SQL's", err)
		}
		if pages[56].Name != ps[3].Name || pages[54].KPIs[0].Name != ps[5].KPIs[0].Name {
			t.Error("the long name and KPI name did not come back whole")
		}
	})
	t.Run("columns added since", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "v6.db")
		raw, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		old := &Store{db: raw, path: path, Now: func() time.Time { return testClock().UTC() }}
		if err := old.migrateWith(ctx, ms[:6]); err != nil {
			t.Fatal(err)
		}
		for i, q := range []string{
			"INSERT INTO pilots (id, slug, name, stage, created_at, updated_at) VALUES (7, 'old-pilot', 'Old', 'pilot', 'x', 'x'), (3, 'also-old', 'Also', 'idea', 'x', 'x')",
			"INSERT INTO rings (pilot_id, ord, name, status) VALUES (7, 1, 'canary', 'planned'), (7, 0, 'pilot', 'active')",
			"INSERT INTO kpis (pilot_id, ord, kpi_key, better, baseline, target, weight, window_days) VALUES (7, 0, 'triage_min', 'lower', 7.5, '<= -10%', 2, 14), (7, 1, 'errors', 'lower', NULL, '<= 3', 1, 0), (3, 0, 'n', 'higher', 3, '>= 5', 1, 0)",
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(i, err)
			}
		}
		raw.Close()
		s, err := Open(path, testClock) // migrations 0007 and 0008 add confidence and aggregation
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		pages, viaSQL, err := judgedBothWays(t, s)
		if err != nil || len(pages) != 2 || !reflect.DeepEqual(pages, viaSQL) {
			t.Fatalf("pages (%v):\n%+v\nSQL:\n%+v", err, pages, viaSQL)
		}
		if k := pages[1].KPIs[0]; pages[1].Slug != "old-pilot" || k.Key != "triage_min" || *k.Baseline != 7.5 || *k.Weight != 2 || k.Window != 14 || k.Confidence != 0 || k.Aggregation != "" {
			t.Errorf("old rows read %+v", pages[1])
		}
	})
}

// TestJudgedPagesFallBackToSQL: a value of another class than its
// column's (a blob where ringside writes text, edited beside ringside)
// is not decoded from the pages: EachPilotJudged reads through SQL
// instead and gives what SQL gives, and nothing went out before.
func TestJudgedPagesFallBackToSQL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(4)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE kpis SET name = X'6869' WHERE rowid = (SELECT max(rowid) FROM kpis)"); err != nil {
		t.Fatal(err)
	}
	pages, viaSQL, err := judgedBothWays(t, s)
	var unsupported errJudgedPages
	if !errors.As(err, &unsupported) || len(pages) != 0 {
		t.Fatalf("pages read %d pilots and said %v; want none and errJudgedPages", len(pages), err)
	}
	var got []model.Pilot
	if err := s.EachPilotJudged(ctx, func(p model.Pilot) error { got = append(got, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, viaSQL) || fmt.Sprint(got) == "" {
		t.Errorf("EachPilotJudged gave\n%+v\nwant SQL's\n%+v", got, viaSQL)
	}
}

// BenchmarkJudgedLoad reads the judged load of 300 varied pilots from
// the pages and through SQL.
func BenchmarkJudgedLoad(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "b.db"), testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ApplyPilots(ctx, "tester", variedPilots(300)); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    func(tx *sql.Tx) querier
	}{{"pages", func(tx *sql.Tx) querier { return tx }}, {"sql", func(tx *sql.Tx) querier { return &countingQuerier{tx: tx} }}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if err := eachPilotOf(ctx, c.q(tx), nil, loadJudged, func(model.Pilot) error { return nil }); err != nil {
					b.Fatal(err)
				}
				tx.Rollback()
			}
		})
	}
}

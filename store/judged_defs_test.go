package store

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringside/model"
)

// templatePilot is a pilot with every judged field of a KPI set, for
// variants that differ from it in one.
func templatePilot(slug string) model.Pilot {
	base, weight := 12.5, 2.0
	return model.Pilot{Slug: slug, Name: "Pilot " + slug, Stage: model.StagePilot,
		Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}, {Name: "canary", Status: model.RingPlanned}},
		KPIs: []model.KPI{
			{Key: "triage_min", Name: "Triage time", Unit: "min", Better: model.BetterLower, Baseline: &base,
				Target: model.MustCriterion("<= -10%"), Warning: model.MustCriterion("<= -5%"), Rollback: model.MustCriterion("> +20%"),
				Critical: true, Weight: &weight, Window: 5, Confidence: 0.9, Aggregation: model.AggSum},
			{Key: "csat", Better: model.BetterHigher, Target: model.MustCriterion(">= 4")},
		}}
}

// definitionVariants are pilots of templatePilot's definition (some with
// another name) and pilots that differ from it in one field of a KPI, a
// ring, or the order of either.
func definitionVariants() []model.Pilot {
	f := func(x float64) *float64 { return &x }
	edits := []func(p *model.Pilot){
		func(p *model.Pilot) {},
		func(p *model.Pilot) { p.Name = "" },
		func(p *model.Pilot) { p.Name, p.Stage = "Other name", model.StageIdea },
		func(p *model.Pilot) { p.Rings[1].Status = model.RingActive }, // not judged: the same definition
		func(p *model.Pilot) { p.KPIs[0].Key = "triage_minutes" },
		func(p *model.Pilot) { p.KPIs[0].Name = "Triage" },
		func(p *model.Pilot) { p.KPIs[0].Unit = "h" },
		func(p *model.Pilot) { p.KPIs[0].Better = model.BetterHigher },
		func(p *model.Pilot) { p.KPIs[0].Baseline = f(12.25) },
		func(p *model.Pilot) { p.KPIs[0].Baseline = nil },
		func(p *model.Pilot) { p.KPIs[0].Target = model.MustCriterion("<= -11%") },
		func(p *model.Pilot) { p.KPIs[0].Warning = model.Criterion{} },
		func(p *model.Pilot) { p.KPIs[0].Rollback = model.MustCriterion("> +21%") },
		func(p *model.Pilot) { p.KPIs[0].Critical = false },
		func(p *model.Pilot) { p.KPIs[0].Weight = f(3) },
		func(p *model.Pilot) { p.KPIs[0].Weight = nil },
		func(p *model.Pilot) { p.KPIs[0].Window = 6 },
		func(p *model.Pilot) { p.KPIs[0].Confidence = 0.95 },
		func(p *model.Pilot) { p.KPIs[0].Aggregation = model.AggMax },
		func(p *model.Pilot) {
			p.KPIs[0].SLO = &model.KPISLO{Good: "ok", Total: "all", Objective: 99, PeriodDays: 28, LongDays: 7}
		},
		func(p *model.Pilot) { p.KPIs[1].Key = "nps" },
		// The last stored byte of a definition (KPIs[1] has no aggregation:
		// its confidence is the record's last field): a key cut short by
		// a byte takes these two for one.
		func(p *model.Pilot) { p.KPIs[1].Confidence = 0.9 },
		func(p *model.Pilot) { p.KPIs[1].Confidence = math.Nextafter(0.9, 1) },
		func(p *model.Pilot) { p.Rings[1].Name = "broad" },
		func(p *model.Pilot) { p.Rings = append(p.Rings, model.Ring{Name: "broad", Status: model.RingPlanned}) },
		func(p *model.Pilot) { p.Rings = p.Rings[:1] },
		func(p *model.Pilot) { p.Rings = nil },
		func(p *model.Pilot) { p.Rings[0], p.Rings[1] = p.Rings[1], p.Rings[0] },
		func(p *model.Pilot) { p.KPIs[0], p.KPIs[1] = p.KPIs[1], p.KPIs[0] },
		func(p *model.Pilot) { p.KPIs = p.KPIs[:1] },
		func(p *model.Pilot) { p.KPIs = nil },
		func(p *model.Pilot) {},
	}
	var ps []model.Pilot
	for i, edit := range edits {
		// In reverse slug order, so ids and slugs disagree.
		p := templatePilot(fmt.Sprintf("v-%02d", len(edits)-i))
		edit(&p)
		ps = append(ps, p)
	}
	return ps
}

// TestJudgedDefsNumberEqualDefinitions: the judged load numbers pilots
// of equal rings and KPIs alike and others apart (a pilot that differs in
// any one judged field of a KPI, a ring's name, a ring more or less, or
// the order of rings or KPIs is another definition), hands pilots of one
// definition the same rings and KPIs, and gives every pilot as the SQL
// load does. Through SQL, no pilot shares a definition.
// The same holds of a kpis table whose columns are in another order (the
// definitions are then copied out of the records, not taken in place).
func TestJudgedDefsNumberEqualDefinitions(t *testing.T) {
	t.Parallel()
	for _, reorder := range []bool{false, true} {
		t.Run(fmt.Sprint("reordered=", reorder), func(t *testing.T) {
			t.Parallel()
			s := openTest(t)
			if _, err := s.ApplyPilots(context.Background(), "tester", definitionVariants()); err != nil {
				t.Fatal(err)
			}
			if reorder {
				swapKPIColumns(t, s)
			}
			numbersEqualDefinitions(t, s)
		})
	}
}

// swapKPIColumns rebuilds kpis with its name column before kpi_key: the
// keyed columns are no longer one stretch of each record.
func swapKPIColumns(t *testing.T, s *Store) {
	t.Helper()
	var create string
	if err := s.db.QueryRow("SELECT sql FROM sqlite_schema WHERE name = 'kpis'").Scan(&create); err != nil {
		t.Fatal(err)
	}
	key, name := "    kpi_key  TEXT NOT NULL,\n", "    name     TEXT NOT NULL DEFAULT '',\n"
	if !strings.Contains(create, key+name) {
		t.Fatalf("kpis is not as this test knows it:\n%s", create)
	}
	create = strings.Replace(strings.Replace(create, key+name, name+key, 1), "CREATE TABLE kpis", "CREATE TABLE kpis_new", 1)
	cols := strings.Join(judgedTables["kpis"], ", ")
	for _, q := range []string{create, "INSERT INTO kpis_new (" + cols + ") SELECT " + cols + " FROM kpis", "DROP TABLE kpis", "ALTER TABLE kpis_new RENAME TO kpis"} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	tables, err := judgedSchema(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := tables["kpis"].keySpan(2); ok {
		t.Fatal("the swapped kpis still has its keyed columns in one stretch")
	}
}

func numbersEqualDefinitions(t *testing.T, s *Store) {
	ctx := context.Background()
	var got []model.Pilot
	var defs []int
	if err := s.EachPilotJudgedDefs(ctx, func(p model.Pilot, def int) error {
		got, defs = append(got, p), append(defs, def)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, viaSQL, err := judgedBothWays(t, s)
	if err != nil || !reflect.DeepEqual(got, viaSQL) {
		t.Fatalf("pages (%v):\n%+v\nSQL:\n%+v", err, got, viaSQL)
	}
	shared := 0
	for i := range got {
		for j := range i {
			same := reflect.DeepEqual(got[i].Rings, got[j].Rings) && reflect.DeepEqual(got[i].KPIs, got[j].KPIs)
			if same != (defs[i] == defs[j]) || defs[i] < 0 {
				t.Errorf("%s (definition %d) and %s (%d): equal rings and KPIs %v", got[i].Slug, defs[i], got[j].Slug, defs[j], same)
			}
			if same {
				shared++
				if &got[i].KPIs[0] != &got[j].KPIs[0] || &got[i].Rings[0] != &got[j].Rings[0] {
					t.Errorf("%s and %s do not share their rings and KPIs", got[i].Slug, got[j].Slug)
				}
			}
		}
	}
	// The template's pilots: v-01, v-29 (ring status), v-30, v-31 (names)
	// and v-32: 10 pairs.
	if shared != 10 {
		t.Errorf("%d pairs of pilots share a definition, want 10: %v", shared, defs)
	}
}

// TestJudgedDefsFallBackWithoutDefinitions: when the pages cannot be read
// (a blob where ringside writes text), EachPilotJudgedDefs reads through
// SQL and numbers no definition.
func TestJudgedDefsFallBackWithoutDefinitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.ApplyPilots(ctx, "tester", definitionVariants()[:3]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE kpis SET name = X'6869' WHERE rowid = (SELECT max(rowid) FROM kpis)"); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := s.EachPilotJudgedDefs(ctx, func(p model.Pilot, def int) error {
		if n++; def != -1 {
			t.Errorf("%s: definition %d through SQL", p.Slug, def)
		}
		return nil
	}); err != nil || n != 3 {
		t.Fatalf("%v after %d pilots", err, n)
	}
}

// TestJudgedDefsAreBounded: past maxJudgedDefs different definitions, a
// new one is numbered -1 (kept for no other pilot), and a definition
// kept before still numbers its pilots.
func TestJudgedDefsAreBounded(t *testing.T) {
	t.Parallel()
	var d judgedDefs
	for i := range maxJudgedDefs {
		if got := d.add([]byte(fmt.Sprint(i)), model.Pilot{}); got != i {
			t.Fatalf("definition %d numbered %d", i, got)
		}
	}
	if got := d.add([]byte("more"), model.Pilot{}); got != -1 {
		t.Errorf("definition past the bound numbered %d, want -1", got)
	}
	if got, p := d.of([]byte("7")); got != 7 || p == nil {
		t.Errorf("a kept definition reads %d, %v", got, p)
	}
	if got, p := d.of([]byte("more")); got != -1 || p != nil {
		t.Errorf("a definition not kept reads %d, %v", got, p)
	}
}

// BenchmarkJudgedLoadShared is BenchmarkJudgedLoad for 1,000 pilots of
// 40 definitions (the bench's portfolio shape: 3 rings, 12 KPIs).
func BenchmarkJudgedLoadShared(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "b.db"), testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var ps []model.Pilot
	for i := range 1000 {
		p := model.Pilot{Slug: fmt.Sprintf("bench-%04d", i), Name: fmt.Sprint("Bench ", i), Stage: model.StagePilot,
			Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}, {Name: "canary", Status: model.RingActive}, {Name: "broad", Status: model.RingActive}}}
		for m := range 12 {
			base := float64(10 + (i*7+m*5)%40)
			p.KPIs = append(p.KPIs, model.KPI{Key: fmt.Sprintf("metric_%02d", m), Name: fmt.Sprint("Metric ", m), Unit: "min", Better: model.BetterLower,
				Baseline: &base, Target: model.MustCriterion("<= +5%"), Warning: model.MustCriterion("<= +10%"), Rollback: model.MustCriterion("> +20%"), Critical: m%3 != 0})
		}
		ps = append(ps, p)
	}
	if _, err := s.ApplyPilots(ctx, "tester", ps); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.EachPilotJudgedDefs(ctx, func(model.Pilot, int) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

package store

import (
	"context"
	"reflect"
	"testing"

	"ringside/model"
)

// openSLO is pilot "ct" with an SLO KPI over req_ok / req_all.
func openSLO(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	p := obsPilot("ct")
	p.KPIs = append(p.KPIs, model.KPI{Key: "avail", Better: model.BetterHigher, Critical: true,
		SLO: &model.KPISLO{Good: "req_ok", Total: "req_all", Objective: 99}})
	if _, err := s.ApplyPilots(context.Background(), "tester", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestImportRejectsGoodAboveTotal(t *testing.T) {
	t.Parallel()
	s := openSLO(t)
	before := dbState(t, s)
	// Line 3 says 105 good of 100 on 2026-01-02; the other days are fine.
	st := importRows(t, s, ImportMeta{File: "slo.csv"}, rowsOf(
		row(2, "pilot", "req_all", "2026-01-01", 100), row(3, "pilot", "req_ok", "2026-01-01", 99),
		row(4, "pilot", "req_all", "2026-01-02", 100), row(5, "pilot", "req_ok", "2026-01-02", 105),
		row(6, "canary", "req_ok", "2026-01-02", 105), // no total in canary: nothing to compare
	)...)
	want := []string{"slo.csv:5: good count req_ok = 105 is above total count req_all = 100 for pilot ct, ring pilot on 2026-01-02: good must count only events that total counts too; fix the counts and import again"}
	// One bad day rejects the file: none of its 5 rows is taken, rows = rejected = 5.
	if st.Accepted || st.Rows != 5 || st.Rejected != 5 || st.New+st.Updated+st.Unchanged != 0 || !reflect.DeepEqual(st.Errors, want) {
		t.Errorf("stats = %+v, want rejected with %q", st, want)
	}
	if after := dbState(t, s); after != before {
		t.Errorf("a rejected import wrote something:\n%s", after)
	}
	// The same check against a total stored earlier, with the key in another case.
	if st := importRows(t, s, ImportMeta{File: "total.csv"}, rowsOf(row(2, "pilot", "req_all", "2026-01-03", 50))...); !st.Accepted {
		t.Fatalf("total.csv: %+v", st)
	}
	st = importRows(t, s, ImportMeta{File: "good.csv"}, rowsOf(row(7, "pilot", "REQ_OK", "2026-01-03", 51))...)
	if st.Accepted || len(st.Errors) != 1 || st.Errors[0] != "good.csv:7: good count req_ok = 51 is above total count req_all = 50 for pilot ct, ring pilot on 2026-01-03: good must count only events that total counts too; fix the counts and import again" {
		t.Errorf("good.csv: %+v", st)
	}
	// Counts that fit are taken, and SLO keys are not reported as unknown metrics.
	st = importRows(t, s, ImportMeta{File: "ok.csv"}, rowsOf(row(2, "pilot", "req_ok", "2026-01-03", 50))...)
	if !st.Accepted || st.New != 1 || len(st.UnknownMetrics) != 0 {
		t.Errorf("ok.csv: %+v", st)
	}
}

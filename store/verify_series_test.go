package store

import (
	"context"
	"strings"
	"testing"
)

// A series row's summary (count, first and last day, kept digest) edited
// with the sqlite3 shell is named by verify, though the observations and
// the log are untouched: imports build on that summary, so before this
// check the edit passed verify and surfaced only at the next import,
// blamed on that import's entry.
func TestVerifyNamesAnEditedSeriesSummary(t *testing.T) {
	ctx := context.Background()
	// ct/pilot/triage_min holds Jan 26 and Jan 27 (two rows); ct/canary/misroute_pct one.
	tm := " WHERE ring = 'pilot' AND metric = 'triage_min'"
	for _, c := range []struct{ name, sql, want string }{
		{"count doubled", "UPDATE series SET n = 4" + tm, "the series row counts 4 observations, 2 are stored"},
		{"count zeroed", "UPDATE series SET n = 0" + tm, "the series row counts 0 observations, 2 are stored"},
		{"first day moved", "UPDATE series SET first_day = first_day + 1" + tm, "gives days 2026-01-27 to 2026-01-27, the observations run 2026-01-26 to 2026-01-27"},
		{"last day cleared", "UPDATE series SET last_day = NULL" + tm, "gives days 2026-01-26 to none"},
		{"kept digest replaced", "UPDATE series SET digest = (SELECT digest FROM series WHERE metric = 'misroute_pct')" + tm, "keeps digest v2:1:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openObs(t, "ct")
			importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
				row(2, "pilot", "triage_min", "2026-01-26", 7.9),
				row(3, "pilot", "triage_min", "2026-01-27", 7.5),
				row(4, "canary", "misroute_pct", "2026-01-27", 8.3),
			)...)
			if r, err := s.Verify(ctx); err != nil || !r.OK {
				t.Fatalf("verify before the edit: %+v %v", r.Findings, err)
			}
			sqlite3CLI(t, s.path, c.sql+";")
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || len(r.Findings) != 1 {
				t.Fatalf("verify after the series row's %s: %+v, want one finding", c.name, r.Findings)
			}
			if f := r.Findings[0]; f.Entity != "observations ct/pilot/triage_min" || !strings.Contains(f.Problem, c.want) || !strings.Contains(f.Problem, "edited beside ringside") {
				t.Errorf("finding = %+v, want the series named and %q", f, c.want)
			}
		})
	}
}

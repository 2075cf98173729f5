package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// A compact entry replayed on the pilot before it gives the pilot after,
// whatever changed: a field, an element appended to or removed from a
// list, one removed from its middle, a map key added or dropped (with the
// characters a JSON Pointer escapes), a pointer field cleared.
func TestPilotDiffReplaysToTheNewPilot(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(p *model.Pilot)
	}{
		{"nothing", func(p *model.Pilot) {}},
		{"a field", func(p *model.Pilot) { p.Name = "Renamed" }},
		{"a nested field", func(p *model.Pilot) { p.Rings[1].Status = model.RingActive }},
		{"a sign-off appended", func(p *model.Pilot) {
			p.Signoffs = append(p.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park",
				Decision: model.DecisionReject, Meaning: "DLP missing", At: time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC)})
		}},
		{"the last element removed", func(p *model.Pilot) { p.Rings = p.Rings[:1] }},
		{"an element removed from the middle", func(p *model.Pilot) { p.KPIs = p.KPIs[1:] }},
		{"a list emptied", func(p *model.Pilot) { p.Risks = nil }},
		{"a map key added, escaped", func(p *model.Pilot) { p.Reviews[0].Notes["a/b~c"] = "slash and tilde" }},
		{"a map key dropped", func(p *model.Pilot) { delete(p.Owners, model.RoleSecurity) }},
		{"a pointer cleared", func(p *model.Pilot) { p.Payback = nil }},
		{"a pointer set", func(p *model.Pilot) { p.KPIs[1].Baseline = f64(3.5) }},
		{"many at once", func(p *model.Pilot) {
			p.Stage = model.StageHardening
			p.Rings = append(p.Rings, model.Ring{Name: "broad", Population: 4000, Status: model.RingPlanned})
			p.Gates = nil
			p.Owners[model.RoleLegal] = "Ana Vidal"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old := samplePilot()
			next := samplePilot()
			c.edit(&next)
			oldJ, nextJ := pilotJSON(old), pilotJSON(next)
			before, after := pilotDiff(oldJ, nextJ)
			if !isDiff(before) || !isDiff(after) {
				t.Fatalf("not compact: before %s after %s", before, after)
			}
			if isDiff(oldJ) {
				t.Fatal("a whole pilot reads as a diff")
			}
			var doc, want any
			json.Unmarshal([]byte(oldJ), &doc)
			json.Unmarshal([]byte(nextJ), &want)
			got, ok := applyDiff(doc, before, after)
			if !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("replayed %s / %s: ok=%v\n got %v\nwant %v", before, after, ok, got, want)
			}
			if c.name == "nothing" && (before != "{}" || after != "{}") {
				t.Errorf("no change gives %s / %s, want {} / {}", before, after)
			}
		})
	}
}

// An update's entry holds what changed, not the whole pilot twice: a
// sign-off on a pilot of 12 KPIs (about 6 KB of JSON) is a few hundred
// bytes each way. This is what keeps the log, and verify, small.
func TestUpdateEntriesHoldOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := samplePilot()
	for m := range 12 {
		base := 10 + float64(m)
		p.KPIs = append(p.KPIs, model.KPI{Key: fmt.Sprintf("metric_%02d", m), Name: fmt.Sprintf("Metric %d", m), Unit: "min",
			Better: model.BetterLower, Baseline: &base, Target: model.MustCriterion("<= +5%"), Warning: model.MustCriterion("<= +10%"),
			Rollback: model.MustCriterion("> +20%"), Critical: m%3 != 0})
	}
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	next, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: model.ActionSignoff, Summary: "signed"}, p.Slug, func(p *model.Pilot) error {
		p.Signoffs = append(p.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park",
			Decision: model.DecisionApprove, Meaning: "threat model reviewed", At: time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	whole := len(pilotJSON(next))
	p.Name = "Claims triage, renamed" // and apply's updates are compact too
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	es, _ := s.Audit(ctx, AuditFilter{Pilot: p.Slug, Limit: 2})
	for _, e := range es {
		if len(e.Before)+len(e.After) > 1000 || whole < 5000 {
			t.Errorf("%s entry holds %d + %d bytes for a %d-byte pilot: want only what changed", e.Action, len(e.Before), len(e.After), whole)
		}
	}
	if !strings.Contains(es[1].After, `"/Signoffs/1":`) || es[1].Before != "{}" {
		t.Errorf("sign-off entry: before %.80s…, after %.200s…", es[1].Before, es[1].After)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify: %+v %v", r.Findings, err)
	}
}

// loadDump builds a database from a sqlite3 .dump in testdata.
func loadDump(t *testing.T, name string) string {
	t.Helper()
	dump, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(dump)); err != nil {
		t.Fatal(err)
	}
	return path
}

// A database written before compact entries (whole pilots in every entry)
// verifies unchanged, keeps verifying once compact entries follow, and a
// pilot edited beside ringside afterwards is named with the field that
// differs: verify rebuilds the pilot from the old whole entry and the
// compact ones after it.
func TestOldDatabaseStillVerifies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := loadDump(t, "v10-full-entries.sql")
	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Verify(ctx)
	if err != nil || !r.OK || r.Entries < 26 {
		t.Fatalf("the old database: %+v %v", r, err)
	}
	if _, err := s.UpdatePilot(ctx, Change{Actor: "ops", Action: model.ActionPilotUpdate, Summary: "renamed"}, "claims-triage", func(p *model.Pilot) error {
		p.Name = "Claims triage v2"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("after a compact entry: %+v %v", r.Findings, err)
	}
	if _, err := s.db.Exec("UPDATE pilots SET stage = 'production' WHERE slug = 'claims-triage'"); err != nil {
		t.Fatal(err)
	}
	r, err = s.Verify(ctx)
	if err != nil || r.OK || len(r.Findings) != 1 {
		t.Fatalf("after an edit beside ringside: %+v %v", r, err)
	}
	if f := r.Findings[0]; f.Entity != "pilot claims-triage" || !strings.Contains(f.Problem, `Stage: "pilot" in the log, "production" now`) || strings.Contains(f.Problem, "Name") {
		t.Errorf("finding = %+v, want the Stage field named, and only it", f)
	}
}

// The chain walk's reading of an entry's state agrees with encoding/json
// on every text: the same keys and digests, or an error from both.
func FuzzEachState(f *testing.F) {
	for _, seed := range []string{`{"pilot/a":"d1"}`, `{"import/1":"x","series/a/b/c":"3:00"}`, `{"pilot/x":""}`, `{}`, ``,
		`{"a":"b"x}`, `{"a":"b",}`, `{"a":"b","a":"c"}`, `{"a\"":"b"}`, `{"a":"b\u0041"}`, `{"a": "b"}`, `{"a":"b"}}`, `{"a":1}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, state string) {
		got := map[string]string{}
		err := eachState(state, func(k, d string) { got[k] = d })
		var want map[string]string
		werr := json.Unmarshal([]byte(state), &want)
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: eachState error %v, encoding/json %v", state, err, werr)
		}
		if err == nil && len(want) > 0 && !reflect.DeepEqual(got, want) || err == nil && len(want) == 0 && len(got) != 0 {
			t.Fatalf("%q: eachState %v, encoding/json %v", state, got, want)
		}
	})
}

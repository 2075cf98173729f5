package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringside/model"
	"ringside/store"
)

// freezePortfolio writes a portfolio whose only restriction is a freeze
// from yesterday to tomorrow (UTC), so the real clock is always inside it.
func freezePortfolio(t *testing.T, dir, canary string) string {
	t.Helper()
	today := model.DateOf(pinnedNow())
	body := "calendar:\n  freezes:\n    - {name: Audit week, from: " + today.AddDays(-1).String() + ", to: " + today.AddDays(1).String() + ", zone: UTC}\n" +
		"pilots:\n  - slug: ct\n    name: Claims triage\n    stage: pilot\n    rings:\n" +
		"      - {name: pilot, population: 25, exposure: 0.02, status: active}\n" +
		"      - {name: canary, population: 240, exposure: 0.2, status: " + canary + "}\n"
	path := filepath.Join(dir, "p-"+canary+".yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func auditActions(t *testing.T, db string) []store.AuditEntry {
	t.Helper()
	s, err := store.Open(db, pinnedNow)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.Audit(context.Background(), store.AuditFilter{Pilot: "ct"})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func pilotRing(t *testing.T, db, slug, ring string) model.Ring {
	t.Helper()
	s, err := store.Open(db, pinnedNow)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.Pilot(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := p.Ring(ring)
	if !ok {
		t.Fatalf("pilot %s has no ring %s", slug, ring)
	}
	return *r
}

func TestRingMoveInAFreezeNeedsForceAndReason(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	if code, _, errs := ringside(t, db, "apply", "-f", freezePortfolio(t, dir, "planned")); code != 0 {
		t.Fatal(errs)
	}
	before := fileSum(t, db)
	code, _, errs := ringside(t, db, "ring", "--pilot", "ct", "--ring", "canary", "--status", "active")
	if code != 2 || !strings.Contains(errs, `cannot activate ring canary now: inside freeze "Audit week"`) || !strings.Contains(errs, "--force --reason TEXT") {
		t.Fatalf("in a freeze: exit %d, stderr %q; want 2 with the reason and the override hint", code, errs)
	}
	if code, _, errs := ringside(t, db, "ring", "--pilot", "ct", "--ring", "canary", "--status", "active", "--force"); code != 2 || !strings.Contains(errs, "--force needs --reason") {
		t.Errorf("--force alone: exit %d, %q", code, errs)
	}
	if fileSum(t, db) != before {
		t.Error("a refused move changed the database")
	}
	code, out, errs := ringside(t, db, "ring", "--pilot", "ct", "--ring", "canary", "--status", "active", "--force", "--reason", "Regulator deadline")
	if code != 0 || !strings.Contains(out, "planned at exposure 0.2 → active at exposure 0.2") {
		t.Fatalf("forced: exit %d, %q %q", code, out, errs)
	}
	// activated ahead of no planned date: the ring starts on the as-of day,
	// as it does when moved from the cockpit
	if c := pilotRing(t, db, "ct", "canary"); c.Start != model.DateOf(pinnedNow()) {
		t.Errorf("canary start %s, want the as-of day", c.Start)
	}
	es := auditActions(t, db) // newest first
	if len(es) < 2 || es[0].Action != "ring.status" || es[1].Action != "calendar.override" ||
		!strings.Contains(es[1].Summary, "activate canary") || !strings.HasSuffix(es[1].Summary, "reason: Regulator deadline") || es[1].Actor != "tester" {
		t.Fatalf("audit: %+v", es[:min(2, len(es))])
	}
	if code, _, errs := ringside(t, db, "ring", "--pilot", "ct", "--ring", "canary", "--exposure", "0.5"); code != 2 || !strings.Contains(errs, "cannot widen ring canary") {
		t.Errorf("widen in a freeze: exit %d, %s", code, errs)
	}
	// Stopping harm is always allowed, freeze or not.
	for _, st := range []string{"paused", "rolled_back"} {
		if code, _, errs := ringside(t, db, "ring", "--pilot", "ct", "--ring", "canary", "--status", st); code != 0 {
			t.Errorf("%s in a freeze: exit %d, %s", st, code, errs)
		}
	}
}

func TestApplyInAFreezeNeedsForceAndReason(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errs := ringside(t, db, "apply", "-f", freezePortfolio(t, dir, "planned")); code != 0 {
		t.Fatal(errs)
	}
	before := fileSum(t, db)
	active := freezePortfolio(t, dir, "active")
	code, _, errs := ringside(t, db, "apply", "-f", active)
	if code != 2 || !strings.Contains(errs, "cannot activate ring canary now") || !strings.Contains(errs, "nothing was changed") {
		t.Fatalf("apply in a freeze: exit %d, %q", code, errs)
	}
	if fileSum(t, db) != before {
		t.Error("a refused apply changed the database")
	}
	if code, _, errs := ringside(t, db, "apply", "-f", active, "--reason", "x"); code != 2 || !strings.Contains(errs, "--reason goes with --force") {
		t.Errorf("--reason alone: exit %d, %q", code, errs)
	}
	if code, out, errs := ringside(t, db, "apply", "-f", active, "--force", "--reason", "Hotfix for incident 4711"); code != 0 || !strings.Contains(out, "updated 1: ct") {
		t.Fatalf("forced apply: exit %d, %q %q", code, out, errs)
	}
	if es := auditActions(t, db); es[1].Action != "calendar.override" || !strings.HasSuffix(es[1].Summary, "reason: Hotfix for incident 4711") {
		t.Errorf("audit: %+v", es[:2])
	}
}

// The demo's calendar, unshifted (--as-of 2026-11-20): a release train
// every second Tuesday from 2026-11-24, 18:00–20:00 in Berlin (17:00Z in
// winter), and the year-end close from 2026-12-19. Over 28 days from
// 2026-11-20T00:00Z (to 12-18) that is 11-24 and 12-08; claims-triage's
// canary, planned for 12-01, falls in the 12-08 train.
func TestCalendarJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, errs := ringside(t, db, "--as-of", "2026-11-20", "demo"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := ringside(t, db, "--as-of", "2026-11-20", "calendar", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		From, Until string
		Now         string
		Windows     []struct {
			Window, Start, End, Zone string
			Frozen                   bool
		}
		Freezes []struct{ Name, From, To, Zone, Pilot string }
		Moves   []struct {
			Pilot, Ring, Start, Note string
			Window                   *struct{ Window, Start string }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.From != "2026-11-20T00:00:00Z" || got.Until != "2026-12-18T00:00:00Z" || got.Now != "next window Tue 24 Nov 18:00–20:00 Europe/Berlin" {
		t.Errorf("from %s until %s now %q", got.From, got.Until, got.Now)
	}
	if len(got.Windows) != 2 || got.Windows[0].Start != "2026-11-24T18:00:00+01:00" || got.Windows[0].End != "2026-11-24T20:00:00+01:00" ||
		got.Windows[1].Start != "2026-12-08T18:00:00+01:00" || got.Windows[0].Window != "Release train" || got.Windows[0].Zone != "Europe/Berlin" {
		t.Errorf("windows: %+v", got.Windows)
	}
	if len(got.Freezes) != 1 || got.Freezes[0].Name != "Year-end close" || got.Freezes[0].From != "2026-12-19" || got.Freezes[0].To != "2027-01-06" {
		t.Errorf("freezes: %+v", got.Freezes)
	}
	if len(got.Moves) != 1 || got.Moves[0].Pilot != "claims-triage" || got.Moves[0].Ring != "canary" || got.Moves[0].Start != "2026-12-01" ||
		got.Moves[0].Window == nil || got.Moves[0].Window.Start != "2026-12-08T18:00:00+01:00" {
		t.Errorf("moves: %+v", got.Moves)
	}
	// 61 days (to 2027-01-20) reach the frozen trains of 12-22 and 01-05
	// (marked) and the open one of 01-19.
	_, out, _ = ringside(t, db, "--as-of", "2026-11-20", "calendar", "--days", "61")
	for _, want := range []string{"Tue 2026-12-22 18:00–20:00 Europe/Berlin     Release train  FROZEN (Year-end close)",
		"Tue 2027-01-19 18:00–20:00 Europe/Berlin     Release train\n",
		"claims-triage canary, planned 2026-12-01 → Tue 2026-12-08 18:00–20:00 Europe/Berlin (Release train)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errs := ringside(t, db, "calendar", "--days", "0"); code != 2 || !strings.Contains(errs, "--days must be 1 to 366") {
		t.Errorf("--days 0: exit %d %q", code, errs)
	}
	if code, _, errs := ringside(t, db, "calendar", "--pilot", "nope"); code != 2 || !strings.Contains(errs, `no pilot "nope"`) {
		t.Errorf("--pilot nope: exit %d %q", code, errs)
	}
}

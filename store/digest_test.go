package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringside/model"
)

// The series digest is a multiset digest: the same rows give the same
// digest whatever the order they were added or replaced in.
func TestObsDigestIsOrderFreeAndSensitive(t *testing.T) {
	t.Parallel()
	var a, b obsDigest
	a.add(1, 7.5)
	a.add(2, 8)
	a.add(3, 9)
	b.add(3, 9)
	b.add(2, 1) // replaced below
	b.add(1, 7.5)
	b.replace(2, 1, 8)
	if a != b {
		t.Fatalf("same rows, different digests: %v vs %v", a, b)
	}
	for _, c := range []struct {
		name string
		mod  func(d *obsDigest)
	}{
		{"a value changed", func(d *obsDigest) { d.replace(2, 8, 4) }},
		{"a row removed", func(d *obsDigest) { d.sub(3, 9) }},
		{"a row added", func(d *obsDigest) { d.add(4, 9) }},
		{"a value moved to another day", func(d *obsDigest) { d.sub(3, 9); d.add(4, 9) }},
		{"negative zero", func(d *obsDigest) { d.add(5, 0) }},
	} {
		d := a
		c.mod(&d)
		if d == a {
			t.Errorf("%s: digest unchanged", c.name)
		}
	}
	back, _, err := parseObsDigest(a.String())
	if err != nil || back != a {
		t.Fatalf("parse(%s) = %v, %v", a, back, err)
	}
	var neg obsDigest
	neg.sub(1, 7.5) // a count below zero and a borrow across both halves
	neg.add(1, 7.5)
	if neg != (obsDigest{}) {
		t.Errorf("sub then add = %v, want zero", neg)
	}
}

// Each import keeps series.digest equal to a digest of the series read back,
// through new, replaced and appended rows, and verify agrees until a value
// is changed beside ringside.
func TestImportKeepsSeriesDigestsCurrent(t *testing.T) {
	t.Parallel()
	s := openObs(t, "ct")
	ctx := context.Background()
	importRows(t, s, ImportMeta{File: "a.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-26", 7.9),
		row(3, "pilot", "triage_min", "2026-01-27", 7.5),
		row(4, "canary", "misroute_pct", "2026-01-27", 8.3),
	)...)
	importRows(t, s, ImportMeta{File: "b.csv"}, rowsOf(
		row(2, "pilot", "triage_min", "2026-01-27", 7.1), // replaces 7.5
		row(3, "pilot", "triage_min", "2026-01-28", 7.0), // appended
		row(4, "pilot", "triage_min", "2026-01-20", 8.0), // before the first day
	)...)
	rows, err := s.db.Query("SELECT id, digest FROM series")
	if err != nil {
		t.Fatal(err)
	}
	type sd struct {
		id     int64
		digest string
	}
	var all []sd
	for rows.Next() {
		var x sd
		rows.Scan(&x.id, &x.digest)
		all = append(all, x)
	}
	rows.Close()
	if len(all) != 2 {
		t.Fatalf("series = %v, want 2", all)
	}
	for _, x := range all {
		d, err := seriesDigest(ctx, s.db, x.id)
		if err != nil {
			t.Fatal(err)
		}
		if d.V3() != x.digest {
			t.Errorf("series %d: kept digest %s, read back %s", x.id, x.digest, d)
		}
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify after imports: %+v %v", r, err)
	}
	if _, err := s.db.Exec("UPDATE observations SET value = 7.2 WHERE value = 7.1"); err != nil {
		t.Fatal(err)
	}
	r, err := s.Verify(ctx)
	if err != nil || r.OK || !strings.Contains(r.Problem, "observations ct/pilot/triage_min") {
		t.Fatalf("verify after a value changed beside ringside: %+v %v", r, err)
	}
}

// Two sign-offs of one role in the same second are both kept, the later
// recorded one counting (the raw UNIQUE constraint failure).
func TestSignoffsInTheSameSecondAreBothKept(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{samplePilot()}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 2, 3, 14, 5, 0, 0, time.UTC)
	for _, d := range []model.Decision{model.DecisionApprove, model.DecisionReject} {
		_, err := s.UpdatePilot(ctx, Change{Actor: "lee", Action: "signoff", Summary: "signed"}, "claims-triage", func(p *model.Pilot) error {
			p.Signoffs = append(p.Signoffs, model.Signoff{Gate: model.GateG3, Role: model.RoleSecurity, Person: "Lee Park",
				Decision: d, Meaning: "Security controls verified", At: at})
			return nil
		})
		if err != nil {
			t.Fatalf("sign-off %s: %v", d, err)
		}
	}
	p, err := s.Pilot(ctx, "claims-triage")
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Decision
	for _, so := range p.Signoffs {
		if so.Gate == model.GateG3 && so.Role == model.RoleSecurity && so.At.Equal(at) {
			got = append(got, so.Decision)
		}
	}
	if len(got) != 2 || got[1] != model.DecisionReject {
		t.Fatalf("same-second sign-offs = %v, want [approve reject] in recorded order", got)
	}
}

// A database from before state digests gets one baseline entry on upgrade,
// after which verify compares state and catches a change beside it.
func TestUpgradeRecordsAStateBaseline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	old := &Store{db: db, path: path, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
	ms, _ := migrations()
	if err := old.migrateWith(ctx, ms[:stateVersion-1]); err != nil {
		t.Fatal(err)
	}
	err = old.tx(ctx, func(tx *sql.Tx) error {
		p := Normalize(model.Pilot{Slug: "claims-triage", Name: "Claims email triage assistant", Stage: model.StagePilot})
		if _, err := tx.Exec("INSERT INTO pilots(slug, name, stage, created_at, updated_at) VALUES (?,?,?,?,?)",
			p.Slug, p.Name, string(p.Stage), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"); err != nil {
			return err
		}
		e := AuditEntry{Seq: 1, At: old.Now(), Actor: "x", Action: "pilot.create", Pilot: p.Slug, Entity: "pilot", After: pilotJSON(p), PrevHash: genesisHash}
		e.Hash = entryHash(genesisHash, e, false)
		_, err := tx.Exec("INSERT INTO audit(seq, at, actor, action, pilot, entity, summary, before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			e.Seq, e.At.Format(time.RFC3339Nano), e.Actor, e.Action, e.Pilot, e.Entity, "", "", e.After, e.PrevHash, e.Hash)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, _ := s.Audit(ctx, AuditFilter{Limit: 1})
	if len(es) != 1 || es[0].Action != "audit.baseline" || !strings.Contains(es[0].State, `"pilot/claims-triage"`) {
		t.Fatalf("newest entry after the upgrade = %+v, want the state baseline", es)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK || r.Entries != 2 {
		t.Fatalf("verify after the upgrade: %+v %v", r, err)
	}
	if _, err := s.db.Exec("UPDATE pilots SET name = 'renamed'"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Verify(ctx); r.OK || !strings.Contains(r.Problem, "Name") {
		t.Fatalf("verify after a rename beside ringside: %+v", r)
	}
}

// The rechaining attack: an entry edited and every later hash
// recomputed passes the chain walk, but not an anchor taken before.
func TestAnchorCatchesARechainedLog(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := samplePilot()
	if _, err := s.ApplyPilots(ctx, "x", []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := s.UpdatePilot(ctx, Change{Actor: "x", Action: "edit", Summary: "edit"}, p.Slug, func(p *model.Pilot) error { p.Name += "!"; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	seq, head, err := s.Head(ctx)
	if err != nil || seq != 4 {
		t.Fatalf("head = %d %s %v", seq, head, err)
	}
	anchor := []Anchor{{Seq: seq, Hash: head, Source: "checklist.md"}}
	if r, err := s.VerifyWith(ctx, VerifyOptions{Anchors: anchor}); err != nil || !r.OK || !r.Anchors[0].OK {
		t.Fatalf("verify with a fresh anchor: %+v %v", r, err)
	}
	// Rewrite entry 2's actor and rechain everything after it.
	if _, err := s.db.Exec("DROP TRIGGER audit_no_update"); err != nil {
		t.Fatal(err)
	}
	es, _ := s.Audit(ctx, AuditFilter{})
	prev := genesisHash
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if e.Seq == 2 {
			e.Actor = "mallory"
		}
		e.PrevHash = prev
		e.Hash = entryHash(prev, e, true)
		if _, err := s.db.Exec("UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", e.Actor, e.PrevHash, e.Hash, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := s.db.Exec(strings.Join(strings.Fields(guardSQL["audit_no_update"]), " ")); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Verify(ctx); !r.OK {
		t.Fatalf("without an anchor the rechained log should pass the walk (that is the attack): %+v", r.Findings)
	}
	r, err := s.VerifyWith(ctx, VerifyOptions{Anchors: anchor})
	if err != nil || r.OK || !strings.Contains(r.Problem, "rewritten and rechained") || !strings.Contains(r.Problem, "checklist.md") {
		t.Fatalf("verify with the old anchor: %+v %v", r, err)
	}
}

// BenchmarkObsDigest is the state digest's cost per imported row (one row
// hash through the importer's reused block, and a 128-bit add), without
// an allocation: go test ./store -run x -bench ObsDigest. V2 is the row
// hash before it covered the import (one AES block a row), V3 the one
// imports write now (two).
func BenchmarkObsDigest(b *testing.B) {
	b.Run("V2", func(b *testing.B) {
		var d obsDigest
		var h rowHasher
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			d.addHash(h.v2(int64(i&0xffff), float64(i), nil))
		}
		if d.n == 0 {
			b.Fatal("no rows digested")
		}
	})
	b.Run("V3", func(b *testing.B) {
		var d obsDigest
		var h rowHasher
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			d.addHash(h.v3Row(int64(i&0xffff), float64(i), int64(i>>10), nil))
		}
		if d.n == 0 {
			b.Fatal("no rows digested")
		}
	})
}

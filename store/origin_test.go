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

// A database written before schema v13 (no origin) still verifies after
// the upgrade; the demo's old entries are recognised as the demo's; new
// entries hash their origin, so changing it beside ringside is caught.
func TestOriginUpgradeKeepsTheChainAndHashesNewOrigins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v10.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	old := &Store{db: db, path: path, Now: func() time.Time { return day }}
	ms, _ := migrations()
	const originVersion = 13
	if err := old.migrateWith(ctx, ms[:originVersion-1]); err != nil {
		t.Fatal(err)
	}
	// Entries as v10 wrote them: the demo's apply and a person's sign-off.
	prev := genesisHash
	for i, e := range []AuditEntry{
		{Actor: "demo", Action: model.ActionPilotCreate, Pilot: "claims-triage", Entity: "pilot", Summary: "created claims-triage from " + DemoSource, State: `{"pilot/claims-triage":"a"}`},
		{Actor: "dana", Action: model.ActionSignoff, Pilot: "claims-triage", Entity: "pilot", Summary: "G3 product_owner approve", State: `{"pilot/claims-triage":"b"}`},
	} {
		e.Seq, e.At, e.PrevHash = int64(i+1), day.Add(time.Duration(i)*time.Hour), prev
		e.Hash = entryHash(prev, e, false)
		if _, err := db.Exec(`INSERT INTO audit(seq, at, actor, action, pilot, entity, summary, before, after, state, prev_hash, hash)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, e.Seq, e.At.Format(time.RFC3339Nano), e.Actor, e.Action, e.Pilot, e.Entity, e.Summary, "", "", e.State, e.PrevHash, e.Hash); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	db.Close()

	s, err := Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[1].Origin != OriginDemo || es[0].Origin != "" {
		t.Fatalf("after the upgrade: %+v; want the demo's entry with origin demo, the sign-off with none", es)
	}
	// The chain as v10 wrote it verifies: the origin the upgrade inferred
	// is not part of an old entry's hash. (State digests name entities
	// this test did not create, so only the chain is walked.)
	var r VerifyReport
	if _, err := s.verifyChain(ctx, &r); err != nil || r.FirstBad != 0 || len(r.Findings) != 0 {
		t.Fatalf("verify after the upgrade: %+v %v", r, err)
	}
	// Only the sign-off is activity: the demo's entry is not.
	act, err := s.LastActivity(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := act["claims-triage"], day.Add(time.Hour); !got.Equal(want) {
		t.Errorf("last activity = %v, want the sign-off at %v", got, want)
	}

	// A new entry records and hashes its origin.
	if _, err := s.ApplyPilotsFrom(ctx, Change{Actor: "lee", Origin: OriginCockpit}, "a test", []model.Pilot{{Slug: "new-one", Name: "New", Stage: model.StageIdea}}); err != nil {
		t.Fatal(err)
	}
	es, _ = s.Audit(ctx, AuditFilter{Limit: 1})
	if es[0].Origin != OriginCockpit {
		t.Fatalf("new entry origin = %q, want cockpit", es[0].Origin)
	}
	if es[0].Hash == entryHash(es[0].PrevHash, es[0], false) {
		t.Fatal("a new entry's hash does not cover its origin")
	}
	r = VerifyReport{}
	if _, err := s.verifyChain(ctx, &r); err != nil || r.FirstBad != 0 {
		t.Fatalf("verify with a new entry: %+v %v", r, err)
	}
	if _, err := s.db.Exec("DROP TRIGGER audit_no_update"); err != nil { // as a tamperer would
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE audit SET origin = 'demo' WHERE seq = ?", es[0].Seq); err != nil {
		t.Fatal(err)
	}
	r = VerifyReport{}
	if _, err := s.verifyChain(ctx, &r); err != nil || r.FirstBad != es[0].Seq || !strings.Contains(r.Findings[0].Problem, "no longer matches its hash") {
		t.Fatalf("verify after origin changed beside ringside: %+v %v", r, err)
	}
}

// Each front end's change carries its origin into the audit log.
func TestChangesRecordTheirOrigin(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	p := model.Pilot{Slug: "o", Name: "O", Stage: model.StagePilot, Rings: []model.Ring{{Name: "pilot", Status: model.RingActive}},
		Flags: []model.Flag{{Key: "f", States: map[string]model.FlagState{}}}}
	if _, err := s.ApplyPilotsFrom(ctx, Change{Actor: "a", Origin: OriginDemo}, DemoSource, []model.Pilot{p}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetFlag(ctx, Change{Actor: "a", Origin: OriginCLI}, FlagSet{Pilot: "o", Flag: "f", Ring: "pilot", State: model.FlagOn, Reason: "go"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdatePilot(ctx, Change{Actor: "a", Action: model.ActionPilotUpdate, Summary: "renamed", Origin: OriginCockpit}, "o", func(p *model.Pilot) error {
		p.Name = "Renamed"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	es, err := s.Audit(ctx, AuditFilter{Pilot: "o"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Action+":"+string(e.Origin))
	}
	if want := "pilot.update:cockpit flag.set:cli pilot.create:demo"; strings.Join(got, " ") != want {
		t.Errorf("entries = %v, want %s", got, want)
	}
	if _, err := s.SetFlag(ctx, Change{Actor: "a"}, FlagSet{Pilot: "o", Flag: "f", Ring: "pilot", State: model.FlagOff}); err != ErrFlagReason {
		t.Errorf("flag change without a reason: %v, want ErrFlagReason", err)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Errorf("verify: %+v %v", r, err)
	}
}

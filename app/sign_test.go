package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"ringside/model"
	"ringside/model/gates"
	"ringside/store"
)

var g3Day = model.MustDate("2026-08-18")

func signReq(person string) SignRequest {
	return SignRequest{Actor: "tester", Pilot: "ct", Gate: model.GateG3, Role: model.RoleSecurity,
		Decision: model.DecisionApprove, Meaning: "Security controls verified", Person: person, AsOf: g3Day}
}

// A sign-off binds the checklist judged inside its own write: it is not
// stale right after, it names the role's owner when no person is given,
// and it says where it was recorded.
func TestSignBindsTheChecklistItWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := openTest(t)
	importRows(t, a, obs("pilot", "triage_min", "2026-08-17", 7), obs("pilot", "misroute_pct", "2026-08-17", 1))
	req := signReq("")
	req.Where = "in the review"
	signed, err := a.Sign(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	so := signed.Signoff
	if so.Person != "Lee Park" || so.OnBehalf || so.ChecklistHash != signed.Readiness.ChecklistHash || !so.At.Equal(testClock().Truncate(time.Second)) {
		t.Errorf("sign-off %+v, readiness hash %s", so, signed.Readiness.ChecklistHash)
	}
	g, err := a.Gate(ctx, "ct", model.GateG3, g3Day)
	if err != nil {
		t.Fatal(err)
	}
	if g.Readiness.ChecklistHash != so.ChecklistHash {
		t.Errorf("the gate now hashes %s, the sign-off bound %s", g.Readiness.ChecklistHash, so.ChecklistHash)
	}
	found := false
	for _, s := range g.Readiness.Signoffs {
		if s.Role == string(model.RoleSecurity) {
			found = true
			if s.Stale {
				t.Error("a sign-off is stale the moment it is recorded")
			}
		}
	}
	if !found {
		t.Errorf("the gate does not list the sign-off: %+v", g.Readiness.Signoffs)
	}
	es, err := a.store.Audit(ctx, store.AuditFilter{Pilot: "ct", Limit: 1})
	if err != nil || len(es) != 1 || es[0].Action != "signoff" || es[0].Summary != "G3 security approve: Lee Park (Security controls verified) in the review" {
		t.Errorf("audit: %v %+v", err, es)
	}
}

// While a sign-off is judged and written no other writer gets in: a
// change to the pilot started in between waits until the sign-off is
// recorded, then stales it. (Judging before the write transaction, as the
// command line once did, let that change land between the two.)
func TestSignJudgesInsideTheWriteTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, path := openTest(t)
	other, err := store.Open(path, testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	loosened := make(chan error, 1)
	req := signReq("Lee Park")
	req.Attest = func(so *model.Signoff, r gates.Readiness) error {
		go func() {
			_, err := other.UpdatePilot(ctx, store.Change{Actor: "mallory", Action: "kpi.edit", Summary: "loosen the target"}, "ct", func(p *model.Pilot) error {
				p.KPIs[0].Target = model.MustCriterion("<= 0%")
				return nil
			})
			loosened <- err
		}()
		select {
		case err := <-loosened:
			return errors.New("another writer changed the pilot while the sign-off was being judged and written (" + errString(err) + ")")
		case <-time.After(200 * time.Millisecond):
			return nil // still waiting for the lock: good
		}
	}
	signed, err := a.Sign(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-loosened; err != nil {
		t.Fatalf("the other writer, after the sign-off: %v", err)
	}
	g, err := a.Gate(ctx, "ct", model.GateG3, g3Day)
	if err != nil {
		t.Fatal(err)
	}
	if g.Readiness.ChecklistHash == signed.Signoff.ChecklistHash {
		t.Fatal("loosening a KPI target left the checklist hash as it was")
	}
	for _, s := range g.Readiness.Signoffs {
		if s.Role == string(model.RoleSecurity) && !s.Stale {
			t.Error("the sign-off is not stale after the target it signed changed")
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "it succeeded"
	}
	return err.Error()
}

// Refusals say what is wrong and record nothing.
func TestSignRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := openTest(t)
	req := signReq("")
	req.Role = model.RoleLegal // ct names nobody as legal
	if _, err := a.Sign(ctx, req); !errors.Is(err, ErrNoSigner) {
		t.Errorf("no owner for the role: %v", err)
	}
	req = signReq("Lee Park")
	req.Meaning = " "
	var se *SignError
	if _, err := a.Sign(ctx, req); !errors.As(err, &se) {
		t.Errorf("no meaning: %v", err)
	}
	req = signReq("Lee Park")
	req.Attest = func(*model.Signoff, gates.Readiness) error { return errors.New("no key") }
	if _, err := a.Sign(ctx, req); err == nil || err.Error() != "no key" {
		t.Errorf("attest refusing: %v", err)
	}
	req = signReq("Lee Park")
	req.Pilot = "nope"
	if _, err := a.Sign(ctx, req); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown pilot: %v", err)
	}
	p, err := a.store.Pilot(ctx, "ct")
	if err != nil || len(p.Signoffs) != 0 {
		t.Errorf("a refused sign-off was recorded: %v %+v", err, p.Signoffs)
	}
}

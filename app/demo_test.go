package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"ringside/model"
	"ringside/store"
)

// The demo loads in one transaction: a failure after the portfolio, the
// anchor and every metric file were written (just before the sign-offs
// are stamped) leaves the database as it was: no pilot, no observation,
// no audit entry, no anchor. The load after it goes through whole and
// verifies.
func TestDemoLoadsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), testClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = testClock
	a := New(s, testClock)
	boom := errors.New("injected failure")
	DemoFault = func(step string) error { return boom }
	_, err = a.LoadDemo(ctx, "tester", model.MustDate("2026-11-20"))
	DemoFault = nil
	if !errors.Is(err, boom) {
		t.Fatalf("LoadDemo = %v, want the injected failure", err)
	}
	slugs, _ := s.Slugs(ctx)
	seq, _, _ := s.Head(ctx)
	n, _ := s.ObservationCount(ctx)
	_, anchored, _ := s.Meta(ctx, demoAnchorKey)
	if len(slugs) != 0 || seq != 0 || n != 0 || anchored {
		t.Fatalf("after a failed load: pilots %v, audit head %d, %d observations, anchor set %v: want nothing", slugs, seq, n, anchored)
	}
	out, err := a.LoadDemo(ctx, "tester", model.MustDate("2026-11-20"))
	if err != nil || len(out.Created) != 8 || out.Files != 9 {
		t.Fatalf("LoadDemo = %+v, %v", out, err)
	}
	if r, err := s.Verify(ctx); err != nil || !r.OK {
		t.Fatalf("verify after the demo: %+v %v", r.Findings, err)
	}
}

package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ringside/exporters"
	"ringside/model"
	"ringside/model/health"
)

// healthJSON renders verdicts as health --json does.
var healthJSON = Render{Head: exporters.AppendPilotHealthJSONHead, Body: exporters.AppendPilotHealthJSONBody}

// healthOf runs HealthEach and returns each pilot's bytes and whether its
// body was shared.
func healthOf(t *testing.T, a *App, slug string) (out []string, shared []bool) {
	t.Helper()
	out, bodies := healthBodies(t, a, slug)
	for _, b := range bodies {
		shared = append(shared, b != nil)
	}
	return out, shared
}

// healthBodies runs HealthEach and returns each pilot's bytes and its
// Shared body (nil when none), as emitted.
func healthBodies(t *testing.T, a *App, slug string) (out []string, bodies [][]byte) {
	t.Helper()
	err := a.HealthEach(context.Background(), slug, model.MustDate("2026-08-18"), healthJSON, func(v Verdict) error {
		out = append(out, string(v.Out)+string(v.Shared))
		bodies = append(bodies, v.Shared)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, bodies
}

// TestHealthEachSharesBodiesOfDefinitionsWithoutData: pilots of ct's
// definition without data (ct has data, so it is judged alone) get the
// verdicts each would get alone: the first is judged and its body kept,
// the next get it (Verdict.Shared: ct-0, whose body it is, to ct-3, all
// the same bytes in memory: the body is neither copied to be kept nor
// handed out in Out); when the kept bodies are at their bound, the next
// are judged in turn, with the same bytes.
func TestHealthEachSharesBodiesOfDefinitionsWithoutData(t *testing.T) {
	a, _ := openTest(t)
	applyCopies(t, a, "ct", 4, func(p *model.Pilot, i int) {
		p.Slug, p.Name = fmt.Sprintf("ct-%d", i), fmt.Sprintf("Pilot \"ct\" %d", i)
	})
	importRows(t, a, obs("pilot", "triage_min", "2026-08-17", 9), obs("canary", "triage_min", "2026-08-17", 8))
	var alone []string
	for _, slug := range []string{"ct", "ct-0", "ct-1", "ct-2", "ct-3"} {
		out, shared := healthOf(t, a, slug)
		if len(out) != 1 || shared[0] {
			t.Fatalf("%s alone: %d verdicts, shared %v", slug, len(out), shared)
		}
		alone = append(alone, out[0])
	}
	if alone[0][strings.Index(alone[0], `,"rings"`):] == alone[1][strings.Index(alone[1], `,"rings"`):] {
		t.Fatal("ct's data does not show in its verdicts")
	}
	for _, c := range []struct {
		keep   int
		shared []bool
	}{{keepBodies, []bool{false, true, true, true, true}}, {0, []bool{false, false, false, false, false}}} {
		saved := keepBodies
		keepBodies = c.keep
		out, bodies := healthBodies(t, a, "")
		keepBodies = saved
		var shared []bool
		for i, b := range bodies {
			shared = append(shared, b != nil)
			if b != nil && bodies[1] != nil && &b[0] != &bodies[1][0] {
				t.Errorf("keeping %d bytes, %s's body is a copy of ct-0's", c.keep, []string{"ct", "ct-0", "ct-1", "ct-2", "ct-3"}[i])
			}
		}
		if strings.Join(out, "\n") != strings.Join(alone, "\n") {
			t.Errorf("keeping %d bytes, the portfolio's verdicts\n%s\nwant each alone\n%s", c.keep, strings.Join(out, "\n"), strings.Join(alone, "\n"))
		}
		if fmt.Sprint(shared) != fmt.Sprint(c.shared) {
			t.Errorf("keeping %d bytes, shared bodies %v, want %v", c.keep, shared, c.shared)
		}
	}
}

// TestHealthEachStopsAtABodyItCannotRender: a body the renderer refuses
// is the evaluator's error, and no pilot after it is emitted.
func TestHealthEachStopsAtABodyItCannotRender(t *testing.T) {
	a, _ := openTest(t)
	refuse := Render{Head: exporters.AppendPilotHealthJSONHead, Body: func(b []byte, ph health.PilotHealth) ([]byte, error) {
		return b, fmt.Errorf("cannot render %s", ph.Pilot)
	}}
	n := 0
	err := a.HealthEach(context.Background(), "", model.MustDate("2026-08-18"), refuse, func(Verdict) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), "cannot render ct") || n != 0 {
		t.Errorf("HealthEach = %v after %d verdicts", err, n)
	}
}

// TestHealthEachWithoutSeriesOpensOneConnection: over a portfolio with no
// observation at all, health reads the definitions on the one connection
// the store has, with nothing read ahead beside them. The read-ahead's
// queries, run beside the loader's, opened one or two more connections,
// each a parse of the schema (a 10-pilot run 13.1 → 18.2 ms of CPU).
func TestHealthEachWithoutSeriesOpensOneConnection(t *testing.T) {
	for round := range 20 { // the read-ahead's extra connection came from a race: give it its chances
		a, _ := openTest(t)
		applyCopies(t, a, "ct", 30, func(p *model.Pilot, i int) { p.Slug = fmt.Sprintf("ct-%02d", i) })
		before := a.store.ConnectionsOpened()
		out, _ := healthOf(t, a, "")
		if len(out) != 31 {
			t.Fatalf("%d verdicts, want 31", len(out))
		}
		if after := a.store.ConnectionsOpened(); after != before || before != 1 {
			t.Fatalf("round %d: %d connections before health, %d after; want 1 and 1", round, before, after)
		}
	}
}

// applyCopies applies n copies of the pilot slug, copy i changed by rename
// (its slug at least).
func applyCopies(t *testing.T, a *App, slug string, n int, rename func(p *model.Pilot, i int)) {
	t.Helper()
	ctx := context.Background()
	orig, err := a.store.Pilot(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	more := make([]model.Pilot, n)
	for i := range more {
		more[i] = orig
		rename(&more[i], i)
	}
	if _, err := a.store.ApplyPilots(ctx, "tester", more); err != nil {
		t.Fatal(err)
	}
}

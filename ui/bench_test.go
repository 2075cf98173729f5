package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/model"
	"ringside/model/assess"
	"ringside/store"
)

// auditModel is the cockpit on a pilot's Audit tab holding n entries.
func auditModel(tb testing.TB, n int) *Model {
	m := New(Options{AsOf: demoAsOf, NoColor: false, Theme: "dark"})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	p := &model.Pilot{Slug: "bench", Name: "Benchmark pilot", Stage: model.StagePilot}
	d := newDetail(m.c, p.Slug, p.Name)
	m.push(d)
	d.setData(assessPilot(assess.Input{Pilot: p, AsOf: demoAsOf}))
	d.tab = tabAudit
	es := make([]store.AuditEntry, n)
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for i := range es {
		seq := int64(n - i)
		es[i] = store.AuditEntry{Seq: seq, At: at.Add(-time.Duration(i) * time.Minute), Actor: "dana", Action: "import",
			Pilot: "bench", Entity: "metrics", Summary: fmt.Sprintf("imported file %d: 120 rows, 3 new, 0 updated", seq)}
	}
	d.audit.setRows(es)
	return m
}

// BenchmarkKeypress is one cursor move plus a full frame of the Audit tab.
// The list draws only its visible window, so the cost must not grow with
// the entries it holds.
func BenchmarkKeypress(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			m := auditModel(b, n)
			down, up := keyMsg("down"), keyMsg("up")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if (i/40)%2 == 1 { // walk 40 rows down, then 40 up, scrolling both ways
					k = up
				}
				m.Update(k)
				_ = m.View()
			}
		})
	}
}

// TestKeypressCostIsFlat guards the benchmark's promise in ordinary test
// runs: a keypress at 100,000 entries costs under 1 ms and at most 1.5× the
// cost at 100 (with slack for noisy machines: 3×).
func TestKeypressCostIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	small := testing.Benchmark(func(b *testing.B) { benchKeys(b, 100) })
	big := testing.Benchmark(func(b *testing.B) { benchKeys(b, 100000) })
	ps, pb := small.NsPerOp(), big.NsPerOp()
	t.Logf("keypress: %d ns at 100 entries, %d ns at 100,000", ps, pb)
	if pb > int64(time.Millisecond) {
		t.Errorf("keypress at 100,000 entries takes %v, want under 1ms", time.Duration(pb))
	}
	if pb > 3*ps {
		t.Errorf("keypress at 100,000 entries costs %.1f× the 100-entry figure", float64(pb)/float64(ps))
	}
}

func benchKeys(b *testing.B, n int) {
	m := auditModel(b, n)
	down, up := keyMsg("down"), keyMsg("up")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := down
		if (i/40)%2 == 1 {
			k = up
		}
		m.Update(k)
		_ = m.View()
	}
}

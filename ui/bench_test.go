package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/internal/uitest"
	"ringside/model"
	"ringside/model/assess"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/pilot"
)

// auditModel is the cockpit on a pilot's Audit tab holding n entries.
func auditModel(tb testing.TB, n int) *Model {
	m := New(common.Options{AsOf: uitest.DemoAsOf, NoColor: false, Theme: "dark"})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	p := &model.Pilot{Slug: "bench", Name: "Benchmark pilot", Stage: model.StagePilot}
	d := pilot.New(m.c, p.Slug, p.Name)
	m.push(d)
	d.SetData(pilot.AssessPilot(assess.Input{Pilot: p, AsOf: uitest.DemoAsOf}))
	d.Tab = pilot.TabAudit
	es := make([]store.AuditEntry, n)
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for i := range es {
		seq := int64(n - i)
		es[i] = store.AuditEntry{Seq: seq, At: at.Add(-time.Duration(i) * time.Minute), Actor: "dana", Action: "import",
			Pilot: "bench", Entity: "metrics", Summary: fmt.Sprintf("imported file %d: 120 rows, 3 new, 0 updated", seq)}
	}
	d.Audit.SetRows(es)
	return m
}

// BenchmarkKeypress is one cursor move plus a full frame of the Audit tab.
// The list draws only its visible window, so the cost must not grow with
// the entries it holds.
func BenchmarkKeypress(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			m := auditModel(b, n)
			down, up := uitest.Key("down"), uitest.Key("up")
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
// runs without reading the wall clock (a shared machine makes timings
// noise): a keypress at 100,000 entries allocates no more than at 100 —
// the list draws only its visible window, so neither the allocations nor
// the bytes grow with the entries. The time itself is the benchmark's
// (go test ./ui -bench Keypress; docs/performance.md).
func TestKeypressCostIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation test")
	}
	measure := func(n int) (allocs float64, bytes uint64) {
		m := auditModel(t, n)
		down, up := uitest.Key("down"), uitest.Key("up")
		i := 0
		step := func() {
			k := down
			if (i/40)%2 == 1 {
				k = up
			}
			i++
			m.Update(k)
			_ = m.View()
		}
		allocs = testing.AllocsPerRun(200, step)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for r := 0; r < 200; r++ {
			step()
		}
		runtime.ReadMemStats(&after)
		return allocs, (after.TotalAlloc - before.TotalAlloc) / 200
	}
	sa, sb := measure(100)
	ba, bb := measure(100000)
	t.Logf("keypress: %.0f allocs, %d B at 100 entries; %.0f allocs, %d B at 100,000", sa, sb, ba, bb)
	if ba > sa*1.1+5 {
		t.Errorf("keypress at 100,000 entries allocates %.0f times, %.0f at 100: the cost grows with the list", ba, sa)
	}
	if bb > sb*3/2+4096 {
		t.Errorf("keypress at 100,000 entries allocates %d B, %d B at 100: the cost grows with the list", bb, sb)
	}
}

func benchKeys(b *testing.B, n int) {
	m := auditModel(b, n)
	down, up := uitest.Key("down"), uitest.Key("up")
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

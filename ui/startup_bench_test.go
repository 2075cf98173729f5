package ui

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ringside/app"
	"ringside/internal/uitest"
	"ringside/store"
	"ringside/ui/common"
	"ringside/ui/dashboard"
)

// openToRows opens the cockpit as a terminal would, up to the moment the
// pilots' rows are on screen: Init's commands run and their messages are
// handled, but what those messages start (the assessment) is returned,
// not run.
func openToRows(tb testing.TB, s *store.Store, w, h int) (*driver, tea.Cmd) {
	m := New(common.Options{App: app.New(s, nil), AsOf: uitest.DemoAsOf, Actor: "test", NoColor: true})
	d := &driver{Root: uitest.Attach(tb, m), m: m}
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	var msgs []tea.Msg
	var collect func(tea.Cmd)
	collect = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				collect(c)
			}
		case nil:
		default:
			msgs = append(msgs, msg)
		}
	}
	collect(m.Init())
	var next []tea.Cmd
	for _, msg := range msgs {
		_, c := m.Update(msg)
		next = append(next, c)
	}
	return d, tea.Batch(next...)
}

// TestDashboardShowsRowsBeforeVerdicts: the pilots' rows come first, with
// the judged columns pending, and the assessment fills them in; an
// assessment of an older load never overwrites a newer one.
func TestDashboardShowsRowsBeforeVerdicts(t *testing.T) {
	s := uitest.OpenDemo(t)
	d, rest := openToRows(t, s, 160, 48)
	d.Must("judging health, gates, payback and triage …", "Claims email triage assistant", "pilot 67d")
	first := d.Screen()
	if strings.Contains(first, "G3 50%") || strings.Contains(first, "6.6 mo") {
		t.Errorf("verdicts shown before the assessment:\n%s", first)
	}
	d.Run(rest)
	d.Must("rings failing 4 · triggers fired 1", "G3 50%", "6.6 mo")
	if strings.Contains(d.Screen(), "judging") || strings.Contains(d.Screen(), common.GlyphPending) {
		t.Errorf("still pending after the assessment:\n%s", d.Screen())
	}
	filled := d.Screen()
	d.Send(loadDone{dashboard.PortfolioAssessed{Gen: 0}}) // an older load's, with no rows
	if d.Screen() != filled {
		t.Errorf("a stale assessment changed the dashboard:\n%s", d.Screen())
	}
}

// BenchmarkDashboardStartup measures opening the cockpit on a database:
// "rows" up to the pilots' rows on screen (the first frame with data),
// "filled" up to every verdict in them (health, gates, payback, triage).
// Point it at the bench harness's database, which holds the metrics and
// the 1,000-pilot portfolio:
//
//	go run ./bench -rounds 3 -keep -dir /tmp/bw
//	RINGSIDE_BENCH_DB=/tmp/bw/ringside.db go test ./ui -run x -bench DashboardStartup
func BenchmarkDashboardStartup(b *testing.B) {
	path := os.Getenv("RINGSIDE_BENCH_DB")
	if path == "" {
		b.Skip("set RINGSIDE_BENCH_DB to a database (see the comment)")
	}
	s, err := store.Open(path, testClock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Run("rows", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			d, _ := openToRows(b, s, 160, 48)
			if sc := d.Screen(); !strings.Contains(sc, "judging") || !strings.Contains(sc, "Next gate") {
				b.Fatalf("no rows drawn:\n%s", d.Screen())
			}
		}
	})
	b.Run("filled", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			d := newDriver(b, s, 160, 48)
			if !strings.Contains(d.Screen(), "Next gate") || strings.Contains(d.Screen(), "judging") {
				b.Fatalf("no dashboard drawn:\n%s", d.Screen())
			}
		}
	})
}

// reportCPU adds the process's CPU time (user and system, every thread) per
// operation: on a shared machine wall time waits for the cores, CPU time
// says what the work costs.
func reportCPU(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpu()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

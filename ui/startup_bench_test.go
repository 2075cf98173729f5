package ui

import (
	"os"
	"strings"
	"testing"

	"ringside/store"
)

// BenchmarkDashboardStartup measures opening the cockpit on a database:
// the first frame, the load of every pilot with its health, gates, payback
// and triage, and the dashboard frame drawn from it. Point it at the bench
// harness's million-observation database:
//
//	go run ./bench -rounds 3 -keep -dir /tmp/bw
//	RINGSIDE_BENCH_DB=/tmp/bw/ringside.db go test ./ui -run x -bench DashboardStartup
func BenchmarkDashboardStartup(b *testing.B) {
	path := os.Getenv("RINGSIDE_BENCH_DB")
	if path == "" {
		b.Skip("set RINGSIDE_BENCH_DB to a database (see the comment)")
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		d := newDriver(b, s, 160, 48)
		if !strings.Contains(d.screen(), "Next gate") {
			b.Fatalf("no dashboard drawn:\n%s", d.screen())
		}
	}
}

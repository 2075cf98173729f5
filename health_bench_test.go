package main

import (
	"io"
	"os"
	"testing"
	"time"
)

// BenchmarkHealthJSON runs `health --json` in process on the database
// RINGSIDE_BENCH_DB names (the bench's portfolio.db, portfolio-10.db or
// its metrics database), for profiles of the whole command.
func BenchmarkHealthJSON(b *testing.B) {
	db := os.Getenv("RINGSIDE_BENCH_DB")
	if db == "" {
		b.Skip("RINGSIDE_BENCH_DB names a database to judge")
	}
	now := func() time.Time { return time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC) }
	for b.Loop() {
		if code := runAt(now, []string{"--db", db, "--as-of", "2027-01-01", "health", "--json"}, nil, io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
}

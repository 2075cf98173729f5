package main

import (
	"io"
	"testing"
)

// BenchmarkCommandTree is the cost every run pays to build the cobra tree
// (docs/performance.md, "Start-up").
func BenchmarkCommandTree(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newRootCmd(&cli{})
	}
}

// BenchmarkVersion is `ringside --version` in-process: the tree, the parse
// and fang's execution, without the process start.
func BenchmarkVersion(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		runAt(pinnedNow, []string{"--version"}, nil, io.Discard, io.Discard)
	}
}

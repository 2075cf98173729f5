#!/bin/sh
# CPU seconds per op of the reader (samples in NewMetricReader and Next), from a CPU profile: far less sensitive to load than wall time.
# usage: bench/scripts/reader-cpu.sh DIR BENCH N   (DIR: a checkout, e.g. . or a git archive of main)
cd "$1" && export GOTOOLCHAIN=go1.27.3 CGO_ENABLED=0
go test ./importers -run XXX -bench "^$2\$" -benchtime ${3}x -cpuprofile /tmp/cpb.$$.out -o /tmp/cpb.$$.test >/dev/null 2>&1 || { echo fail; exit 1; }
go tool pprof -top -nodecount 100000 -focus 'importers.NewMetricReader$|MetricReader..Next$' /tmp/cpb.$$.test /tmp/cpb.$$.out 2>/dev/null | awk -v n=$3 '/Showing nodes accounting for/ {v=$5; sub(/s,?$/,"",v); if (v ~ /ms/) {sub(/ms/,"",v); v=v/1000}; printf "%.0f ms/op\n", v*1000/n}'
rm -f /tmp/cpb.$$.out /tmp/cpb.$$.test

#!/usr/bin/env python3
# usage: bench/cputime.py N CMD...
# The CPU time (user + system, from getrusage of the child; /usr/bin/time
# rounds to 10 ms) of N runs of CMD: median and minimum in ms.
import resource, subprocess, sys, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
xs = []
for _ in range(n):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    xs.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
xs.sort()
print(f"median {statistics.median(xs):.1f} ms  min {xs[0]:.1f} ms  (n={n})")

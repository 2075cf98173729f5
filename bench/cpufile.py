#!/usr/bin/env python3
# usage: bench/cpufile.py N -- CMD1 ARGS... -- CMD2 ARGS... [-- ...]
# Runs each command N times, interleaved one run at a time (A B A B ...),
# its standard output into a new file each run (as the bench's runs write
# theirs: a command writing 16 MB pays the kernel for it, which a run into
# /dev/null does not), deleted after; prints per command the median, first
# quartile and minimum of the CPU time (user + system, getrusage of the
# child) and of the wall time, with the load average before and after.
# The output files are made in the current folder: run it from the one
# the bench would write to.
import subprocess, sys, statistics, time, os, resource, tempfile
n = int(sys.argv[1]); cmds, cur = [], None
for a in sys.argv[2:]:
    if a == "--": cur = []; cmds.append(cur)
    else: cur.append(a)
cpu = [[] for _ in cmds]; wall = [[] for _ in cmds]
load0 = open("/proc/loadavg").read().split()[:3]
for _ in range(n):
    for i, c in enumerate(cmds):
        out = tempfile.NamedTemporaryFile(dir=".", delete=False)
        b = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
        subprocess.run(c, stdout=out, stderr=subprocess.DEVNULL)
        wall[i].append((time.perf_counter()-t)*1000); a = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[i].append(((a.ru_utime-b.ru_utime)+(a.ru_stime-b.ru_stime))*1000)
        out.close(); os.unlink(out.name)
print("load", " ".join(load0), "->", " ".join(open("/proc/loadavg").read().split()[:3]))
for i, c in enumerate(cmds):
    x = sorted(cpu[i]); w = sorted(wall[i])
    print(f"cpu median {statistics.median(x):.1f} q1 {x[len(x)//4]:.1f} min {x[0]:.1f} | wall median {statistics.median(w):.1f} q1 {w[len(w)//4]:.1f} min {w[0]:.1f} ms  {' '.join(c[:1]+c[-4:])}")

#!/usr/bin/env python3
# usage: bench/cpualt.py N -- CMD1 ARGS... -- CMD2 ARGS... [-- ...]
# Runs each command N times, interleaved one run at a time (A B C A B C …)
# so that a change in the machine's load falls on all of them alike, and
# prints per command the median, first quartile and minimum of the CPU
# time (user + system, from getrusage of the child) and the median count
# of minor page faults, with the load average before and after.
import resource, subprocess, sys, statistics

n = int(sys.argv[1])
cmds, cur = [], None
for a in sys.argv[2:]:
    if a == "--":
        cur = []
        cmds.append(cur)
    else:
        cur.append(a)
cpu = [[] for _ in cmds]
faults = [[] for _ in cmds]
load0 = open("/proc/loadavg").read().split()[:3]
for _ in range(n):
    for i, c in enumerate(cmds):
        b = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        a = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[i].append(((a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime)) * 1000)
        faults[i].append(a.ru_minflt - b.ru_minflt)
print("load", " ".join(load0), "->", " ".join(open("/proc/loadavg").read().split()[:3]))
for i, c in enumerate(cmds):
    x = sorted(cpu[i])
    print(f"{' '.join(c)}: median {statistics.median(x):.2f} ms  q1 {x[len(x)//4]:.2f}  min {x[0]:.2f}  faults {statistics.median(faults[i]):.0f}  (n={n})")

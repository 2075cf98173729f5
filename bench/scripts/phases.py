#!/usr/bin/env python3
# Usage: bench/scripts/phases.py N -- CMD_A ARGS... [-- CMD_B ARGS...]
# Runs the commands alternately, N times each, with RS_MARKS=1 (builds made
# with bench/scripts/phase_marks.py print their phases), each run's stdout
# into a new file in the current folder (removed when the next run of its
# side starts, as the bench does), and prints each phase's median time in
# ms since the process was spawned, the commands side by side, then the
# median and least wall time. Run it under `chrt -f 10` beside other work.
import subprocess, sys, time, os, tempfile, statistics, collections
n=int(sys.argv[1]); cmds=[]; cur=None
for a in sys.argv[2:]:
    if a=="--": cur=[]; cmds.append(cur)
    else: cur.append(a)
env=dict(os.environ, RS_MARKS="1")
acc=[collections.OrderedDict() for _ in cmds]; walls=[[] for _ in cmds]; prev=[None]*len(cmds)
for _ in range(n):
    for i,c in enumerate(cmds):
        out=tempfile.NamedTemporaryFile(dir=".", delete=False)
        if prev[i]: os.unlink(prev[i])
        t0=time.time_ns(); p=subprocess.run(c, stdout=out, stderr=subprocess.PIPE, env=env); t1=time.time_ns()
        out.close(); prev[i]=out.name; walls[i].append((t1-t0)/1e6)
        for l in p.stderr.decode().splitlines():
            if l.startswith("MARK "):
                _,ns,name=l.split(" ",2); acc[i].setdefault(name,[]).append((int(ns)-t0)/1e6)
for p in prev: os.unlink(p)
names=list(acc[0].keys())+[k for a in acc[1:] for k in a if k not in acc[0]]
print("load", open("/proc/loadavg").read().split()[:3])
for k in names:
    print(f"{k:22s}", "  ".join(f"{statistics.median(a[k]):7.2f}" if k in a else "      -" for a in acc))
print(f"{'wall':22s}", "  ".join(f"{statistics.median(w):7.2f}" for w in walls), " (min", " ".join(f"{min(w):.2f}" for w in walls)+")")

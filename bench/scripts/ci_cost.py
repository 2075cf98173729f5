#!/usr/bin/python3
# Alternate `health --json` over the million-row bench database with the
# intervals (head) and without them (headnoci: the same commit with the
# interval call removed); wall and CPU (user + sys) per run, medians.
import os, resource, statistics, subprocess, sys, time
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
env = dict(os.environ, RINGSIDE_NOW="2027-01-15T12:00:00Z")
res = {"head": ([], []), "headnoci": ([], [])}
for i in range(rounds):
    for v in (["head", "headnoci"] if i % 2 == 0 else ["headnoci", "head"]):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.monotonic()
        subprocess.run([f"/tmp/rs-{v}.bin", "--db", "/tmp/rb/head.db", "--as-of", "2027-01-01", "health", "--json"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t1 = time.monotonic(); r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        res[v][0].append((t1 - t0) * 1000)
        res[v][1].append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
for v, (w, c) in res.items():
    print(f"{v}: wall median {statistics.median(w):.0f} ms, cpu median {statistics.median(c):.0f} ms")
wh, wn = statistics.median(res["head"][0]), statistics.median(res["headnoci"][0])
ch, cn = statistics.median(res["head"][1]), statistics.median(res["headnoci"][1])
print(f"intervals add {100*(wh/wn-1):.1f} % wall, {100*(ch/cn-1):.1f} % cpu; load {os.getloadavg()[0]:.1f}")

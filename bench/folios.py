#!/usr/bin/env python3
# usage: bench/folios.py FILE...   (root: reads /proc/self/pagemap and /proc/kpageflags)
# Says how much of each file sits in the page cache and how much of that in
# large folios. A binary `go build` wrote (the linker writes through mmap) is
# held mostly in single pages, a copy written by `cp` in large folios, and a
# start of the program costs about 1 ms more CPU in the first state than in
# the second (docs/performance.md, "`--version` start-up"). Only pages
# already resident are touched, so running this does not change the state
# it reports.
import ctypes, mmap, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
PG = 4096
KPF_COMPOUND_HEAD, KPF_COMPOUND_TAIL, KPF_THP = 15, 16, 22
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    size = os.fstat(fd).st_size
    addr = libc.mmap(None, size, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
    n = (size + PG - 1) // PG
    vec = ctypes.create_string_buffer(n)
    libc.mincore(ctypes.c_void_p(addr), size, vec)
    res = [i for i in range(n) if vec.raw[i] & 1]
    buf = (ctypes.c_char * size).from_address(addr)
    for i in res:
        _ = buf[i * PG]  # map a resident page (no read from disk)
    pm = open('/proc/self/pagemap', 'rb'); kf = open('/proc/kpageflags', 'rb')
    large = 0; orders = {}
    for i in res:
        pm.seek(((addr // PG) + i) * 8); e = struct.unpack('Q', pm.read(8))[0]
        pfn = e & ((1 << 55) - 1)
        if not (e >> 63) or pfn == 0: continue
        kf.seek(pfn * 8); f = struct.unpack('Q', kf.read(8))[0]
        if f & (1 << KPF_COMPOUND_HEAD) or f & (1 << KPF_COMPOUND_TAIL): large += 1
    print(f"{path}: {n} pages, {len(res)} resident, {large} of them in large folios ({100*large/max(1,len(res)):.0f} %)")

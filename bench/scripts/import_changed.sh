#!/bin/bash
# import_changed.sh BIN NAME LABEL [WORK]: import WORK/NAME.csv into a fresh
# copy of WORK/template.db (`go run ./bench -keep -dir WORK` leaves it and
# metrics-by-date.csv, metrics-by-series.csv), then WORK/NAME-1.csv: the
# same file with its last value changed, so the import goes the whole way
# (an unchanged file is answered from its hash). Make NAME-1.csv with:
#   python3 -c 'import sys;l=open(sys.argv[1]).read().rstrip("\n").split("\n");f=l[-1].split(",");f[-1]="%g"%(float(f[-1])+1);l[-1]=",".join(f);open(sys.argv[2],"w").write("\n".join(l)+"\n")' WORK/NAME.csv WORK/NAME-1.csv
bin=$1; name=$2; label=$3; work=${4:-/tmp/si}; db=$work/db-$label.db
rm -f "$db" "$db-wal" "$db-shm"; cp "$work/template.db" "$db"
export RINGSIDE_NOW=2027-01-01T12:00:00Z TZ=UTC
l=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "$label first: %e s wall, %U+%S s CPU, %M KB (load $l)" "$bin" --db "$db" import metrics "$work/$name.csv" >/dev/null
l=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "$label one changed: %e s wall, %U+%S s CPU, %M KB (load $l)" "$bin" --db "$db" import metrics "$work/$name-1.csv" >/dev/null

#!/bin/bash
# import_twice.sh BIN FILE LABEL [WORK]: import FILE into a fresh copy of
# WORK/template.db (the bench's pilots applied; `go run ./bench -keep -dir
# WORK` leaves it, with metrics-by-date.csv and metrics-by-series.csv),
# then import it again; wall, CPU and peak RSS of each, and the load.
bin=$1; file=$2; label=$3; work=${4:-/tmp/si}; db=$work/db-$label.db
rm -f "$db" "$db-wal" "$db-shm"; cp "$work/template.db" "$db"
export RINGSIDE_NOW=2027-01-01T12:00:00Z TZ=UTC
l=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "$label first: %e s wall, %U+%S s CPU, %M KB (load $l)" "$bin" --db "$db" import metrics "$file" >/dev/null
l=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "$label again: %e s wall, %U+%S s CPU, %M KB (load $l)" "$bin" --db "$db" import metrics "$file" >/dev/null

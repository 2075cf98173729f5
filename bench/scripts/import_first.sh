#!/bin/bash
# import_first.sh BIN FILE TEMPLATE [LABEL]: a first import of FILE into a
# fresh copy of TEMPLATE (a database with the file's pilots applied);
# wall, CPU and peak RSS, and the load. The 100,000-series files:
#   go run ./bench -write100k DIR      # DIR/series100k.yaml, series100k-by-series.csv, series100k-by-date.csv
#   ringside --db DIR/template.db apply -f DIR/series100k.yaml
bin=$1; file=$2; template=$3; label=${4:-$(basename "$bin")}
db=$(dirname "$template")/first-$$.db
cp "$template" "$db"
export RINGSIDE_NOW=2027-01-01T12:00:00Z TZ=UTC
l=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "$label $(basename "$file"): %e s wall, %U+%S s CPU, %M KB (load $l)" "$bin" --db "$db" import metrics "$file" >/dev/null
rm -f "$db" "$db-wal" "$db-shm"

package importers

import (
	"fmt"
	"strings"
)

// Format is what --format says: a layout, and for a file without a
// header row (VictoriaMetrics' CSV export) the names of its columns.
type Format struct {
	Layout     Layout
	Columns    []string // the header the file lacks; nil when it has one
	DateFormat string   // how the date column reads, when the format says
}

// VictoriaMetricsDoc is where VictoriaMetrics documents its CSV export.
const VictoriaMetricsDoc = "https://docs.victoriametrics.com/victoriametrics/single-server-victoriametrics/#how-to-export-csv-data"

// ParseFormat reads a --format value: auto, long, wide, or
// victoriametrics=FORMAT with the format string the export was asked for
// (`/api/v1/export/csv?format=__name__,__value__,__timestamp__:unix_s,job`):
// a headerless long file whose columns that string names.
func ParseFormat(s string) (Format, error) {
	name, spec, ok := strings.Cut(strings.TrimSpace(s), "=")
	if !ok {
		l, err := ParseLayout(s)
		if err != nil {
			return Format{}, fmt.Errorf("unknown format %s: use one of auto, long, wide, victoriametrics=FORMAT", echo(s))
		}
		return Format{Layout: l}, nil
	}
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "victoriametrics", "vm":
	default:
		return Format{}, fmt.Errorf("unknown format %s: use one of auto, long, wide, victoriametrics=FORMAT", echo(name))
	}
	f := Format{Layout: LayoutLong}
	seen := map[string]bool{}
	for _, col := range strings.Split(spec, ",") {
		col = strings.TrimSpace(col)
		field, kind, _ := strings.Cut(col, ":")
		out := field
		switch field {
		case "":
			return Format{}, fmt.Errorf("victoriametrics=%s: an empty column: write the format string the export used, e.g. __name__,__value__,__timestamp__:unix_s", echo(spec))
		case "__name__":
			out = "metric"
		case "__value__":
			out = "value"
		case "__timestamp__":
			out = "date"
			switch kind {
			case "unix_s":
				f.DateFormat = "epoch-s"
			case "unix_ms":
				f.DateFormat = "epoch-ms"
			case "rfc3339":
				f.DateFormat = "YYYY-MM-DD"
			default:
				return Format{}, fmt.Errorf("victoriametrics: __timestamp__:%s: ringside reads unix_s, unix_ms and rfc3339 timestamps; export with one of those", echo(kind))
			}
		default:
			if kind != "" {
				return Format{}, fmt.Errorf("victoriametrics: %s: only __timestamp__ takes a :TYPE", echo(col))
			}
			if strings.EqualFold(field, "metric") || strings.EqualFold(field, "value") || strings.EqualFold(field, "date") {
				out = "label " + field // a label must not pose as a role
			}
		}
		if seen[strings.ToLower(out)] {
			return Format{}, fmt.Errorf("victoriametrics: column %s appears twice in the format", echo(field))
		}
		seen[strings.ToLower(out)] = true
		f.Columns = append(f.Columns, out)
	}
	for _, need := range []string{"metric", "value", "date"} {
		if !seen[need] {
			return Format{}, fmt.Errorf("victoriametrics=%s lacks %s: ringside needs __name__, __value__ and __timestamp__:unix_s (or unix_ms, rfc3339)", echo(spec),
				map[string]string{"metric": "__name__", "value": "__value__", "date": "__timestamp__"}[need])
		}
	}
	if len(f.Columns) > ColumnLimit {
		return Format{}, fmt.Errorf("victoriametrics: %d columns, more than %d", len(f.Columns), ColumnLimit)
	}
	return f, nil
}

// ParseColumns reads --columns: the header of a file that has none,
// comma-separated.
func ParseColumns(s string) ([]string, error) {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c == "" {
			return nil, fmt.Errorf("--columns %s has an empty name: write every column's name, e.g. --columns date,value", echo(s))
		}
		out = append(out, c)
	}
	if len(out) > ColumnLimit {
		return nil, fmt.Errorf("--columns names %d columns, more than %d", len(out), ColumnLimit)
	}
	return out, nil
}

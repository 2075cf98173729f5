package model

// ImportSource is a named, saved import profile (the portfolio file's
// `sources:`): what `ringside import metrics` flags would say for one kind
// of export, so that export comes in as it is with `--source NAME`. Every
// field is optional but the name; a flag given on the command line wins
// over the source's.
type ImportSource struct {
	Name       string
	Pilot      string            // the pilot of rows without a pilot column (--pilot)
	Ring       string            // the ring of every row (--ring)
	Map        map[string]string // role or metric key → header (--map ROLE=HEADER)
	Skip       []string          // columns that are no metric (--skip)
	DateFormat string            // --date-format
	Decimal    string            // --decimal: "." or ","
	TZ         string            // --tz: the zone whose day an epoch time falls on
	Sheet      string            // --sheet: a workbook's sheet
	Format     string            // --format: auto, long, wide, or victoriametrics=COLUMNS
	Count      string            // --count NAME: one row per event
	Means      map[string]string // --mean NAME=COLUMN
	Active     map[string]string // --active NAME=COLUMN: rows active in the report period
	RingsFrom  string            // --rings FILE: a user,ring CSV for per-user exports
	// Aggregation says how the export means a metric's readings of one
	// day to combine (metric key → mean|sum|min|max|last); an import
	// notes a KPI of the pilot that aggregates otherwise.
	Aggregation map[string]string
}

// CanonicalSources is sources sorted by name with empty maps and lists
// made nil, the one form the store keeps and export writes.
func CanonicalSources(srcs []ImportSource) []ImportSource {
	out := make([]ImportSource, len(srcs))
	for i, s := range srcs {
		if len(s.Map) == 0 {
			s.Map = nil
		}
		if len(s.Skip) == 0 {
			s.Skip = nil
		}
		if len(s.Means) == 0 {
			s.Means = nil
		}
		if len(s.Active) == 0 {
			s.Active = nil
		}
		if len(s.Aggregation) == 0 {
			s.Aggregation = nil
		}
		out[i] = s
	}
	for i := 1; i < len(out); i++ { // insertion sort: a handful of sources
		for j := i; j > 0 && out[j].Name < out[j-1].Name; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// SourceFields are the keys of a source in a portfolio file, in the order
// export writes them.
var SourceFields = []string{"name", "pilot", "ring", "map", "skip", "date_format", "decimal", "tz", "sheet",
	"format", "count", "mean", "active", "rings_from", "aggregation"}

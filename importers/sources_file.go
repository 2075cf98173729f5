package importers

// The portfolio file's `sources:`: named, saved import profiles.

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// sourceName is the shape of a source's name: what --source takes.
var sourceName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`) })

// SourceProblem is what is wrong with one field of a source.
type SourceProblem struct {
	Field string // a key of model.SourceFields, "" for the source as a whole
	Msg   string
}

// CheckSource says everything that is wrong with a source, field by field
// (none when it is fine): what apply refuses in a portfolio file, and what
// the cockpit refuses to save.
func CheckSource(s model.ImportSource) []SourceProblem {
	var out []SourceProblem
	bad := func(field, format string, args ...any) {
		out = append(out, SourceProblem{field, fmt.Sprintf(format, args...)})
	}
	if s.Name == "" {
		bad("name", "a source needs a name (what --source takes)")
	} else if !sourceName().MatchString(s.Name) {
		bad("name", "name %q: use 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", s.Name)
	}
	if s.Pilot != "" {
		if err := model.ValidSlug(s.Pilot); err != nil {
			bad("pilot", "pilot %q is not a slug: %v", s.Pilot, err)
		}
	}
	if s.Ring != "" {
		if why := keyProblem([]byte(s.Ring)); why != "" {
			bad("ring", "ring %q %s", s.Ring, why)
		}
		if _, ok := s.Map["ring"]; ok {
			bad("ring", "ring %q and map ring=%q both say where the ring comes from: keep one", s.Ring, s.Map["ring"])
		}
	}
	for _, role := range slices.Sorted(maps.Keys(s.Map)) {
		switch {
		case strings.TrimSpace(role) == "":
			bad("map", "map has an empty role: write ROLE: HEADER, e.g. date: Report Date")
		case keyProblem([]byte(role)) != "":
			bad("map", "map role %q %s", role, keyProblem([]byte(role)))
		case strings.TrimSpace(s.Map[role]) == "":
			bad("map", "map %s has no header: name the column it comes from", role)
		}
	}
	for _, k := range s.Skip {
		if strings.TrimSpace(k) == "" {
			bad("skip", "skip has an empty column name")
		}
	}
	if _, err := ParseDateFormat(s.DateFormat); err != nil {
		bad("date_format", "%v", err)
	}
	if _, err := ParseDecimal(s.Decimal); err != nil {
		bad("decimal", "%v", err)
	}
	if s.TZ != "" {
		if _, err := loadZone(s.TZ); err != nil {
			bad("tz", "%v", err)
		}
	}
	if _, err := ParseFormat(s.Format); err != nil {
		bad("format", "%v", err)
	}
	if s.Count != "" {
		if why := keyProblem([]byte(s.Count)); why != "" {
			bad("count", "count %q %s", s.Count, why)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Means)) {
		switch {
		case strings.TrimSpace(k) == "" || keyProblem([]byte(k)) != "":
			bad("mean", "mean %q is not a metric key: write NAME: COLUMN", k)
		case strings.TrimSpace(s.Means[k]) == "":
			bad("mean", "mean %s has no column: name the column it averages", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Active)) {
		switch {
		case strings.TrimSpace(k) == "" || keyProblem([]byte(k)) != "":
			bad("active", "active %q is not a metric key: write NAME: COLUMN", k)
		case strings.TrimSpace(s.Active[k]) == "":
			bad("active", "active %s has no column: name the date column that says when a user was last active", k)
		}
	}
	if (s.Count != "" || len(s.Means) > 0 || len(s.Active) > 0) && s.Format != "" && !strings.EqualFold(s.Format, "auto") {
		bad("format", "format %q and count/mean both say how rows read: count and mean make a file of one row per event; drop format", s.Format)
	}
	if s.RingsFrom != "" && (s.Ring != "" || s.Map["ring"] != "") {
		bad("rings_from", "rings_from assigns each row's ring from its user: drop ring and map ring")
	}
	for _, k := range slices.Sorted(maps.Keys(s.Aggregation)) {
		if !slices.Contains(model.Aggregations, model.Aggregation(s.Aggregation[k])) {
			bad("aggregation", "aggregation of %s is %q: use mean, sum, min, max or last", k, s.Aggregation[k])
		}
	}
	return out
}

// loadZone reads a time zone name; the machine's Local zone is refused, as
// a saved source must mean the same on every machine.
func loadZone(name string) (*time.Location, error) {
	if strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("tz %q: name the zone, e.g. Europe/Berlin or UTC (Local differs between machines)", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("tz %q is not a time zone: use a name like Europe/Berlin or UTC", name)
	}
	return loc, nil
}

// readSources reads the top-level `sources:` list.
func (d *portfolioReader) readSources(n *yaml.Node) []model.ImportSource {
	out := []model.ImportSource{} // not nil: the file has sources (maybe none)
	names := map[string]int{}
	d.list(n, "sources", func(i int, item *yaml.Node) {
		label := fmt.Sprintf("source %d", i+1)
		lines := map[string]int{"": item.Line}
		var s model.ImportSource
		strMap := func(v *yaml.Node, what string) map[string]string {
			m := map[string]string{}
			d.anyMapping(v, what, func(key string, k, v *yaml.Node) { m[key] = d.str(v, what+" "+key) })
			if len(m) == 0 {
				return nil
			}
			return m
		}
		before := len(d.errs)
		d.mapping(item, label, model.SourceFields, func(key string, k, v *yaml.Node) {
			lines[key] = k.Line
			switch key {
			case "name":
				s.Name = d.str(v, key)
				if s.Name != "" {
					label = fmt.Sprintf("source %q", s.Name)
				}
			case "pilot":
				s.Pilot = d.str(v, key)
			case "ring":
				s.Ring = d.str(v, key)
			case "map":
				s.Map = strMap(v, "map of "+label)
			case "skip":
				s.Skip = d.strings(v, "skip of "+label)
			case "date_format":
				s.DateFormat = d.str(v, key)
			case "decimal":
				s.Decimal = d.str(v, key)
			case "tz":
				s.TZ = d.str(v, key)
			case "sheet":
				s.Sheet = d.str(v, key)
			case "format":
				s.Format = d.str(v, key)
			case "count":
				s.Count = d.str(v, key)
			case "mean":
				s.Means = strMap(v, "mean of "+label)
			case "active":
				s.Active = strMap(v, "active of "+label)
			case "rings_from":
				s.RingsFrom = d.str(v, key)
			case "aggregation":
				s.Aggregation = strMap(v, "aggregation of "+label)
			}
		})
		if len(d.errs) > before {
			return
		}
		for _, p := range CheckSource(s) {
			line, ok := lines[p.Field]
			if !ok {
				line = lines[""]
			}
			d.fail(line, "%s: %s", label, p.Msg)
		}
		if first, dup := names[s.Name]; dup && s.Name != "" {
			d.fail(lines["name"], "duplicate source %q: the source at line %d has that name; names must be unique", s.Name, first)
		} else {
			names[s.Name] = lines["name"]
		}
		out = append(out, s)
	})
	return model.CanonicalSources(out)
}

// SourceOptions lays a source under what the command line gave: every
// reading option the user left unset comes from the source. A source's
// mappings and skips are soft (a column it names may be missing from a
// file: an older report version); the user's own --map and --skip win.
func SourceOptions(s model.ImportSource, o Options) (Options, error) {
	o.SoftMap = maps.Clone(s.Map)
	o.SoftSkip = slices.Clone(s.Skip)
	if _, ok := o.Map["ring"]; ok || o.Ring != "" || o.RingsFrom != "" {
		delete(o.SoftMap, "ring") // the user said where the ring comes from
	} else {
		o.Ring, o.RingsFrom = s.Ring, s.RingsFrom
	}
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&o.Pilot, s.Pilot)
	set(&o.DateFormat, s.DateFormat)
	set(&o.Decimal, s.Decimal)
	set(&o.Sheet, s.Sheet)
	if o.Layout == LayoutAuto && o.Columns == nil && s.Format != "" {
		f, err := ParseFormat(s.Format)
		if err != nil {
			return o, fmt.Errorf("source %s: %w", s.Name, err)
		}
		o.Layout, o.Columns = f.Layout, f.Columns
		if o.DateFormat == "" {
			o.DateFormat = f.DateFormat
		}
	}
	if o.Count == "" && len(o.Means) == 0 && len(o.Active) == 0 {
		o.Count, o.Means, o.Active = s.Count, maps.Clone(s.Means), maps.Clone(s.Active)
	}
	if o.Location == nil && s.TZ != "" {
		loc, err := loadZone(s.TZ)
		if err != nil {
			return o, fmt.Errorf("source %s: %w", s.Name, err)
		}
		o.Location = loc
	}
	return o, nil
}

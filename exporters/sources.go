package exporters

import (
	"maps"
	"slices"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// sourcesNode writes the saved import profiles in the fields of
// docs/portfolio.md ("Import sources"), sorted by name; nil when none.
func sourcesNode(srcs []model.ImportSource) *yaml.Node {
	if len(srcs) == 0 {
		return nil
	}
	srcs = model.CanonicalSources(srcs)
	return listOf(srcs, func(s *model.ImportSource) *yaml.Node {
		m := mapping()
		m.str("name", s.Name)
		m.str("pilot", s.Pilot)
		m.str("ring", s.Ring)
		m.add("map", stringMap(s.Map))
		if len(s.Skip) > 0 {
			m.add("skip", stringList(s.Skip))
		}
		m.str("date_format", s.DateFormat)
		m.str("decimal", s.Decimal)
		m.str("tz", s.TZ)
		m.str("sheet", s.Sheet)
		m.str("format", s.Format)
		m.str("count", s.Count)
		m.add("mean", stringMap(s.Means))
		m.add("active", stringMap(s.Active))
		m.str("rings_from", s.RingsFrom)
		m.add("aggregation", stringMap(s.Aggregation))
		return m.Node
	})
}

// stringMap writes a map of text, keys sorted; nil when empty.
func stringMap(in map[string]string) *yaml.Node {
	if len(in) == 0 {
		return nil
	}
	m := mapping()
	for _, k := range slices.Sorted(maps.Keys(in)) {
		m.add(k, text(in[k]))
	}
	return m.flowIfShort()
}

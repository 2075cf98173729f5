package importers

// Node readers: one YAML node read as a mapping, list, string, number, date or criterion, each failure with its line.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// mapping walks a mapping with a fixed set of fields, reporting duplicate
// and unknown keys; set sees each known field once. It reports whether n
// was a mapping at all.
func (d *portfolioReader) mapping(n *yaml.Node, what string, known []string, set func(key string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, "%s must be a mapping of fields (%s), got %s", what, strings.Join(known, ", "), describe(n))
		return false
	}
	return d.anyMapping(n, what, func(key string, k, v *yaml.Node) {
		if !slices.Contains(known, key) {
			d.fail(k.Line, "unknown field %q in %s: known fields are %s", key, what, strings.Join(known, ", "))
			return
		}
		set(key, k, v)
	})
}

// anyMapping walks a mapping whose keys are data (owners, gates, notes),
// refusing duplicate keys and keys that are not plain text.
func (d *portfolioReader) anyMapping(n *yaml.Node, what string, each func(key string, k, v *yaml.Node)) bool {
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, "%s must be a mapping, got %s", what, describe(n))
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k.Line, "a key in %s is %s: keys must be plain text", what, describe(k))
			continue
		}
		if hasControl(k.Value) {
			d.fail(k.Line, "the key %q in %s contains a control character: keys must be printable text", k.Value, what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(k.Line, "duplicate field %q in %s: it is already set at line %d", k.Value, what, first)
			continue
		}
		seen[k.Value] = k.Line
		each(k.Value, k, v)
	}
	return true
}

// list walks a sequence; null is an empty list.
func (d *portfolioReader) list(n *yaml.Node, what string, each func(i int, item *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, "%s must be a list, got %s", what, describe(n))
		return
	}
	for i, item := range n.Content {
		each(i, item)
	}
}

// --- scalar helpers: null means "left out" and gives the zero value ---

func (d *portfolioReader) str(n *yaml.Node, what string) string {
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, "%s must be text, got %s", what, describe(n))
		return ""
	}
	return n.Value
}

func (d *portfolioReader) strings(n *yaml.Node, what string) []string {
	var out []string
	d.list(n, what, func(i int, item *yaml.Node) {
		out = append(out, d.str(item, "each item of "+what))
	})
	return out
}

func (d *portfolioReader) number(n *yaml.Node, what, hint string) float64 {
	if isNull(n) {
		return 0
	}
	tag := n.ShortTag()
	var f float64
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil {
		d.fail(n.Line, "%s must be a number%s, got %s", what, hint, describe(n))
		return 0
	}
	if f != f || f > 1e300 || f < -1e300 {
		d.fail(n.Line, "%s must be a finite number%s, got %s", what, hint, describe(n))
		return 0
	}
	return f
}

func (d *portfolioReader) optNumber(n *yaml.Node, what string) *float64 {
	if isNull(n) {
		return nil
	}
	f := d.number(n, what, "")
	return &f
}

func (d *portfolioReader) integer(n *yaml.Node, what, hint string) int {
	if isNull(n) {
		return 0
	}
	var i int32 // every count in a portfolio fits; wider would only hide typos
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil {
		d.fail(n.Line, "%s must be a whole number%s, got %s", what, hint, describe(n))
		return 0
	}
	return int(i)
}

func (d *portfolioReader) boolean(n *yaml.Node, what string) bool {
	if isNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		d.fail(n.Line, "%s must be true or false, got %s", what, describe(n))
		return false
	}
	return b
}

func (d *portfolioReader) date(n *yaml.Node, what string) model.Date {
	s := d.str(n, what)
	if s == "" {
		return 0
	}
	day, err := model.ParseDate(s)
	if err != nil {
		d.fail(n.Line, "%s: %v", what, err)
		return 0
	}
	return day
}

func (d *portfolioReader) timestamp(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		d.fail(n.Line, "%s: %q is not a time: use RFC 3339, e.g. 2026-02-03T14:05:00Z", what, s)
		return time.Time{}
	}
	return t.UTC() // one zone, so a written and re-read file compare equal
}

func (d *portfolioReader) criterion(n *yaml.Node, what string) model.Criterion {
	if isNull(n) {
		return model.Criterion{}
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, "%s must be a criterion such as \"<= -10%%\", got %s", what, describe(n))
		return model.Criterion{}
	}
	c, err := model.ParseCriterion(n.Value)
	if err != nil {
		d.fail(n.Line, "%s: %v", what, err)
		return model.Criterion{}
	}
	return c
}

// --- text helpers ---

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "got …" in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if isNull(n) {
		return "nothing"
	}
	v := n.Value
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	return strconv.Quote(v)
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0
}

// escapeControls escapes control and format characters (and invalid UTF-8), so no
// text from a file can drive the terminal that shows an error.
func escapeControls(s string) string {
	if utf8.ValidString(s) && !hasControl(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// actionItems reads a list of action items (what, who, due): a review's or
// a post-implementation review's follow-ups.
func (pr *pilotReader) actionItems(v *yaml.Node, path, label string) []model.ActionItem {
	var out []model.ActionItem
	pr.list(v, "actions", func(j int, item *yaml.Node) {
		ap := fmt.Sprintf("%s.actions[%d]", path, j)
		pr.at(ap, item)
		var a model.ActionItem
		pr.mapping(item, fmt.Sprintf("action %d of %s", j+1, label), []string{"what", "who", "due"}, func(key string, k, v *yaml.Node) {
			pr.at(ap+"."+key, k)
			switch key {
			case "what":
				a.What = pr.str(v, key)
			case "who":
				a.Who = pr.str(v, key)
			case "due":
				a.Due = pr.date(v, key)
			}
		})
		out = append(out, a)
	})
	return out
}

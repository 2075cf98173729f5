package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// DiffLine is one line of a before/after diff: a field removed (Op '-'),
// added ('+'), or, for a changed field, its old value ('-') followed by its
// new one ('+'). Path names the field from the top: "KPIs[csat].Target",
// elements of a list of records named by their identifying field (Key, ID,
// Slug, Flag, Ring, Name, Gate) and otherwise by their position.
type DiffLine struct {
	Op    byte
	Path  string
	Value string
}

// String is the line as the cockpit shows it: "+ KPIs[csat].Target: >= 0".
func (l DiffLine) String() string { return string(l.Op) + " " + l.Path + ": " + l.Value }

// identity is the fields that name an element of a list, in order of
// preference.
var identity = []string{"Key", "ID", "Slug", "Flag", "Ring", "Gate", "Name", "key", "id", "slug", "flag", "ring", "gate", "name"}

// DiffJSON compares two JSON documents (an audit entry's before and after;
// "" is a document that does not exist) and returns the fields that differ,
// in path order: a field only before is removed, only after added, in both
// with different values changed. null, [] and {} count as absent, so a list
// that went from null to empty is no change. A compact entry (an object of
// JSON Pointers to the values there, as the store writes pilot updates)
// diffs by its pointers, each written as a path ("Rings[1].Exposure").
func DiffJSON(before, after string) ([]DiffLine, error) {
	b, err := flatJSON(before)
	if err != nil {
		return nil, fmt.Errorf("before: %w", err)
	}
	a, err := flatJSON(after)
	if err != nil {
		return nil, fmt.Errorf("after: %w", err)
	}
	paths := make([]string, 0, len(a)+len(b))
	for p := range b {
		paths = append(paths, p)
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []DiffLine
	for _, p := range paths {
		bv, inB := b[p]
		av, inA := a[p]
		switch {
		case inB && inA && bv == av:
		case inB && inA:
			out = append(out, DiffLine{'-', p, bv}, DiffLine{'+', p, av})
		case inB:
			out = append(out, DiffLine{'-', p, bv})
		default:
			out = append(out, DiffLine{'+', p, av})
		}
	}
	return out, nil
}

// flatJSON maps each leaf of a JSON document to its value as text.
func flatJSON(doc string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(doc) == "" {
		return out, nil
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok && isPointerMap(m) {
		// A compact audit entry: JSON Pointer → the value there. Each
		// value flattens under its pointer, written as a path.
		for k, x := range m {
			p := pointerPath(k)
			if x == nil { // a null that was there, not an absent field
				out[p] = "null"
				continue
			}
			flatten(out, p, x)
		}
		return out, nil
	}
	flatten(out, "", v)
	return out, nil
}

// isPointerMap reports whether a document is a compact audit entry: an
// object whose keys are all JSON Pointers ("/Rings/1/Exposure"). No key of
// a whole record starts with "/".
func isPointerMap(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if !strings.HasPrefix(k, "/") {
			return false
		}
	}
	return true
}

// pointerPath writes a JSON Pointer (RFC 6901) as a path: "/Rings/1/Exposure"
// is "Rings[1].Exposure", "~1" and "~0" unescaped.
func pointerPath(ptr string) string {
	var b strings.Builder
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		if _, err := strconv.Atoi(seg); err == nil && b.Len() > 0 {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

func flatten(out map[string]string, path string, v any) {
	switch v := v.(type) {
	case nil:
	case map[string]any:
		for k, x := range v {
			flatten(out, join(path, k), x)
		}
	case []any:
		seen := map[string]bool{}
		for i, x := range v {
			name := strconv.Itoa(i)
			if id := elementID(x); id != "" && !seen[id] {
				name = id
			}
			seen[name] = true
			flatten(out, path+"["+name+"]", x)
		}
	case string:
		if path == "" {
			path = "value"
		}
		out[path] = v
	default:
		if path == "" {
			path = "value"
		}
		out[path] = leafText(v)
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// elementID is a list element's identifying field, when it has one that is
// a non-empty string or number.
func elementID(x any) string {
	m, ok := x.(map[string]any)
	if !ok {
		return ""
	}
	for _, f := range identity {
		switch id := m[f].(type) {
		case string:
			if id != "" {
				return id
			}
		case json.Number:
			return id.String()
		}
	}
	return ""
}

func leafText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

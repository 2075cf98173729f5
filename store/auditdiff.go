package store

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Compact entries. An entry that updates a pilot holds, in before and
// after, only what changed: a JSON object from a JSON Pointer (RFC 6901,
// "/Rings/1/Exposure") to the value there before (in before) and after (in
// after). A path only in after was added, a path only in before removed;
// arrays are compared element by element, so an element added to or
// removed from the end of a list is one path. An entry that creates a
// pilot still holds the whole pilot in after, one that deletes it the
// whole pilot in before. Entries written before compact entries hold the
// whole pilot on both sides; both kinds hash the same way (the chain hashes
// the stored text), so old logs verify unchanged.
//
// A diff is told from a whole pilot by its first key: a diff's keys all
// start with "/" (the pilot's JSON has none that do), and an update that
// changed nothing the JSON shows is "{}".

// isDiff reports whether an entry's before or after is a compact diff.
func isDiff(s string) bool {
	return s == "{}" || strings.HasPrefix(s, `{"/`)
}

// pilotDiff is the compact before and after of an update from old to
// next, both JSON as pilotJSON writes them.
func pilotDiff(old, next string) (before, after string) {
	var a, b any
	if json.Unmarshal([]byte(old), &a) != nil || json.Unmarshal([]byte(next), &b) != nil {
		return old, next // cannot happen for pilotJSON's output; keep everything
	}
	was, is := map[string]any{}, map[string]any{}
	diffPaths("", a, b, was, is)
	return diffJSON(was), diffJSON(is)
}

func diffJSON(m map[string]any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil { // values came from JSON: cannot fail
		return "{}"
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// pointerEscape escapes a key for a JSON Pointer (RFC 6901).
func pointerEscape(k string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

func pointerUnescape(k string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(k)
}

// diffPaths records, at each path where a and b differ, a's value in was
// and b's in is (absent when the path does not exist on that side).
func diffPaths(path string, a, b any, was, is map[string]any) {
	switch x := a.(type) {
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			for k, v := range x {
				if w, ok := y[k]; ok {
					diffPaths(path+"/"+pointerEscape(k), v, w, was, is)
				} else {
					was[path+"/"+pointerEscape(k)] = v
				}
			}
			for k, w := range y {
				if _, ok := x[k]; !ok {
					is[path+"/"+pointerEscape(k)] = w
				}
			}
			return
		}
	case []any:
		if y, ok := b.([]any); ok {
			for i := range max(len(x), len(y)) {
				p := path + "/" + strconv.Itoa(i)
				switch {
				case i >= len(y):
					was[p] = x[i]
				case i >= len(x):
					is[p] = y[i]
				default:
					diffPaths(p, x[i], y[i], was, is)
				}
			}
			return
		}
	}
	if !jsonEqual(a, b) {
		if path == "" { // the whole value changed kind: cannot happen for two pilots
			path = "/"
		}
		was[path], is[path] = a, b
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// applyDiff replays a compact entry on the decoded whole pilot doc: what
// before has and after has not is removed, what after has is set.
func applyDiff(doc any, before, after string) (any, bool) {
	var was, is map[string]json.RawMessage
	if json.Unmarshal([]byte(before), &was) != nil || json.Unmarshal([]byte(after), &is) != nil {
		return doc, false
	}
	var removed, set []string
	for p := range was {
		if _, ok := is[p]; !ok {
			removed = append(removed, p)
		}
	}
	for p := range is {
		set = append(set, p)
	}
	// Removals from the end of a list first, highest index first; then
	// additions in order, so appended elements land at their index.
	sort.Slice(removed, func(i, j int) bool { return pathLess(removed[j], removed[i]) })
	sort.Slice(set, func(i, j int) bool { return pathLess(set[i], set[j]) })
	ok := true
	for _, p := range removed {
		doc, ok = setPath(doc, splitPointer(p), nil, true)
		if !ok {
			return doc, false
		}
	}
	for _, p := range set {
		var v any
		if json.Unmarshal(is[p], &v) != nil {
			return doc, false
		}
		if doc, ok = setPath(doc, splitPointer(p), v, false); !ok {
			return doc, false
		}
	}
	return doc, true
}

func splitPointer(p string) []string {
	if p == "/" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i := range parts {
		parts[i] = pointerUnescape(parts[i])
	}
	return parts
}

// pathLess orders pointers segment by segment, numbers as numbers.
func pathLess(a, b string) bool {
	x, y := splitPointer(a), splitPointer(b)
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] == y[i] {
			continue
		}
		m, errM := strconv.Atoi(x[i])
		n, errN := strconv.Atoi(y[i])
		if errM == nil && errN == nil {
			return m < n
		}
		return x[i] < y[i]
	}
	return len(x) < len(y)
}

// setPath sets (or, with remove, deletes) the value at path in doc.
func setPath(doc any, path []string, v any, remove bool) (any, bool) {
	if len(path) == 0 {
		return v, true
	}
	switch d := doc.(type) {
	case map[string]any:
		if len(path) == 1 {
			if remove {
				delete(d, path[0])
			} else {
				d[path[0]] = v
			}
			return d, true
		}
		child, ok := setPath(d[path[0]], path[1:], v, remove)
		d[path[0]] = child
		return d, ok
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i > len(d) {
			return doc, false
		}
		if len(path) == 1 {
			switch {
			case remove && i < len(d):
				return d[:i], true // removals run from the end
			case remove:
				return d, false
			case i == len(d):
				return append(d, v), true
			}
			d[i] = v
			return d, true
		}
		if i == len(d) {
			return doc, false
		}
		child, ok := setPath(d[i], path[1:], v, remove)
		d[i] = child
		return d, ok
	}
	return doc, false
}

// pilotAsLogged rebuilds a pilot, decoded, as audit entry seq left it: the
// newest entry up to seq that holds it whole (its creation, an entry from
// before compact entries, the upgrade baseline), with every later compact
// entry replayed on it. ok is false when the log does not allow it.
func (s *Store) pilotAsLogged(ctx context.Context, slug string, seq int64) (any, bool) {
	rows, err := s.db.QueryContext(ctx, `SELECT action, before, after FROM audit
		WHERE seq <= ? AND (pilot = ? AND entity = 'pilot' OR action = ?) ORDER BY seq DESC`, seq, slug, baselineAction)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	type diff struct{ before, after string }
	var diffs []diff
	var doc any
	found := false
	for rows.Next() && !found {
		var action, before, after string
		if rows.Scan(&action, &before, &after) != nil {
			return nil, false
		}
		switch {
		case action == baselineAction:
			var all map[string]json.RawMessage
			if json.Unmarshal([]byte(after), &all) != nil || all[slug] == nil {
				continue
			}
			found = json.Unmarshal(all[slug], &doc) == nil
		case isDiff(after) && isDiff(before):
			diffs = append(diffs, diff{before, after})
		case after != "":
			found = json.Unmarshal([]byte(after), &doc) == nil
		default:
			return nil, false // deleted at or before seq
		}
	}
	if !found {
		return nil, false
	}
	for i := len(diffs) - 1; i >= 0; i-- {
		var ok bool
		if doc, ok = applyDiff(doc, diffs[i].before, diffs[i].after); !ok {
			return nil, false
		}
	}
	return doc, true
}

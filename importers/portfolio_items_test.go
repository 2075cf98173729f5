package importers

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"ringside/model"
)

// readWhole reads data through the whole YAML tree only, as before the
// item-by-item path existed: the reference that path must match.
func readWhole(data []byte) (model.Portfolio, PortfolioErrors) {
	d := &portfolioReader{file: "f.yaml"}
	doc := d.parse(data)
	if doc == nil {
		return model.Portfolio{}, d.errs
	}
	d.refuseAliases(doc)
	if len(d.errs) > 0 {
		return model.Portfolio{}, d.errs
	}
	var out []model.Pilot
	if n := d.topLevel(doc); n != nil && n.Kind == yaml.SequenceNode {
		slugLines := map[string]int{}
		for i, item := range n.Content {
			if p, ok := d.readPilot(item, i, slugLines); ok {
				out = append(out, p)
			}
		}
	}
	return model.Portfolio{Calendar: d.calendar, Pilots: out}, d.errs
}

// checkByItem: when the item-by-item path accepts data, it gives exactly
// what the whole tree gives, and the whole tree has no complaint.
func checkByItem(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	d := &portfolioReader{file: "f.yaml"}
	pilots, ok := d.readByItem(data)
	if !ok {
		return false
	}
	want, errs := readWhole(data)
	if len(errs) > 0 {
		t.Fatalf("read item by item, but the whole tree says: %v\n%s", errs, data)
	}
	if !reflect.DeepEqual(pilots, want.Pilots) || !reflect.DeepEqual(d.calendar, want.Calendar) {
		t.Fatalf("item by item differs from the whole tree:\n got %+v\nwant %+v\n%s", pilots, want.Pilots, data)
	}
	return true
}

// TestReadByItemMatchesWholeTree: every good test file, and files written
// in the shapes export writes, read item by item exactly as through the
// whole tree; bad files and other shapes leave it to the whole tree.
func TestReadByItemMatchesWholeTree(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "*.yaml"))
	files = append(files, filepath.Join("..", "app", "demo", "portfolio.yaml"))
	accepted := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if checkByItem(t, data) {
			accepted++
		} else if !strings.Contains(name, "bad-") && !strings.Contains(name, "golden") {
			t.Errorf("%s was not read item by item", name)
		}
	}
	if accepted < 3 {
		t.Errorf("only %d files read item by item", accepted)
	}
	// Shapes that must go to the whole tree.
	for _, data := range []string{
		"pilots: [{slug: a, name: A, stage: idea}]\n",                                                     // flow list
		"pilots:\n  - {slug: a, name: A, stage: idea}\ncalendar: {}\n",                                    // something after the list
		"pilots:\n  - {slug: a, name: A, stage: idea}\n---\npilots: []\n",                                 // two documents
		"pilots:\n  - &x {slug: a, name: A, stage: idea}\n  - *x\n",                                       // alias across items
		"pilots:\n  - slug: a\n    name: \"A\n  - b\"\n    stage: idea\n",                                 // a quoted text cut at an item line
		"pilots:\n  - slug: a\n    name: A\n    stage: idea\n  - slug: a\n    name: B\n    stage: idea\n", // duplicate slug
	} {
		if checkByItem(t, []byte(data)) {
			t.Errorf("read item by item:\n%s", data)
		}
	}
	// Errors come from the whole tree, at the file's lines.
	_, err := ReadPortfolio(strings.NewReader("# header\npilots:\n  - slug: a\n    name: A\n    stage: idea\n  - slug: b\n    name: B\n    stage: nonsense\n"), "x.yaml")
	if err == nil || !strings.Contains(err.Error(), "x.yaml:8") {
		t.Errorf("bad stage in the second pilot: %v, want an error at x.yaml:8", err)
	}
}

// TestReadByItemLines: a pilot read item by item reports its problems at
// the lines of the file (validation errors come from the same nodes).
func TestReadByItemLines(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	b.WriteString("# ringside portfolio\npilots:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - slug: p-%02d\n    name: P\n    stage: idea\n\n    # a comment\n", i)
	}
	data := b.Bytes()
	if !checkByItem(t, data) {
		t.Fatal("a plain portfolio was not read item by item")
	}
	d := &portfolioReader{file: "f.yaml"}
	doc := d.parse(data)
	whole := d.topLevel(doc).Content[49]
	_, items, _ := splitPilots(data)
	item := (&portfolioReader{}).parseItem(items[49].text, items[49].line)
	if item.Line != whole.Line || item.Content[1].Line != whole.Content[1].Line {
		t.Errorf("item 50 at line %d (slug %d), whole tree says %d (%d)", item.Line, item.Content[1].Line, whole.Line, whole.Content[1].Line)
	}
}

// FuzzReadByItem: whatever the input, the item-by-item path either leaves
// it to the whole tree or reads exactly what the whole tree reads.
func FuzzReadByItem(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "*.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("pilots:\n- slug: a\n  name: A\n  stage: idea\n- slug: b\n  name: |\n    x\n  - y\n  stage: idea\n"))
	f.Add([]byte("pilots:\n  - slug: a\n    name: A\n    stage: idea\n    hypothesis: >\n  - not an item\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkByItem(t, data)
	})
}

// splitPilots is itemLines over the whole of data: what precedes the
// pilot list and every item of it; ok is false for any other shape.
func splitPilots(data []byte) (head []byte, items []pilotText, ok bool) {
	s := newItemLines(bytes.NewReader(data), 0)
	if !s.readHead() {
		return nil, nil, false
	}
	for {
		text, line, more := s.item()
		if !more {
			break
		}
		items = append(items, pilotText{text, line})
	}
	return s.head, items, s.whole()
}

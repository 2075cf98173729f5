package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The layout of docs/architecture.md: what each package may import from
// ringside (the standard library and outside modules aside, checked for
// model). A non-test file importing outside its row fails the test.
func TestPackagesImportOnlyWhatTheLayoutAllows(t *testing.T) {
	allowed := map[string][]string{
		"app":       {"ringside/model", "ringside/store", "ringside/importers", "ringside/exporters"},
		"store":     {"ringside/model"},
		"importers": {"ringside/model"},
		"exporters": {"ringside/model"},
		"themes":    {},
		"ui":        {"ringside/app", "ringside/model", "ringside/themes", "ringside/ui"},
		"model":     {"ringside/model"},
	}
	forbidden := map[string][]string{"store": {"ringside/model/assess"}}
	for top, ok := range allowed {
		filepath.WalkDir(top, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				p := strings.Trim(im.Path.Value, `"`)
				if top == "model" && strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
					t.Errorf("%s imports %s: model is standard library only", path, p)
				}
				if !strings.HasPrefix(p, "ringside/") {
					continue
				}
				fits := false
				for _, a := range ok {
					fits = fits || p == a || strings.HasPrefix(p, a+"/")
				}
				for _, f := range forbidden[top] {
					fits = fits && p != f
				}
				if !fits {
					t.Errorf("%s imports %s, outside its row in docs/architecture.md", path, p)
				}
			}
			return nil
		})
	}
}

// The cockpit's packages (docs/architecture.md, the ui/… rows): which
// ringside/ui/… packages each may import. No screen imports another: a
// screen that opens one (the dashboard a form, the detail a drill or a
// review) sends a navigation message from ui/common (OpenFormMsg,
// OpenImportMsg, OpenDrillMsg, OpenReviewMsg, OpenPilotMsg), and only the
// root (package ui), which is in no row here, builds the screens.
func TestCockpitScreensImportOnlyWhatTheirRowAllows(t *testing.T) {
	base := []string{"ringside/ui/common", "ringside/ui/widgets"}
	allowed := map[string][]string{
		"ui/common":    {"ringside/ui/widgets"},
		"ui/widgets":   {},
		"ui/config":    {},
		"ui/drill":     base,
		"ui/form":      base,
		"ui/importer":  base,
		"ui/review":    base,
		"ui/dashboard": base,
		"ui/pilot":     append(append([]string{}, base...), "ringside/ui/pilot/lines"),
		// the pilot's tab line builders: pure functions, no screen
		"ui/pilot/lines": base,
	}
	dirs, err := os.ReadDir("ui")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && d.Name() != "testdata" {
			if _, ok := allowed["ui/"+d.Name()]; !ok {
				t.Errorf("ui/%s has no row in docs/architecture.md (and none here)", d.Name())
			}
		}
	}
	for dir, ok := range allowed {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		if len(files) == 0 {
			t.Errorf("%s: no Go files; its row is stale", dir)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				p := strings.Trim(im.Path.Value, `"`)
				if p == "ringside/ui" || strings.HasPrefix(p, "ringside/ui/") && !slices.Contains(ok, p) {
					t.Errorf("%s imports %s, outside its row in docs/architecture.md", path, p)
				}
			}
		}
	}
}

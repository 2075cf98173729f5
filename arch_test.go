package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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
		"ui":        {"ringside/app", "ringside/model", "ringside/themes", "ringside/importers", "ringside/exporters", "ringside/ui"},
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

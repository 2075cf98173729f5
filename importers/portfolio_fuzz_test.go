package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// FuzzReadPortfolio checks that no input panics the reader, that an error
// never comes with pilots, that every message is free of control
// characters (one error per line), and that accepted pilots validate.
func FuzzReadPortfolio(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "portfolio", "*.yaml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("pilots:\n  - {slug: \"a\\u202e\", name: \"\\x1b[2J\", stage: idea, \"k\\x07\": 1}\n"))
	f.Add([]byte("pilots: [{slug: a, name: A, stage: idea, gates: {G3: {add: [{id: x, kind: risk, text: t, max_score: 30}]}}}]"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pilots, err := ReadPortfolio(strings.NewReader(string(data)), "fuzz\x1b.yaml")
		if err != nil {
			if pilots != nil {
				t.Fatalf("error with %d pilots: want none", len(pilots))
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if i := strings.IndexFunc(line, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }); i >= 0 {
					t.Fatalf("control character in error %q", line)
				}
				if !strings.HasPrefix(line, `fuzz\x1b.yaml`) && !strings.HasPrefix(line, "… and ") {
					t.Fatalf("error line %q does not name the file", line)
				}
			}
			return
		}
		for _, p := range pilots {
			if errs := p.Validate(); len(errs) > 0 {
				t.Fatalf("accepted pilot %q fails validation: %v", p.Slug, errs)
			}
		}
	})
}

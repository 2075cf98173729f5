package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// keyInText finds a key named literally in a sentence: the names only a
// key has (esc, enter, pgdn, ⌫, ctrl+…, a pair of arrows), and a key of
// one character, tab or space where a sentence uses it as a key — followed
// by what it does ("u undoes it", "s sort", "q to quit"), after "press"
// or "with", before "or" ("→ or d"), or in parentheses ("(r)", "(x there)"). It reads sentences: a literal
// without a space is code handing a key name on.
var keyInText = regexp.MustCompile(`(?i)(^|[^\pL+])(esc|enter|pgdn|pgup|pgdown|backspace)($|[^\pL])` +
	`|⌫|\b(ctrl|alt|shift)\+|[←→↑↓]/[←→↑↓\pL\[\]]|\([←→↑↓]\)` +
	`|(^|[\s(·;,:])([a-z?/:]|tab|space) (adds|undoes|quits|marks|signs|exports|records|toggles|chooses|picks|names|saves|opens|closes|edits|runs|moves|goes|tries|sorts|filters|stops|starts|switches|the next|sort|filter|inherent|to quit|to edit|to open)\b` +
	`|\bpress [^%\s]|\bwith [a-z?/:][,.;)]|(^|\s)\([a-z?/:]( there)?\)|(^|[\s(·;,:])[←→↑↓] or \S`)

// keyNamedLiterally lists the string literals of the Go files under dir
// (tests aside) that name a key: each must name it from the key map.
// The key map itself and the config file's reader and template, which
// spell keys as the file does, are the places that may.
func keyNamedLiterally(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == filepath.Join("common", "keys.go") || strings.HasPrefix(rel, "config"+string(filepath.Separator)) {
			return nil
		}
		fs := token.NewFileSet()
		f, err := parser.ParseFile(fs, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			bl, ok := n.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return true
			}
			// a literal without a space is a name, not a sentence: code
			// passing a key on (form.go's huh key map leaves out "esc")
			if s, err := strconv.Unquote(bl.Value); err == nil && strings.Contains(s, " ") && keyInText.MatchString(s) {
				out = append(out, fs.Position(bl.Pos()).String()+": "+strconv.Quote(s))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// No text of the cockpit names a key literally: a hint, a refusal or a
// question names its key from the key map (common.Named, Pair, the
// bindings' help), so a config file that rebinds the key changes the
// text too. Every package of the cockpit is read (ui and ui/…).
func TestNoKeyNamedLiterallyInText(t *testing.T) {
	for _, l := range keyNamedLiterally(t, ".") {
		t.Errorf("%s names a key literally: name it from the key map", l)
	}
}

// The guard finds the keys the texts named before they came from the key
// map, and leaves alone what only looks like one.
func TestKeyInText(t *testing.T) {
	for _, c := range []struct {
		text string
		key  bool
	}{
		{"close it (esc) and try again", true},
		{"esc goes back to the form", true},
		{" — type to filter · ↑/↓ move · enter runs the key", true},
		{" ←/→ switch gate", true},
		{"go back to Attendees (←) and mark who is here", true},
		{"u undoes it in this session", true},
		{"its status becomes rolled_back; u undoes it", true},
		{"none yet: d records go, conditional, hold, recycle or kill", true},
		{"  space marks present or absent · a adds someone else", true},
		{" %s %s · sorted by %s · s sort · / filter · r inherent/residual", true},
		{"  check --db, then press : and choose Reload, or q to quit", true},
		{"moves only through a gate review (r); here it can only stop", true},
		{"the pilot itself is deleted from the portfolio (x there)", true},
		{"could not save the drill: %w; enter tries again", true},
		{"write it in $EDITOR with ctrl+e", true},
		{": → or d on the Decision step records it", true},
		{"a conditional go needs its conditions: %s, add them with c, then decide", true},
		{"a conditional go needs its conditions: %s, add them with %s, then decide", false},
		{"rolled back ring pilot of claims-triage (active → rolled_back)", false},
		{"%w: choose another slug, or open it and press %s to edit it", false},
		{"%s adds one", false},
		{"Tab %d: %s", false},
		{"Overview tab", false},
		{"a reason saves it anyway and is audited", false},
		{"share of full benefit in months 1, 2, … e.g. 0.25, 0.5, 1", false},
		{" → stopped)", false},
		{"  ↓ ", false},
		{" Follow-up:  %d condition(s), %d action item(s)", false},
		{"the day the drill ran, YYYY-MM-DD", false},
	} {
		if got := keyInText.MatchString(c.text); got != c.key {
			t.Errorf("%q: names a key %v, want %v", c.text, got, c.key)
		}
	}
}

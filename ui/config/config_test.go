package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var actions = []string{"global.quit", "global.help", "lists.down", "lists.up", "detail.import", "palette.open"}

func TestParse(t *testing.T) {
	off := false
	tests := []struct {
		name, file string
		want       Config
	}{
		{"empty", "", Config{}},
		{"comments only", "# nothing\n", Config{}},
		{"everything", "theme: light\nmouse: false\ndatabase: /tmp/r.db\ndates: text\nkeys:\n  lists.down: [j, ctrl+n]\n  global.quit: ctrl+q\n  detail.import: []\n",
			Config{Theme: "light", Mouse: &off, Database: "/tmp/r.db", Dates: "text",
				Keys: map[string][]string{"lists.down": {"j", "ctrl+n"}, "global.quit": {"ctrl+q"}, "detail.import": {}}}},
		{"null unbinds", "keys:\n  detail.import:\n", Config{Keys: map[string][]string{"detail.import": {}}}},
		{"quoted punctuation", "keys:\n  global.help: [\"?\", f1]\n", Config{Keys: map[string][]string{"global.help": {"?", "f1"}}}},
		{"empty theme follows the terminal", "theme: \"\"\n", Config{}},
	}
	for _, tt := range tests {
		got, err := Parse("c.yaml", []byte(tt.file), actions)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// Every fault names the file and its line, and says what to write instead.
func TestParseErrorsNameTheLine(t *testing.T) {
	tests := []struct{ file, want string }{
		{"theme: dark\ncolour: red\n", `c.yaml:2: unknown setting "colour"`},
		{"theme: purple\n", `c.yaml:1: theme "purple" does not exist: use one of dark, light`},
		{"mouse: maybe\n", `c.yaml:1: mouse must be true or false`},
		{"dates: roman\n", `c.yaml:1: dates "roman" does not exist`},
		{"keys:\n  lists.down: [j]\n  lists.sideways: [x]\n", `c.yaml:3: unknown key action "lists.sideways"`},
		{"keys:\n  lists.down: [jj]\n", `c.yaml:2: lists.down: "jj" is not a key`},
		{"keys:\n  lists.down: {a: b}\n", `c.yaml:2: lists.down: give a key or a list of keys`},
		{"keys: [j]\n", `c.yaml:1: keys must map action names to keys`},
		{"theme: dark\ntheme: light\n", `c.yaml:2: theme is set twice (first on line 1)`},
		{"theme: dark\n  mouse: [\n", `c.yaml:2: not valid YAML`},
		{"- a\n- b\n", `c.yaml:1: the config file must be a mapping`},
		{"database: [a]\n", `c.yaml:1: database must be a file path`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.file), actions)
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%q: error %v, want a *config.Error", tt.file, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n got %s\nwant %s…", tt.file, err, tt.want)
		}
	}
}

// The file init writes sets every default and reads back as exactly them.
func TestInitReadsBackAsTheDefaults(t *testing.T) {
	bs := []Binding{
		{"global.quit", []string{"q"}, "quit"}, {"global.help", []string{"?"}, "help"},
		{"lists.down", []string{"down", "j"}, "down"}, {"lists.up", []string{"up", "k", "[", ":"}, "up"},
		{"detail.import", []string{"i", "y", "n", "-", "#"}, "import"},
	}
	data := Init(bs)
	c, err := Parse("init.yaml", data, actions)
	if err != nil {
		t.Fatalf("init file does not parse: %v\n%s", err, data)
	}
	if c.Theme != "" || c.Mouse == nil || !*c.Mouse || c.Dates != "iso" || c.Database != "" {
		t.Errorf("init settings: %+v", c)
	}
	for _, b := range bs {
		if !reflect.DeepEqual(c.Keys[b.Action], b.Keys) {
			t.Errorf("%s reads back as %q, want %q", b.Action, c.Keys[b.Action], b.Keys)
		}
	}
	if !strings.Contains(string(data), "  # lists\n") || !strings.Contains(string(data), "# quit") {
		t.Errorf("init file has no section comments or help:\n%s", data)
	}
}

func TestPathAndLoad(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": dir}
	home := func() (string, error) { return "/home/me", nil }
	p, err := Path(func(k string) string { return env[k] }, home)
	if err != nil || p != filepath.Join(dir, "ringside", "config.yaml") {
		t.Fatalf("Path with XDG_CONFIG_HOME: %q %v", p, err)
	}
	env = map[string]string{"XDG_CONFIG_HOME": "relative/ignored"}
	if p, _ := Path(func(k string) string { return env[k] }, home); p != "/home/me/.config/ringside/config.yaml" {
		t.Errorf("Path without an absolute XDG_CONFIG_HOME: %q", p)
	}
	// a missing file sets nothing
	c, err := Load(filepath.Join(dir, "none.yaml"), actions)
	if err != nil || !reflect.DeepEqual(c, Config{}) {
		t.Errorf("missing file: %+v %v", c, err)
	}
	f := filepath.Join(dir, "c.yaml")
	os.WriteFile(f, []byte("theme: light\nbogus: 1\n"), 0o644)
	if _, err := Load(f, actions); err == nil || !strings.HasPrefix(err.Error(), f+":2: ") {
		t.Errorf("Load error %v, want %s:2: …", err, f)
	}
}

func TestShowListsChangedKeys(t *testing.T) {
	c := Config{Theme: "light", Keys: map[string][]string{"lists.down": {"ctrl+n"}}}
	got := Show(c, map[string][]string{"lists.down": {"down", "j"}, "lists.up": {"up", "k"}})
	for _, want := range []string{"theme: light", "mouse: true", "dates: iso", "lists.down: [ctrl+n] # default [down, j]"} {
		if !strings.Contains(got, want) {
			t.Errorf("show lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "lists.up") {
		t.Errorf("show lists an unchanged key:\n%s", got)
	}
}

// Parse never panics, and every error it returns names the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("theme: light\nkeys:\n  lists.down: [j]\n"))
	f.Add([]byte("keys:\n  global.quit:\n"))
	f.Add([]byte("mouse: [\n"))
	f.Add(Init([]Binding{{"global.quit", []string{"q"}, "quit"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse("f.yaml", data, actions)
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Errorf("error does not name the file: %v", err)
		}
	})
}

// Package config reads the cockpit's config file,
// $XDG_CONFIG_HOME/ringside/config.yaml (else ~/.config/ringside/config.yaml):
// theme, mouse, default database, date display and every key binding by
// action name. Parse is pure (bytes in, settings or a FILE:LINE error out);
// Load is the one function that touches the file system.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is what a config file sets. A zero field means "not set": the
// command line's flag, or the built-in default, applies.
type Config struct {
	Theme    string // dark, light, high-contrast, no-color; "" follows the terminal
	Mouse    *bool  // nil: mouse on
	Database string // default database file (after --db and $RINGSIDE_DB)
	Dates    string // date display: "iso" (2026-11-20, the default) or "text" (20 Nov 2026)
	// Keys rebinds actions by name: an empty list unbinds the action.
	Keys map[string][]string
}

// Themes and DateStyles are the values the file may name.
var (
	Themes     = []string{"dark", "light", "high-contrast", "no-color"}
	DateStyles = []string{"iso", "text"}
)

// Error is a fault in a config file, at its line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Path is where the config file lives: $XDG_CONFIG_HOME/ringside/config.yaml,
// else ~/.config/ringside/config.yaml. getenv and home are the process's
// (os.Getenv, os.UserHomeDir) outside tests.
func Path(getenv func(string) string, home func() (string, error)) (string, error) {
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "ringside", "config.yaml"), nil
	}
	h, err := home()
	if err != nil || h == "" {
		return "", fmt.Errorf("no config directory: set XDG_CONFIG_HOME or HOME")
	}
	return filepath.Join(h, ".config", "ringside", "config.yaml"), nil
}

// Load reads the file at path. A missing file is no error: it sets
// nothing. actions are the names a key binding may use.
func Load(path string, actions []string) (Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, &Error{File: path, Msg: fmt.Sprintf("cannot read the config file: %v", err)}
	}
	return Parse(path, b, actions)
}

// Parse reads a config file's bytes; name is the file's name in errors.
// Every fault names its line: an unknown setting or action, a value of the
// wrong kind, a theme or date style that does not exist.
func Parse(name string, data []byte, actions []string) (Config, error) {
	var c Config
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, yamlError(name, err)
	}
	if len(doc.Content) == 0 { // empty file, or only comments
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return c, &Error{name, root.Line, "the config file must be a mapping of settings (theme: dark, keys: …)"}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if at, dup := seen[k.Value]; dup {
			return c, &Error{name, k.Line, fmt.Sprintf("%s is set twice (first on line %d)", k.Value, at)}
		}
		seen[k.Value] = k.Line
		var err error
		switch k.Value {
		case "theme":
			c.Theme, err = oneOf(name, v, "theme", Themes)
		case "mouse":
			var on bool
			if v.Kind != yaml.ScalarNode || v.Decode(&on) != nil || v.Tag != "!!bool" {
				return c, &Error{name, v.Line, fmt.Sprintf("mouse must be true or false, not %q", v.Value)}
			}
			c.Mouse = &on
		case "database":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" && v.Tag != "!!null" {
				return c, &Error{name, v.Line, "database must be a file path"}
			}
			c.Database = v.Value
			if v.Tag == "!!null" {
				c.Database = ""
			}
		case "dates":
			c.Dates, err = oneOf(name, v, "dates", DateStyles)
		case "keys":
			c.Keys, err = keys(name, v, actions)
		default:
			return c, &Error{name, k.Line, fmt.Sprintf("unknown setting %q (the settings are theme, mouse, database, dates, keys)", k.Value)}
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

func oneOf(name string, v *yaml.Node, what string, allowed []string) (string, error) {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "") {
		return "", nil
	}
	if v.Kind != yaml.ScalarNode || !slices.Contains(allowed, v.Value) {
		return "", &Error{name, v.Line, fmt.Sprintf("%s %q does not exist: use one of %s", what, v.Value, strings.Join(allowed, ", "))}
	}
	return v.Value, nil
}

// keys reads the keys mapping: action name → a key or a list of keys;
// [] (or null) unbinds the action.
func keys(name string, v *yaml.Node, actions []string) (map[string][]string, error) {
	if v.Kind != yaml.MappingNode {
		return nil, &Error{name, v.Line, "keys must map action names to keys, e.g. `lists.down: [down, j]`"}
	}
	out := map[string][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !slices.Contains(actions, k.Value) {
			return nil, &Error{name, k.Line, fmt.Sprintf("unknown key action %q (ringside config init writes every action with its keys)", k.Value)}
		}
		if _, dup := out[k.Value]; dup {
			return nil, &Error{name, k.Line, fmt.Sprintf("%s is bound twice", k.Value)}
		}
		var ks []string
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
		case val.Kind == yaml.ScalarNode:
			ks = []string{val.Value}
		case val.Kind == yaml.SequenceNode:
			for _, e := range val.Content {
				if e.Kind != yaml.ScalarNode || e.Value == "" {
					return nil, &Error{name, e.Line, fmt.Sprintf("%s: each key is a name like j, ctrl+d or enter", k.Value)}
				}
				ks = append(ks, e.Value)
			}
		default:
			return nil, &Error{name, val.Line, fmt.Sprintf("%s: give a key or a list of keys", k.Value)}
		}
		for _, s := range ks {
			if err := checkKey(s); err != "" {
				return nil, &Error{name, val.Line, fmt.Sprintf("%s: %q %s", k.Value, s, err)}
			}
		}
		if ks == nil {
			ks = []string{}
		}
		out[k.Value] = ks
	}
	return out, nil
}

// namedKeys are the key names a binding may use besides one character.
var namedKeys = []string{"enter", "tab", "esc", "space", "backspace", "delete", "up", "down", "left", "right",
	"pgup", "pgdown", "home", "end", "insert", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"}

// checkKey reports what is wrong with a key name ("" when nothing is):
// one character, or a named key, after any of ctrl+, alt+, shift+.
func checkKey(s string) string {
	rest := s
	for _, m := range []string{"ctrl+", "alt+", "shift+"} {
		if strings.HasPrefix(rest, m) && len(rest) > len(m) {
			rest = rest[len(m):]
		}
	}
	if len([]rune(rest)) == 1 || slices.Contains(namedKeys, rest) {
		return ""
	}
	return "is not a key: write one character (j, G, ?), a named key (" + strings.Join(namedKeys[:10], ", ") + ", …) or ctrl+/alt+/shift+ before one"
}

// yamlError turns the YAML reader's message ("yaml: line 3: …") into FILE:LINE.
func yamlError(name string, err error) error {
	msg := err.Error()
	var line int
	if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &line); scanErr == nil {
		if i := strings.Index(msg, ": "); i >= 0 {
			if j := strings.Index(msg[i+2:], ": "); j >= 0 {
				msg = msg[i+2+j+2:]
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &Error{name, line, "not valid YAML: " + msg}
}

// Binding is one action and its default keys, for Init.
type Binding struct {
	Action string
	Keys   []string
	Help   string
}

// Init is a commented config file that sets every default: the file
// `ringside config init` writes. Reading it back changes nothing.
func Init(bindings []Binding) []byte {
	var b strings.Builder
	b.WriteString(`# ringside cockpit configuration. Every line shows the default; edit what
# you want to change and delete the rest if you like. ringside config show
# prints what is in force; an error names this file and its line.

# theme: dark, light, high-contrast or no-color; empty follows the
# terminal's background (the --theme flag wins over this).
theme: ""

# mouse: false turns the mouse off for good (as --no-mouse does).
mouse: true

# database: the database used when neither --db nor $RINGSIDE_DB names one
# (empty: $XDG_DATA_HOME/ringside/ringside.db).
database: ""

# dates: how the cockpit shows dates: iso (2026-11-20) or text (20 Nov 2026).
dates: iso

# keys: every action of the cockpit and its keys. Give a key or a list of
# keys (j, G, ?, enter, ctrl+d, shift+tab, space…); [] unbinds the action.
keys:
`)
	section := ""
	for _, kb := range bindings {
		if s, _, _ := strings.Cut(kb.Action, "."); s != section {
			if section != "" {
				b.WriteByte('\n')
			}
			section = s
			fmt.Fprintf(&b, "  # %s\n", s)
		}
		quoted := make([]string, len(kb.Keys))
		for i, k := range kb.Keys {
			quoted[i] = yamlKey(k)
		}
		fmt.Fprintf(&b, "  %s: [%s] # %s\n", kb.Action, strings.Join(quoted, ", "), kb.Help)
	}
	return []byte(b.String())
}

// yamlKey writes a key name so YAML reads it back as that string.
func yamlKey(k string) string {
	if strings.ContainsAny(k, ":?[]{},#&*!|>'\"%@`-") || k == "" || k == "y" || k == "n" || k == "Y" || k == "N" {
		return `"` + strings.ReplaceAll(k, `"`, `\"`) + `"`
	}
	return k
}

// Show is the settings in force as YAML-like lines: each setting and the
// keys that differ from the defaults (defaults: action → keys).
func Show(c Config, defaults map[string][]string) string {
	var b strings.Builder
	theme := c.Theme
	if theme == "" {
		theme = `"" (follows the terminal)`
	}
	mouse := true
	if c.Mouse != nil {
		mouse = *c.Mouse
	}
	dates := c.Dates
	if dates == "" {
		dates = "iso"
	}
	db := c.Database
	if db == "" {
		db = `"" (the default database)`
	}
	fmt.Fprintf(&b, "theme: %s\nmouse: %v\ndatabase: %s\ndates: %s\nkeys:\n", theme, mouse, db, dates)
	names := make([]string, 0, len(defaults))
	for n := range defaults {
		names = append(names, n)
	}
	slices.Sort(names)
	changed := 0
	for _, n := range names {
		ks, ok := c.Keys[n]
		if !ok {
			continue
		}
		changed++
		quoted := make([]string, len(ks))
		for i, k := range ks {
			quoted[i] = yamlKey(k)
		}
		fmt.Fprintf(&b, "  %s: [%s] # default [%s]\n", n, strings.Join(quoted, ", "), strings.Join(defaults[n], ", "))
	}
	if changed == 0 {
		b.WriteString("  # every key as it comes (ringside config init lists them)\n")
	}
	return b.String()
}
